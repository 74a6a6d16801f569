import { MEDIA_FORMATS } from '../../../nodes/Claap/helpers/apiContract';
import { baseContentType } from './http';

/** Bytes needed to recognise every supported container. */
export const SNIFF_BYTES = 16;

const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const ASF_HEADER_GUID_START = Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]);

/** The MEDIA_FORMATS key a Content-Type names, if any. */
export function formatForContentType(header: string | undefined): string | undefined {
	const type = baseContentType(header);
	return Object.keys(MEDIA_FORMATS).find((format) =>
		MEDIA_FORMATS[format].mimeTypes.includes(type),
	);
}

/** Recognises a supported format from the first bytes of a file (magic numbers), like Claap's processing would. */
export function sniffMediaFormat(head: Buffer): string | undefined {
	const ascii = (start: number, end: number) => head.subarray(start, end).toString('latin1');
	if (ascii(0, 4) === 'RIFF') {
		if (ascii(8, 12) === 'WAVE') return 'wav';
		if (ascii(8, 12) === 'AVI ') return 'avi';
	}
	if (ascii(4, 8) === 'ftyp') return 'mp4';
	if (head.subarray(0, 4).equals(EBML_MAGIC)) return 'webm';
	if (head.subarray(0, 8).equals(ASF_HEADER_GUID_START)) return 'wmv';
	if (ascii(0, 3) === 'ID3') return 'mp3';
	if (head.length >= 2 && head[0] === 0xff) return frameSyncFormat(head[1]);
	return undefined;
}

/** Raw audio streams start with a frame header: 0xFFF + layer 00 is AAC (ADTS), 0xFFE + a real layer is MPEG audio. */
function frameSyncFormat(secondByte: number): string | undefined {
	if ((secondByte & 0xf6) === 0xf0) return 'aac';
	const version = (secondByte >> 3) & 0b11;
	const layer = (secondByte >> 1) & 0b11;
	if ((secondByte & 0xe0) === 0xe0 && version !== 0b01 && layer !== 0b00) return 'mp3';
	return undefined;
}
