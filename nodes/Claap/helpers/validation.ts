import { MEDIA_FORMATS } from './apiContract';

export { isEmail } from '../transcriptFormats';

export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/** Claap's format for a MIME type or file name, with the Content-Type to send; undefined if Claap refuses it. */
export function mediaFormatOf(
	mimeType: string | undefined,
	fileName: string | undefined,
): { format: string; contentType: string } | undefined {
	const mime = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	const extension = (fileName ?? '').toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
	for (const [format, { mimeTypes }] of Object.entries(MEDIA_FORMATS)) {
		if (mimeTypes.includes(mime)) return { format, contentType: mime };
	}
	for (const [format, { mimeTypes, extensions }] of Object.entries(MEDIA_FORMATS)) {
		// A generic or missing MIME type is common for files from disk or FTP: trust the extension.
		if (extension && extensions.includes(extension)) return { format, contentType: mimeTypes[0] };
	}
	return undefined;
}

export const ACCEPTED_MEDIA_FORMATS = Object.keys(MEDIA_FORMATS).join(', ');
