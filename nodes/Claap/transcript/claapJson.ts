import type { ClaapTranscript, TranscriptReader, TranscriptSegment, TranscriptSpeaker } from './types';
import { TranscriptFormatError } from './types';

const FORMAT_NAME = 'Claap upload JSON';

function fail(location: string, reason: string): never {
	throw new TranscriptFormatError(FORMAT_NAME, location, reason);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		return fail('whole file', `not valid JSON (${(error as Error).message})`);
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
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
	if (raw.name !== undefined) speaker.name = String(raw.name);
	if (raw.email !== undefined) speaker.email = String(raw.email);
	if (raw.isRecorder !== undefined) speaker.isRecorder = raw.isRecorder === true;
	return speaker;
}

/** Claap's own upload shape, as documented for `upload.metaUrl`. */
export const claapUploadJson: TranscriptReader = {
	id: 'claapUploadJson',
	name: FORMAT_NAME,
	detect(text) {
		const start = text.trimStart();
		if (!start.startsWith('{')) return false;
		try {
			const body = unwrap(JSON.parse(start));
			const first = body && Array.isArray(body.segments) ? body.segments[0] : undefined;
			return isObject(first) && 'start' in first && 'speakerId' in first;
		} catch {
			return false;
		}
	},
	read(text) {
		const body = unwrap(parseJson(text));
		if (!body) fail('whole file', 'expected {"transcript": {"segments": [...]}} or {"segments": [...]}');
		const transcript: ClaapTranscript = {
			segments: (body.segments as unknown[]).map(readSegment),
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
	},
};
