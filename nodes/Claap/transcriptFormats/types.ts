/** One spoken segment in Claap's upload shape; times in seconds. */
export interface TranscriptSegment {
	start: number;
	end: number;
	speakerId: string;
	text: string;
}

export interface TranscriptSpeaker {
	speakerId: string;
	name?: string;
	email?: string;
	isRecorder?: boolean;
}

/** The body Claap expects under `transcript` on `upload.metaUrl`. */
export interface ClaapTranscript {
	langIso2?: string;
	segments: TranscriptSegment[];
	speakers?: TranscriptSpeaker[];
}

/**
 * A transcript file format the node can read. Every format converts to Claap's upload shape,
 * so the operations never care where a transcript came from.
 */
export interface TranscriptReader {
	/** Value of the Transcript Format parameter. */
	id: string;
	/** Display name, used in messages such as "accepted formats are …". */
	name: string;
	/** Whether the text looks like this format (used by Auto-Detect). */
	detect(text: string, fileName?: string): boolean;
	/** Converts the text, throwing TranscriptFormatError on malformed input. */
	read(text: string): ClaapTranscript;
	/**
	 * JSON formats also work on an already parsed document, so Auto-Detect parses a large file
	 * once rather than once per JSON format.
	 */
	json?: JsonTranscriptFormat;
}

export interface JsonTranscriptFormat {
	/** Whether the parsed document looks like this format. */
	matches(document: unknown): boolean;
	/** Converts the parsed document, throwing TranscriptFormatError on malformed input. */
	convert(document: unknown): ClaapTranscript;
}

/** Malformed input: `location` names where (line, cue, field), `reason` what is wrong. */
export class TranscriptFormatError extends Error {
	constructor(
		readonly format: string,
		readonly location: string,
		readonly reason: string,
	) {
		super(`${format} transcript, ${location}: ${reason}`);
		this.name = 'TranscriptFormatError';
	}
}
