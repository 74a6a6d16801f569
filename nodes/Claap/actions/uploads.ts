import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GUESSES } from '../helpers/apiContract';
import type { MediaToUpload } from '../helpers/media';
import { mediaSummary } from '../helpers/media';
import { transcriptSummary } from '../helpers/transcriptInput';
import type { ClaapTranscript } from '../transcript';
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
		contentType: GUESSES.mediaContentTypeIsFileMimeType ? media.contentType : 'application/octet-stream',
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
