import { readCaptionSpeakers } from './captionSpeakers';
import { buildTranscript } from './cues';
import { stripBom } from './json';
import { collapseWhitespace, quote, splitLines } from './text';
import { parseClock } from './time';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';

const FORMAT_NAME = 'Plain text with timestamps';

/**
 * A line states only when it starts, so it ends where the next line starts. The last one has no
 * next line: its duration is estimated from its words at a conversational 150 words a minute
 * (400 ms a word), kept between 1 and 30 seconds so a one-word reply or a long monologue stays
 * plausible.
 */
export const LAST_LINE_MS_PER_WORD = 400;
export const LAST_LINE_MIN_MS = 1000;
export const LAST_LINE_MAX_MS = 30000;

export function estimateLastLineMs(text: string): number {
	const words = text === '' ? 0 : text.split(' ').length;
	return Math.min(LAST_LINE_MAX_MS, Math.max(LAST_LINE_MIN_MS, words * LAST_LINE_MS_PER_WORD));
}

function isTimeCharacter(code: number): boolean {
	return (code >= 48 && code <= 57) || code === 58 /* : */ || code === 46 /* . */;
}

type LeadingTimestamp = { startMs: number; rest: string } | { invalid: string } | undefined;

/**
 * The timestamp a line starts with: `mm:ss`, `hh:mm:ss` (fractions allowed), bare or in square or
 * round brackets. Undefined when the line does not start with one (a continuation line).
 */
function readLeadingTimestamp(line: string): LeadingTimestamp {
	const bracket = line[0] === '[' ? ']' : line[0] === '(' ? ')' : undefined;
	const begin = bracket ? 1 : 0;
	let end = begin;
	while (end < line.length && isTimeCharacter(line.charCodeAt(end))) end++;
	const token = line.slice(begin, end);
	const firstCode = token.charCodeAt(0);
	if (!(firstCode >= 48 && firstCode <= 57) || token.indexOf(':') === -1) return undefined;

	let restStart = end;
	if (bracket) {
		if (line[end] !== bracket) return { invalid: line.slice(0, end + 1) };
		restStart = end + 1;
	} else if (end < line.length && line.charCodeAt(end) > 32) {
		const space = line.indexOf(' ', end);
		return { invalid: space === -1 ? line : line.slice(0, space) };
	}
	const startMs = parseClock(token);
	if (startMs === undefined) return { invalid: line.slice(0, restStart) };

	let rest = line.slice(restStart).trim();
	// "00:05 - Ada: Hello", "00:05 | Ada: Hello"
	const separator = rest[0];
	if (
		(separator === '-' || separator === '–' || separator === '—' || separator === '|') &&
		rest.charCodeAt(1) <= 32
	) {
		rest = rest.slice(1).trim();
	}
	return { startMs, rest };
}

interface TimedLine {
	startMs: number;
	parts: string[];
}

/**
 * Transcripts as text, one utterance a line: "00:05 Ada: Hello", "[00:01:05] Ada: Hello", and
 * Claap's own text format ("mm:ss speaker_1: text"). A line without a timestamp continues the one
 * before it (the same utterance); blank lines are ignored. Speaker labels are read as
 * captionSpeakers.ts says.
 */
function read(text: string): ClaapTranscript {
	const lines = splitLines(stripBom(text));
	const timed: TimedLine[] = [];
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index].trim();
		if (line === '') continue;
		const stamp = readLeadingTimestamp(line);
		if (stamp === undefined) {
			if (timed.length === 0) {
				throw new TranscriptFormatError(
					FORMAT_NAME,
					`line ${index + 1}`,
					'expected a line starting with a timestamp, such as "00:05 Ada: Hello" or "[01:02:03] Ada: Hello", ' +
						`found ${quote(line)}`,
				);
			}
			timed[timed.length - 1].parts.push(line);
		} else if ('invalid' in stamp) {
			throw new TranscriptFormatError(
				FORMAT_NAME,
				`line ${index + 1}`,
				`${quote(stamp.invalid)} is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)`,
			);
		} else {
			timed.push({ startMs: stamp.startMs, parts: [stamp.rest] });
		}
	}

	// A line states only its start: labels are read first, then each line ends where the next starts.
	const cues = readCaptionSpeakers(
		timed.map((line) => {
			const lineText = collapseWhitespace(
				line.parts.length === 1 ? line.parts[0] : line.parts.join(' '),
			);
			return {
				startMs: line.startMs,
				endMs: line.startMs,
				runs: lineText === '' ? [] : [{ text: lineText }],
			};
		}),
	);

	// Ends come from the following starts, so order first (stable: same-time lines keep file order).
	let inOrder = true;
	for (let index = 1; index < cues.length && inOrder; index++)
		inOrder = cues[index - 1].startMs <= cues[index].startMs;
	if (!inOrder) cues.sort((a, b) => a.startMs - b.startMs);
	// Lines sharing a timestamp (common at whole-second precision) all end where the next later one starts.
	let nextLaterStart: number | undefined;
	for (let index = cues.length - 1; index >= 0; index--) {
		const cue = cues[index];
		const next = cues[index + 1];
		if (next && next.startMs > cue.startMs) nextLaterStart = next.startMs;
		cue.endMs = nextLaterStart ?? cue.startMs + estimateLastLineMs(cue.text);
	}
	return buildTranscript(FORMAT_NAME, cues, { speakerIds: 'ordinal' });
}

export const plainText: TranscriptReader = {
	id: 'plainText',
	name: FORMAT_NAME,
	detect(text, fileName) {
		const content = stripBom(text);
		const head = content.slice(0, 512).trimStart();
		const firstLine = splitLines(head)[0].trim();
		const stamp = readLeadingTimestamp(firstLine);
		return (stamp !== undefined && !('invalid' in stamp)) || /\.txt$/i.test(fileName ?? '');
	},
	read,
};
