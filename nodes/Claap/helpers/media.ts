import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_MEDIA_BYTES } from './apiContract';
import type { ItemBinary } from './binary';
import { getItemBinary } from './binary';
import { InvalidParameterError } from './errors';
import { ACCEPTED_MEDIA_FORMATS, mediaFormatOf } from './validation';

export interface MediaToUpload {
	file: ItemBinary;
	contentType: string;
}

/** Checks the media file in Input Binary Field before anything is sent, so a bad file never costs quota. */
export async function mediaFromItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<MediaToUpload> {
	const parameter = 'Input Binary Field';
	const file = await getItemBinary.call(this, itemIndex, 'binaryPropertyName', parameter);
	if (file.byteLength <= 0) {
		throw new InvalidParameterError(
			parameter,
			'the file is empty (0 bytes)',
			'Check the step that produced the file.',
		);
	}
	if (file.byteLength > MAX_MEDIA_BYTES) {
		throw new InvalidParameterError(
			parameter,
			`the file is ${file.byteLength} bytes; Claap accepts at most 2 GiB`,
			'Compress or split the media first.',
		);
	}
	const format = mediaFormatOf(file.mimeType, file.fileName);
	if (!format) {
		throw new InvalidParameterError(
			parameter,
			`"${file.fileName ?? 'the file'}" (${file.mimeType || 'no MIME type'}) is not a format Claap accepts`,
			`Claap accepts ${ACCEPTED_MEDIA_FORMATS}. Convert the file first, or fix its MIME type or file name extension.`,
		);
	}
	return { file, contentType: format.contentType };
}

/** What the output says of uploaded media. */
export function mediaSummary(media: MediaToUpload): IDataObject {
	return {
		bytes: media.file.byteLength,
		contentType: media.contentType,
		...(media.file.fileName ? { fileName: media.file.fileName } : {}),
	};
}
