import type { CaptionCue, CaptionRun } from './captionSpeakers';
import { readCaptionSpeakers } from './captionSpeakers';
import { buildTranscript, endsBeforeStart } from './cues';
import { stripBom } from './json';
import { toLangIso2 } from './language';
import {
	collapseLines,
	collapseWhitespace,
	decodeEntities,
	isBlank,
	quote,
	splitLines,
} from './text';
import { parseClock } from './time';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';

const FORMAT_NAME = 'WebVTT';

function fail(location: string, reason: string): never {
	throw new TranscriptFormatError(FORMAT_NAME, location, reason);
}

function isSignature(line: string): boolean {
	if (!line.startsWith('WEBVTT')) return false;
	// "WEBVTT" alone, or followed by a space, tab or line break and free text.
	const next = line.charCodeAt(6);
	return line.length === 6 || next === 32 || next === 9 || next === 10 || next === 13;
}

/** A block starting with this keyword alone or followed by a space (NOTE text may follow it). */
function startsBlock(line: string, keyword: string): boolean {
	if (!line.startsWith(keyword)) return false;
	return line.length === keyword.length || line.charCodeAt(keyword.length) <= 32;
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9;
}

interface TimingLinePlace {
	format: string;
	example: string;
	cue: number;
	line: number;
}

function locationOf(place: TimingLinePlace): string {
	return `cue ${place.cue} (line ${place.line})`;
}

/**
 * Reads `start --> end [settings]` into whole milliseconds, by positions in the line rather than
 * trimmed copies, and names the place only on failure: there is one such line per cue.
 */
export function parseTimingLine(
	line: string,
	where: TimingLinePlace,
): [startMs: number, endMs: number] {
	const arrow = line.indexOf('-->');
	let startFrom = 0;
	let startTo = arrow;
	while (startFrom < startTo && isSpace(line.charCodeAt(startFrom))) startFrom++;
	while (startTo > startFrom && isSpace(line.charCodeAt(startTo - 1))) startTo--;
	let endFrom = arrow + 3;
	while (endFrom < line.length && isSpace(line.charCodeAt(endFrom))) endFrom++;
	let endTo = endFrom;
	while (endTo < line.length && !isSpace(line.charCodeAt(endTo))) endTo++;

	const startMs = parseClock(line, startFrom, startTo);
	if (startMs === undefined) {
		const reason = `start ${quote(line.slice(startFrom, startTo))} is not a timestamp like ${where.example}`;
		throw new TranscriptFormatError(where.format, locationOf(where), reason);
	}
	const endMs = parseClock(line, endFrom, endTo);
	if (endMs === undefined) {
		const reason = `end ${quote(line.slice(endFrom, endTo))} is not a timestamp like ${where.example}`;
		throw new TranscriptFormatError(where.format, locationOf(where), reason);
	}
	if (endMs < startMs) throw endsBeforeStart(where.format, locationOf(where), startMs, endMs);
	return [startMs, endMs];
}

interface VoiceRun {
	voice?: string;
	parts: string[];
}

/** The speaker of a `<v Name>` or `<v.class Name>` tag; undefined for any other tag. */
function voiceOf(tag: string): string | undefined {
	if (tag.charCodeAt(0) !== 118 /* v */) return undefined;
	const next = tag.charCodeAt(1);
	if (tag.length > 1 && next !== 32 && next !== 9 && next !== 46 /* . */) return undefined;
	const space = tag.search(/[ \t]/);
	return space === -1 ? '' : collapseWhitespace(decodeEntities(tag.slice(space + 1)));
}

/**
 * Removes the cue's tags (`<b>`, `<i>`, `<c.x>`, `<00:00:01.000>`, …) and splits it where a voice
 * tag names a speaker, so a cue holding two voices becomes two segments. Line breaks are kept: a
 * speaker label may start any line. One pass over the text.
 */
