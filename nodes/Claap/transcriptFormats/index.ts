import { assemblyAiJson } from './assemblyAiJson';
import { awsTranscribeJson } from './awsTranscribeJson';
import { claapUploadJson } from './claapJson';
import { claapReadJson } from './claapReadJson';
import { deepgramJson } from './deepgramJson';
import { stripBom } from './json';
import { plainText } from './plainText';
import { srt } from './srt';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';
import { webVtt } from './webVtt';
import { whisperJson } from './whisperJson';

export * from './types';
export { findTranscriptProblem } from './validate';
export { fromClaapReadJson } from './claapReadJson';
export { ZERO_LENGTH_CUE_MS } from './cues';
export { isEmail } from './email';
export { isLanguageCode, toLangIso2 } from './language';
export {
	estimateLastLineMs,
	LAST_LINE_MAX_MS,
	LAST_LINE_MIN_MS,
	LAST_LINE_MS_PER_WORD,
} from './plainText';
export type { SpeakerMappingRow } from './speakers';
export { applySpeakerMapping, findUnmatchedSpeakerMappings, speakersOf } from './speakers';
export type { TranscriptFile, TranscriptWriter } from './writers';
export { TRANSCRIPT_WRITERS, writeTranscript } from './writers';

/**
 * Every readable format, in Auto-Detect order. JSON formats come first and are told apart by their
 * structure (Claap's two shapes before the services, whose shapes are looser); then the text
 * formats, from the most to the least distinctive signature.
 */
export const TRANSCRIPT_READERS: TranscriptReader[] = [
	claapUploadJson,
	claapReadJson,
	whisperJson,
	deepgramJson,
	assemblyAiJson,
	awsTranscribeJson,
	webVtt,
	srt,
	plainText,
];

export const AUTO_DETECT = 'auto';

export function acceptedFormatNames(): string {
	return TRANSCRIPT_READERS.map((reader) => reader.name).join(', ');
}

function unrecognised(what: string): TranscriptFormatError {
	return new TranscriptFormatError(
		'Unrecognised',
		'whole file',
		`${what}. Accepted formats: ${acceptedFormatNames()}`,
	);
}

/** JSON is parsed once and offered to each JSON format, rather than parsed by each in turn. */
function readDetectedJson(content: string): ClaapTranscript {
	let document: unknown;
	try {
		document = JSON.parse(content);
	} catch (error) {
		throw unrecognised(
			`the file starts like JSON but is not valid JSON (${(error as Error).message})`,
		);
	}
	const reader = TRANSCRIPT_READERS.find((candidate) => candidate.json?.matches(document));
	if (!reader?.json) throw unrecognised('the JSON does not match any known transcript format');
	return reader.json.convert(document);
}

/** Converts a transcript file's text to Claap's upload shape, in the given or detected format. */
export function readTranscript(text: string, format: string, fileName?: string): ClaapTranscript {
	const content = stripBom(text);
	if (format !== AUTO_DETECT) {
		const reader = TRANSCRIPT_READERS.find((candidate) => candidate.id === format);
		if (!reader) throw unrecognised(`"${format}" is not a known transcript format`);
		return reader.read(content);
	}
	// Every JSON format is an object; "[00:00:05] Ada: …" is plain text, not a JSON array.
	if (content.trimStart().charCodeAt(0) === 123 /* { */) return readDetectedJson(content);
	const reader = TRANSCRIPT_READERS.find(
		(candidate) => !candidate.json && candidate.detect(content, fileName),
	);
	if (!reader) throw unrecognised('the format could not be recognised');
	return reader.read(content);
}
