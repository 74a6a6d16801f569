import { isObject, jsonReader } from './json';
import type { ClaapTranscript, TranscriptSegment, TranscriptSpeaker } from './types';
import { TranscriptFormatError } from './types';

const FORMAT_NAME = 'Claap upload JSON';

function fail(location: string, reason: string): never {
	throw new TranscriptFormatError(FORMAT_NAME, location, reason);
}

/** Accepts `{"transcript": {...}}` (what Claap's metaUrl takes) or the inner object alone. */
function unwrap(value: unknown): Record<string, unknown> | undefined {
	if (!isObject(value)) return undefined;
	if (isObject(value.transcript)) return value.transcript;
	return Array.isArray(value.segments) ? value : undefined;
}

function readSegment(raw: unknown, index: number): TranscriptSegment {
	const location = `segments[${index}]`;
	if (!isObject(raw)) fail(location, 'must be an object with start, end, speakerId and text');
	const speakerId = typeof raw.speakerId === 'number' ? String(raw.speakerId) : raw.speakerId;
	if (typeof speakerId !== 'string') fail(`${location}.speakerId`, 'must be a string');
	if (typeof raw.text !== 'string') fail(`${location}.text`, 'must be a string');
	return {
		start: raw.start as number,
		end: raw.end as number,
		speakerId,
		text: raw.text,
	};
}

function readSpeaker(raw: unknown, index: number): TranscriptSpeaker {
	const location = `speakers[${index}]`;
	if (!isObject(raw)) fail(location, 'must be an object with speakerId');
	const speakerId = typeof raw.speakerId === 'number' ? String(raw.speakerId) : raw.speakerId;
	if (typeof speakerId !== 'string') fail(`${location}.speakerId`, 'must be a string');
	const speaker: TranscriptSpeaker = { speakerId };
	// null is "not given", as an absent field.
	if (raw.name !== undefined && raw.name !== null) speaker.name = String(raw.name);
	if (raw.email !== undefined && raw.email !== null) speaker.email = String(raw.email);
	if (raw.isRecorder !== undefined && raw.isRecorder !== null)
		speaker.isRecorder = raw.isRecorder === true;
	return speaker;
}

function matches(document: unknown): boolean {
	const body = unwrap(document);
	const first = body && Array.isArray(body.segments) ? body.segments[0] : undefined;
	return isObject(first) && 'start' in first && 'speakerId' in first;
}

function convert(document: unknown): ClaapTranscript {
	const body = unwrap(document);
	if (!body || !Array.isArray(body.segments)) {
		fail('whole file', 'expected {"transcript": {"segments": [...]}} or {"segments": [...]}');
	}
	const transcript: ClaapTranscript = {
		segments: body.segments.map(readSegment),
	};
	if (body.speakers !== undefined) {
		if (!Array.isArray(body.speakers)) fail('speakers', 'must be a list');
		transcript.speakers = body.speakers.map(readSpeaker);
	}
	if (body.langIso2 !== undefined) {
		if (typeof body.langIso2 !== 'string') fail('langIso2', 'must be a two-letter language code');
		transcript.langIso2 = body.langIso2;
	}
	return transcript;
}

/**
 * Claap's own upload shape, as documented for `upload.metaUrl`. Passed through as given: the
 * node's validation names whatever Claap would refuse.
 */
export const claapUploadJson = jsonReader('claapUploadJson', FORMAT_NAME, matches, convert);
