import { claapUploadJson } from './claapJson';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';

export * from './types';
export { findTranscriptProblem } from './validate';

/** Every readable format, in Auto-Detect order. */
export const TRANSCRIPT_READERS: TranscriptReader[] = [claapUploadJson];

export const AUTO_DETECT = 'auto';

export function acceptedFormatNames(): string {
	return TRANSCRIPT_READERS.map((reader) => reader.name).join(', ');
}

/** Converts a transcript file's text to Claap's upload shape, in the given or detected format. */
export function readTranscript(text: string, format: string, fileName?: string): ClaapTranscript {
	const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const reader =
		format === AUTO_DETECT
			? TRANSCRIPT_READERS.find((candidate) => candidate.detect(content, fileName))
			: TRANSCRIPT_READERS.find((candidate) => candidate.id === format);
	if (!reader) {
		throw new TranscriptFormatError(
			'Unrecognised',
			'whole file',
			`the format could not be recognised. Accepted formats: ${acceptedFormatNames()}`,
		);
	}
	return reader.read(content);
}
