import type { CaptionCue } from './captionSpeakers';
import { readCaptionSpeakers } from './captionSpeakers';
import { buildTranscript } from './cues';
import { stripBom } from './json';
import { collapseLines, isBlank, quote, splitLines } from './text';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';
import { parseTimingLine } from './webVtt';

const FORMAT_NAME = 'SubRip (SRT)';
const TIMESTAMP_EXAMPLE = '00:00:01,000';
const TIMING_EXAMPLE = `${TIMESTAMP_EXAMPLE} --> 00:00:02,000`;

/** SubRip's formatting tags and the ASS-style `{\an8}` position codes some tools add. */
const FORMATTING = /<\/?(?:b|i|u|s|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}/gi;

function isIndexLine(line: string): boolean {
	const trimmed = line.trim();
	if (trimmed === '' || trimmed.length > 9) return false;
	for (let index = 0; index < trimmed.length; index++) {
		const code = trimmed.charCodeAt(index);
		if (code < 48 || code > 57) return false;
	}
	return true;
}

/** Whether a cue starts at `index`: a number line followed by a timing line. */
function startsCue(lines: string[], index: number): boolean {
	return (
		isIndexLine(lines[index]) && index + 1 < lines.length && lines[index + 1].indexOf('-->') !== -1
	);
}

/**
 * SubRip subtitles: numbered cues, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text lines, a blank line. Speaker
 * labels in the text ("Ada: Hello", "[Ada]", ">>") are read as captionSpeakers.ts says. A missing cue number or a
 * missing blank line between cues is tolerated, since many tools write them so.
 */
function read(text: string): ClaapTranscript {
	const lines = splitLines(stripBom(text));
	const cues: CaptionCue[] = [];
	let cueNumber = 0;
	let index = 0;
	while (index < lines.length) {
		const line = lines[index];
		if (isBlank(line)) {
			index++;
			continue;
		}
		cueNumber++;
		const blockLine = index + 1;
		if (line.indexOf('-->') === -1) {
			if (!isIndexLine(line)) {
				throw new TranscriptFormatError(
					FORMAT_NAME,
					`cue ${cueNumber} (line ${blockLine})`,
					`expected a cue number or a timing line like "${TIMING_EXAMPLE}", found ${quote(line.trim())}`,
				);
			}
			index++;
			if (index >= lines.length || lines[index].indexOf('-->') === -1) {
				throw new TranscriptFormatError(
					FORMAT_NAME,
					`cue ${cueNumber} (line ${blockLine})`,
					`expected a timing line like "${TIMING_EXAMPLE}" after the cue number ${quote(line.trim())}`,
				);
			}
		}
		const [startMs, endMs] = parseTimingLine(lines[index], {
			format: FORMAT_NAME,
			example: TIMESTAMP_EXAMPLE,
			cue: cueNumber,
			line: index + 1,
		});
		index++;

		const textStart = index;
		while (index < lines.length && !isBlank(lines[index]) && !startsCue(lines, index)) index++;
		const raw =
			textStart + 1 === index ? lines[textStart] : lines.slice(textStart, index).join('\n');
		const cueText = collapseLines(raw.replace(FORMATTING, ''));
		cues.push({ startMs, endMs, runs: cueText === '' ? [] : [{ text: cueText }] });
	}
	return buildTranscript(FORMAT_NAME, readCaptionSpeakers(cues), { speakerIds: 'ordinal' });
}

function firstLines(text: string, count: number): string[] {
	const lines: string[] = [];
	for (const line of splitLines(text.slice(0, 1024))) {
		if (isBlank(line)) continue;
		lines.push(line);
		if (lines.length === count) break;
	}
	return lines;
}

export const srt: TranscriptReader = {
	id: 'srt',
	name: FORMAT_NAME,
	detect(text, fileName) {
		const [first, second] = firstLines(stripBom(text), 2);
		const timing =
			first !== undefined && first.indexOf('-->') !== -1
				? first
				: isIndexLine(first ?? '')
					? second
					: undefined;
		const looksLikeSrt =
			timing !== undefined && timing.indexOf('-->') !== -1 && timing.indexOf(',') !== -1;
		return looksLikeSrt || /\.srt$/i.test(fileName ?? '');
	},
	read,
};
