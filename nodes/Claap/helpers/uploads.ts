import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GUESSES } from './apiContract';
import { InvalidParameterError, recordingOfItem, resumableError } from './errors';
import type { MediaToUpload } from './media';
import { mediaSummary } from './media';
import { transcriptSummary } from './transcriptInput';
import { withItemBinary, withUpload } from './uploadOutput';
import { isHttpUrl } from './validation';
import type { ClaapTranscript } from '../transcriptFormats';
import type { RequestPolicy } from '../transport';
import { putToSignedUrl } from '../transport';

/** Streams checked media to a recording's upload URL; returns what the output says of it. */
export async function sendMedia(
	this: IExecuteFunctions,
	url: string,
	media: MediaToUpload,
	policy: RequestPolicy,
	itemIndex: number,
): Promise<IDataObject> {
	await putToSignedUrl.call(this, {
		url,
		open: media.file.open,
		contentType: GUESSES.mediaContentTypeIsFileMimeType
			? media.contentType
			: 'application/octet-stream',
		contentLength: media.file.byteLength,
		what: 'media',
		itemIndex,
		policy,
	});
	return mediaSummary(media);
}

/** Sends a checked transcript to a recording's transcript URL; returns what the output says of it. */
export async function sendTranscript(
	this: IExecuteFunctions,
	url: string,
	transcript: ClaapTranscript,
	policy: RequestPolicy,
	itemIndex: number,
): Promise<IDataObject> {
	const payload = Buffer.from(JSON.stringify({ transcript }), 'utf8');
	await putToSignedUrl.call(this, {
		url,
		open: async () => payload,
		contentType: GUESSES.transcriptContentType,
		contentLength: payload.length,
		what: 'transcript',
		itemIndex,
		policy,
	});
	return transcriptSummary(transcript, payload.length);
}

/** The upload URL an upload operation reads, checked before anything is sent. */
export function uploadUrlParameter(
	this: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; displayName: string; fix: string },
): string {
	const url = String(this.getNodeParameter(parameter.name, itemIndex, '') ?? '').trim();
	if (!isHttpUrl(url)) {
		throw new InvalidParameterError(
			parameter.displayName,
			url ? `"${url}" is not an http(s) URL` : 'is empty',
			parameter.fix,
		);
	}
	return url;
}

/**
 * The tail Upload Media and Transcript → Upload share: send to the signed URL, make a failure
 * resumable from the item, and output the item with its files and what arrived.
 */
export async function uploadForItem(
	this: IExecuteFunctions,
	itemIndex: number,
	upload: {
		field: 'url' | 'metaUrl';
		url: string;
		key: 'media' | 'transcript';
		/** How to resume, said in the error. */
		resume: string;
		send(): Promise<IDataObject>;
	},
): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[itemIndex];
	let summary;
	try {
		summary = await upload.send();
	} catch (error) {
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			recordingOfItem(item.json, { [upload.field]: upload.url }),
			upload.resume,
		);
	}
	const json = withUpload(
		item.json,
		{ field: upload.field, value: upload.url },
		{ key: upload.key, summary },
	);
	return [withItemBinary(item, json)];
}
