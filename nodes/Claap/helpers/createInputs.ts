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

export async function readCreateInputs(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<CreateInputs> {
	const mediaSource = this.getNodeParameter(
		'mediaSource',
		itemIndex,
	) as CreateInputs['mediaSource'];
	const transcriptSource = this.getNodeParameter('transcriptSource', itemIndex) as TranscriptSource;
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
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
	const wait = options.waitUntilReady === true ? waitOptionsFrom(options) : undefined;
	if (wait && (mediaSource === 'none' || transcriptSource === 'uploadLater')) {
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
