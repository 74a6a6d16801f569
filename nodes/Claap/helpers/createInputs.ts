import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ClaapTranscript } from '../transcriptFormats';
import type { RequestPolicy } from '../transport';
import { requestPolicyOf } from '../transport';
import type { ReuseSettings } from './earlierRecording';
import { reuseSettingsFrom } from './earlierRecording';
import { InvalidParameterError } from './errors';
import type { MediaToUpload } from './media';
import { mediaFromItem } from './media';
import type { ParticipantRow } from './recordingBody';
import { buildCreateRecordingBody } from './recordingBody';
import type { TranscriptSource } from './transcriptInput';
import { getTranscriptFromParameters } from './transcriptInput';
import type { WaitOptions } from './waitForRecording';
import { waitOptionsFrom } from './waitForRecording';

/** Everything Create needs, read and checked before anything is sent. */
export interface CreateInputs {
	body: IDataObject;
	mediaSource: 'binary' | 'url' | 'none';
	transcriptSource: TranscriptSource;
	media?: MediaToUpload;
	transcript?: ClaapTranscript;
	wait?: WaitOptions;
	reuse: ReuseSettings;
	policy: RequestPolicy;
}

/**
 * Additional Fields with node version 1.2's Meeting group read as the flat fields of earlier
 * versions. A Deal CRM without a Deal ID is no deal there: the group always holds a CRM.
 */
function meetingFieldsFlattened(additionalFields: IDataObject): IDataObject {
	const meeting = (additionalFields.meeting as IDataObject | undefined)?.details as
		| IDataObject
		| undefined;
	if (!meeting) return additionalFields;
	const { dealId, dealCrmType, ...times } = meeting;
	const hasDeal = typeof dealId === 'string' ? dealId.trim() !== '' : dealId !== undefined;
	return { ...additionalFields, ...times, ...(hasDeal ? { dealId, dealCrmType } : {}) };
}

/**
 * From node version 1.2 Wait Until Ready is a field of its own, hidden (so not asked) while an
 * upload is left for later; before, one of the options, refused in that case.
 */
function waitAsked(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	uploadLeftForLater: boolean,
): boolean {
	if (this.getNode().typeVersion < 1.2) return options.waitUntilReady === true;
	return !uploadLeftForLater && this.getNodeParameter('waitUntilReady', itemIndex, false) === true;
}

export async function readCreateInputs(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<CreateInputs> {
	const mediaSource = this.getNodeParameter(
		'mediaSource',
		itemIndex,
	) as CreateInputs['mediaSource'];
	const transcriptSource = this.getNodeParameter('transcriptSource', itemIndex) as TranscriptSource;
	const additionalFields = meetingFieldsFlattened(
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const body = buildCreateRecordingBody({
		authorEmail: this.getNodeParameter('authorEmail', itemIndex) as string,
		title: additionalFields.title as string | undefined,
		folderId: additionalFields.folderId as string | undefined,
		source: additionalFields.source as string | undefined,
		meetingStartedAt: additionalFields.meetingStartedAt,
		meetingEndedAt: additionalFields.meetingEndedAt,
		participants: ((additionalFields.participants as IDataObject | undefined)?.participant ??
			[]) as ParticipantRow[],
		dealId: additionalFields.dealId as string | undefined,
		dealCrmType: additionalFields.dealCrmType as string | undefined,
		// An expression yielding nothing must still be refused as an empty Media URL.
		downloadUrl:
			mediaSource === 'url'
				? (this.getNodeParameter('downloadUrl', itemIndex, '') ?? '')
				: undefined,
		announceTranscript: transcriptSource !== 'none',
		timeZone: this.getTimezone(),
	});
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const uploadLeftForLater = mediaSource === 'none' || transcriptSource === 'uploadLater';
	const wait = waitAsked.call(this, itemIndex, options, uploadLeftForLater)
		? waitOptionsFrom(options)
		: undefined;
	if (wait && uploadLeftForLater) {
		throw new InvalidParameterError(
			'Wait Until Ready',
			'the recording cannot become ready while an upload is left for later',
			'Turn Wait Until Ready off and use Recording → Wait Until Ready after the last upload.',
		);
	}
	const reuse = reuseSettingsFrom(options);
	const media = mediaSource === 'binary' ? await mediaFromItem.call(this, itemIndex) : undefined;
	const transcript =
		transcriptSource === 'binary' || transcriptSource === 'fields'
			? await getTranscriptFromParameters.call(this, itemIndex, transcriptSource)
			: undefined;
	return {
		body,
		mediaSource,
		transcriptSource,
		media,
		transcript,
		wait,
		reuse,
		policy: requestPolicyOf.call(this, itemIndex),
	};
}
