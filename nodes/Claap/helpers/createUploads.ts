import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CreateInputs } from './createInputs';
import type { CreateProgress } from './createProgress';
import { resumableError } from './errors';
import { withItemBinary } from './uploadOutput';
import { sendMedia, sendTranscript } from './uploads';
import { mediaHintsOfCreate } from './waitSchedule';
import { RECORDING_FAILED_HINT, waitUntilReady } from './waitForRecording';

/** The upload URLs the user still needs after this step: those left for later. */
function urlsLeftForLater(inputs: CreateInputs, upload: IDataObject): IDataObject {
	const later: IDataObject = {};
	if (inputs.mediaSource === 'none' && upload.url) later.url = upload.url;
	if (inputs.transcriptSource === 'uploadLater' && upload.metaUrl) later.metaUrl = upload.metaUrl;
	return later;
}

/** Sends what has not arrived yet; a failure hands over the recording and the URLs still needed. */
export async function sendCreateUploads(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	progress: CreateProgress,
	itemIndex: number,
): Promise<void> {
	const { media, transcript, policy } = inputs;
	const { recording, uploaded } = progress;
	const upload = (recording.upload ?? {}) as IDataObject;
	if (progress.uploadsDone) return;
	try {
		// Without the URLs it needs, the recording could never be completed: say so now.
		if (inputs.mediaSource !== 'url' && typeof upload.url !== 'string')
			throw missingUploadUrl.call(this, 'upload.url', itemIndex);
		if (inputs.transcriptSource !== 'none' && typeof upload.metaUrl !== 'string') {
			throw missingUploadUrl.call(this, 'upload.metaUrl', itemIndex);
		}
		if (media && !uploaded.media)
			uploaded.media = await sendMedia.call(this, upload.url as string, media, policy, itemIndex);
		if (transcript && !uploaded.transcript) {
			uploaded.transcript = await sendTranscript.call(
				this,
				upload.metaUrl as string,
				transcript,
				policy,
				itemIndex,
			);
		}
	} catch (error) {
		// Whatever did not arrive can still be sent to the same URLs: hand them over.
		const pending = urlsLeftForLater(inputs, upload);
		if (media && !uploaded.media) pending.url = upload.url;
		if (transcript && !uploaded.transcript) pending.metaUrl = upload.metaUrl;
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			{
				id: String(recording.id),
				url: recording.url as string,
				state: recording.state as string,
				upload: pending,
			},
			'Send what is missing to the URLs in the error details: Recording → Upload Media for the media, Transcript → Upload for the transcript.',
		);
	}
	// Only what this run sent: a recording found already had its link.
	if (inputs.mediaSource === 'url' && !progress.alreadyCreated)
		uploaded.downloadUrl = inputs.body.downloadUrl;
	progress.uploadsDone = true;
}

export async function waitIfAsked(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	{ recording, uploaded, alreadyCreated }: CreateProgress,
	itemIndex: number,
): Promise<IDataObject> {
	if (!inputs.wait) return recording;
	try {
		// Files just sent: the first check waits for the time Claap is expected to take (an earlier
		// recording found may be long Ready, so it is checked at once).
		const lastSpoken = inputs.transcript?.segments.reduce(
			(end, segment) => Math.max(end, segment.end),
			0,
		);
		const hints = mediaHintsOfCreate(
			inputs.body,
			uploaded.media as IDataObject | undefined,
			lastSpoken,
		);
		return await waitUntilReady.call(
			this,
			String(recording.id),
			inputs.wait,
			itemIndex,
			inputs.policy,
			{ hints, checkAtOnce: alreadyCreated === true },
		);
	} catch (error) {
		const failed = (error as { description?: string }).description === RECORDING_FAILED_HINT;
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			{
				id: String(recording.id),
				url: recording.url as string,
				state: failed ? 'Failed' : (recording.state as string),
			},
			failed
				? 'Everything was sent.'
				: 'Everything was sent: check it later with Recording → Wait Until Ready or Get.',
		);
	}
}

function missingUploadUrl(this: IExecuteFunctions, field: string, itemIndex: number): NodeApiError {
	return new NodeApiError(this.getNode(), {} as JsonObject, {
		message: `Claap created the recording but returned no ${field}`,
		description:
			"Claap's answer lacked the upload URL. Try again later; if it persists, report it to Claap support.",
		itemIndex,
	});
}

/** Create's output: the recording, the upload URLs still needed (the others are spent), what arrived. */
export function createOutput(
	item: INodeExecutionData,
	inputs: CreateInputs,
	progress: CreateProgress,
	current: IDataObject,
): INodeExecutionData {
	const json: IDataObject = { ...current };
	delete json.upload;
	const later = urlsLeftForLater(inputs, (progress.recording.upload ?? {}) as IDataObject);
	if (Object.keys(later).length > 0) json.upload = later;
	json.uploaded = progress.uploaded;
	if (progress.alreadyCreated) json.alreadyCreated = true;
	return withItemBinary(item, json);
}