export function readCuePayload(payload: string): CaptionRun[] {
	if (payload.indexOf('<') === -1) {
		// Zoom's cues, and most others, have no tags at all.
		const text = collapseLines(decodeEntities(payload));
		return text === '' ? [] : [{ text }];
	}
	const runs: VoiceRun[] = [{ parts: [] }];
	let current = runs[0];
	let position = 0;
	while (position < payload.length) {
		const open = payload.indexOf('<', position);
		const close = open === -1 ? -1 : payload.indexOf('>', open + 1);
		if (close === -1) {
			// No tag left; a stray '<' without '>' is kept as text.
			current.parts.push(payload.slice(position));
			break;
		}
		if (open > position) current.parts.push(payload.slice(position, open));
		const voice = voiceOf(payload.slice(open + 1, close));
		if (voice) {
			if (current.parts.length === 0 && current.voice === undefined) current.voice = voice;
			else {
				current = { voice, parts: [] };
				runs.push(current);
			}
		}
		position = close + 1;
	}
	const texts: CaptionRun[] = [];
	for (const run of runs) {
		const text = collapseLines(decodeEntities(run.parts.join('')));
		if (text !== '') texts.push(run.voice === undefined ? { text } : { voice: run.voice, text });
	}
	return texts;
}

/** The header after the signature: its `Language:` line, and where the cues start. */
function readHeader(lines: string[]): { langIso2?: string; cuesStart: number } {
	let langIso2: string | undefined;
	let index = 1;
	// Header lines up to the first blank line; a cue right after the signature ends the header too.
	for (
		;
		index < lines.length && !isBlank(lines[index]) && lines[index].indexOf('-->') === -1;
		index++
	) {
		const header = lines[index];
		const colon = header.indexOf(':');
		if (colon !== -1 && header.slice(0, colon).trim().toLowerCase() === 'language') {
			langIso2 = toLangIso2(header.slice(colon + 1)) ?? langIso2;
		}
	}
	return { langIso2, cuesStart: index };
}

/**
 * WebVTT as Zoom (speaker as "Name: text"), Microsoft Teams and Google Meet (`<v Name>` voice tags)
 * export it; speakers in the text are read as captionSpeakers.ts says. Cue identifiers, settings and NOTE, STYLE and REGION blocks are skipped; a `Language:`
 * header line gives the language.
 */
function read(text: string): ClaapTranscript {
	const lines = splitLines(stripBom(text));
	if (!isSignature(lines[0])) fail('line 1', 'a WebVTT file starts with "WEBVTT"');

	const { langIso2, cuesStart } = readHeader(lines);
	let index = cuesStart;

	const cues: CaptionCue[] = [];
	let cueNumber = 0;
	while (index < lines.length) {
		const line = lines[index];
		if (isBlank(line)) {
			index++;
			continue;
		}
		if (startsBlock(line, 'NOTE') || startsBlock(line, 'STYLE') || startsBlock(line, 'REGION')) {
			while (index < lines.length && !isBlank(lines[index])) index++;
			continue;
		}

		cueNumber++;
		const blockLine = index + 1;
		if (line.indexOf('-->') === -1) {
			// A cue identifier ("1", a Teams id): the timing line must follow it.
			index++;
			if (index >= lines.length || lines[index].indexOf('-->') === -1) {
				fail(
					`cue ${cueNumber} (line ${blockLine})`,
					`expected a timing line like "00:00:01.000 --> 00:00:02.000" after ${quote(line)}`,
				);
			}
		}
		const [startMs, endMs] = parseTimingLine(lines[index], {
			format: FORMAT_NAME,
			example: '00:01.000 or 01:02:03.000',
			cue: cueNumber,
			line: index + 1,
		});
		index++;

		// The payload runs to a blank line; a line with "-->" starts the next cue even without one.
		const payloadStart = index;
		while (index < lines.length && !isBlank(lines[index]) && lines[index].indexOf('-->') === -1)
			index++;
		const payload =
			payloadStart + 1 === index
				? lines[payloadStart]
				: lines.slice(payloadStart, index).join('\n');
		cues.push({ startMs, endMs, runs: readCuePayload(payload) });
	}

	return buildTranscript(FORMAT_NAME, readCaptionSpeakers(cues), {
		speakerIds: 'ordinal',
		langIso2,
	});
}

export const webVtt: TranscriptReader = {
	id: 'webVtt',
	name: FORMAT_NAME,
	detect(text, fileName) {
		return isSignature(stripBom(text).slice(0, 7)) || /\.vtt$/i.test(fileName ?? '');
	},
	read,
};
