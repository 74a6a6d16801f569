import { collapseWhitespace } from './text';
import { formatClock, formatTextClock, secondsToMs } from './time';
import type { ClaapTranscript, TranscriptSegment } from './types';

/*
 * Writers take Claap's upload shape (ClaapTranscript): it is typed, it names speakers, and every
 * reader produces it. A Transcript → Get response (Claap's read shape) becomes one with
 * fromClaapReadJson first, so one set of writers serves both.
 */

export interface TranscriptWriter {
	/** Value of an output-format parameter. */
	id: string;
	name: string;
	/** What the format is for, as the option's description. */
	description: string;
	fileExtension: string;
	mimeType: string;
	write(transcript: ClaapTranscript): string;
}

export interface TranscriptFile {
	content: string;
	fileExtension: string;
	mimeType: string;
}

/** A speaker's label in text formats: its name, else Claap's own "speaker_<id>". */
function speakerLabels(transcript: ClaapTranscript): (speakerId: string) => string {
	const names = new Map<string, string>();
	for (const speaker of transcript.speakers ?? []) {
		const name = speaker.name ? collapseWhitespace(speaker.name) : '';
		if (name) names.set(speaker.speakerId, name);
	}
	return (speakerId) => names.get(speakerId) ?? `speaker_${speakerId}`;
}

interface TimedSegment {
	startMs: number;
	endMs: number;
	speakerId: string;
	text: string;
}

/** Segments in start order (stable), times as whole milliseconds, text on one line. */
function timedSegments(segments: TranscriptSegment[]): TimedSegment[] {
	const timed = segments.map((segment) => ({
		startMs: secondsToMs(segment.start),
		endMs: secondsToMs(segment.end),
		speakerId: segment.speakerId,
		text: collapseWhitespace(segment.text),
	}));
	for (let index = 1; index < timed.length; index++) {
		if (timed[index].startMs < timed[index - 1].startMs) {
			timed.sort((a, b) => a.startMs - b.startMs);
			break;
		}
	}
	return timed;
}

function escapeVtt(text: string): string {
	return text.replace(/[&<>]/g, (character) =>
		character === '&' ? '&amp;' : character === '<' ? '&lt;' : '&gt;',
	);
}

/** Claap's upload JSON, `{"transcript": {...}}`: upload it to another recording as it is. */
function writeClaapJson(transcript: ClaapTranscript): string {
	// Claap's documented key order: language, segments, speakers.
	const body: ClaapTranscript = {
		...(transcript.langIso2 ? { langIso2: transcript.langIso2 } : {}),
		segments: transcript.segments,
		...(transcript.speakers ? { speakers: transcript.speakers } : {}),
	};
	return `${JSON.stringify({ transcript: body }, null, 2)}\n`;
}

/** Claap's text format: `mm:ss speaker: text` a line, `hh:mm:ss` from the first hour on. */
function writeText(transcript: ClaapTranscript): string {
	const label = speakerLabels(transcript);
	const lines = timedSegments(transcript.segments).map(
		(segment) => `${formatTextClock(segment.startMs)} ${label(segment.speakerId)}: ${segment.text}`,
	);
	return `${lines.join('\n')}\n`;
}

/** WebVTT with `<v Speaker>` voice tags, as Teams and Google Meet write it; `Language:` header when known. */
function writeWebVtt(transcript: ClaapTranscript): string {
	const label = speakerLabels(transcript);
	const blocks = [transcript.langIso2 ? `WEBVTT\nLanguage: ${transcript.langIso2}\n` : 'WEBVTT\n'];
	for (const segment of timedSegments(transcript.segments)) {
		blocks.push(
			`${formatClock(segment.startMs, '.')} --> ${formatClock(segment.endMs, '.')}\n` +
				`<v ${escapeVtt(label(segment.speakerId))}>${escapeVtt(segment.text)}</v>\n`,
		);
	}
	return blocks.join('\n');
}

/** SubRip with the speaker as a "Name: " prefix. */
function writeSrt(transcript: ClaapTranscript): string {
	const label = speakerLabels(transcript);
	const blocks = timedSegments(transcript.segments).map(
		(segment, index) =>
			`${index + 1}\n${formatClock(segment.startMs, ',')} --> ${formatClock(segment.endMs, ',')}\n` +
			`${label(segment.speakerId)}: ${segment.text}\n`,
	);
	return blocks.join('\n');
}

export const TRANSCRIPT_WRITERS: TranscriptWriter[] = [
	{
		id: 'claapJson',
		name: 'Claap Upload JSON',
		description: "Claap's upload format: Transcript → Upload takes it as it is",
		fileExtension: 'json',
		mimeType: 'application/json',
		write: writeClaapJson,
	},
	{
		id: 'text',
		name: 'Text',
		description: 'One "mm:ss Speaker: text" line per segment, the whole transcript',
		fileExtension: 'txt',
		mimeType: 'text/plain',
		write: writeText,
	},
	{
		id: 'webVtt',
		name: 'WebVTT',
		description: 'Captions with speaker voice tags, for video players and editors',
		fileExtension: 'vtt',
		mimeType: 'text/vtt',
		write: writeWebVtt,
	},
	{
		id: 'srt',
		name: 'SRT',
		description: 'SubRip captions with the speaker before the text',
		fileExtension: 'srt',
		mimeType: 'application/x-subrip',
		write: writeSrt,
	},
];

/** Writes a transcript as a file of the given writer id; throws on an unknown id. */
export function writeTranscript(transcript: ClaapTranscript, format: string): TranscriptFile {
	const writer = TRANSCRIPT_WRITERS.find((candidate) => candidate.id === format);
	if (!writer) {
		throw new Error(
			`Unknown transcript output format "${format}". Use one of: ${TRANSCRIPT_WRITERS.map((w) => w.id).join(', ')}`,
		);
	}
	return {
		content: writer.write(transcript),
		fileExtension: writer.fileExtension,
		mimeType: writer.mimeType,
	};
}
