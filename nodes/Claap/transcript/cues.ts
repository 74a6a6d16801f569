import { collapseWhitespace } from './text';
import type { ClaapTranscript, TranscriptSegment, TranscriptSpeaker } from './types';
import { TranscriptFormatError } from './types';

/** A cue as read from a file, before it becomes a Claap segment. Times in whole milliseconds. */
export interface Cue {
	startMs: number;
	endMs: number;
	/** Cleaned text: tags removed, entities decoded, whitespace collapsed. Empty cues are dropped. */
	text: string;
	/** The speaker as the file labels it (a name, or a service's own id); undefined when it names none. */
	speaker?: string;
}

/**
 * Claap refuses a segment whose end is not after its start. A zero-length cue still carries words,
 * so rather than dropping it, it is given this minimal duration: the smallest step the formats
 * can express, so the file's own times are changed as little as possible.
 */
export const ZERO_LENGTH_CUE_MS = 1;

export interface BuildOptions {
	/**
	 * `ordinal`: speakers get ids "1", "2", … in order of first appearance, and their labels become
	 * names (names from Zoom, Teams, Claap). `label`: the file's own labels are the ids (speech-to-text
	 * services number their speakers themselves, and those labels are not names).
	 */
	speakerIds: 'ordinal' | 'label';
	/** The language the file states, already as an ISO 639-1 code. */
	langIso2?: string;
}

/**
 * The error for a cue that ends before it starts: the file is wrong and guessing would hide it.
 * Callers compare the times themselves, so the location is only spelled out when it is needed.
 */
export function endsBeforeStart(format: string, location: string, startMs: number, endMs: number): TranscriptFormatError {
	return new TranscriptFormatError(format, location, `ends at ${endMs / 1000}s, before its start (${startMs / 1000}s)`);
}

/**
 * Turns cues into Claap's upload shape: drops empty cues, sorts by start (stable, so cues sharing a
 * start keep the file's order), lengthens zero-length cues, and lists the speakers. Overlapping cues
 * stay as they are: people do talk over each other. Linear when the cues are already in order,
 * which is the usual case.
 */
export function buildTranscript(format: string, cues: Cue[], options: BuildOptions): ClaapTranscript {
	const kept: Cue[] = [];
	let inOrder = true;
	for (const cue of cues) {
		if (cue.text === '') continue;
		if (kept.length > 0 && cue.startMs < kept[kept.length - 1].startMs) inOrder = false;
		kept.push(cue);
	}
	if (kept.length === 0) {
		throw new TranscriptFormatError(format, 'whole file', 'no cue with any text was found');
	}
	// Array.prototype.sort is stable since ES2019.
	if (!inOrder) kept.sort((a, b) => a.startMs - b.startMs);

	const speakerIds = new Map<string, string>();
	const speakers: TranscriptSpeaker[] = [];
	let unlabeledId: string | undefined;
	const idFor = (label: string | undefined): string => {
		const key = label?.trim();
		if (!key) {
			if (unlabeledId === undefined) {
				unlabeledId =
					options.speakerIds === 'ordinal' ? String(speakers.length + 1) : unusedLabelId(kept);
				speakers.push({ speakerId: unlabeledId });
			}
			return unlabeledId;
		}
		let id = speakerIds.get(key);
		if (id === undefined) {
			id = options.speakerIds === 'ordinal' ? String(speakers.length + 1) : key;
			speakerIds.set(key, id);
			// Anonymous labels ("speaker_1", WhisperX's "SPEAKER_00") are no one's name.
			const named = options.speakerIds === 'ordinal' && !PLACEHOLDER_SPEAKER.test(key);
			speakers.push(named ? { speakerId: id, name: key } : { speakerId: id });
		}
		return id;
	};

	const segments: TranscriptSegment[] = new Array(kept.length);
	for (let index = 0; index < kept.length; index++) {
		const cue = kept[index];
		const endMs = cue.endMs > cue.startMs ? cue.endMs : cue.startMs + ZERO_LENGTH_CUE_MS;
		segments[index] = {
			start: cue.startMs / 1000,
			end: endMs / 1000,
			speakerId: idFor(cue.speaker),
			text: cue.text,
		};
	}

	const transcript: ClaapTranscript = { segments, speakers };
	if (options.langIso2) transcript.langIso2 = options.langIso2;
	return transcript;
}

/** Labels that number speakers instead of naming them. */
const PLACEHOLDER_SPEAKER = /^speaker[ _-]?\d+$/i;

/** The id for cues without a label, when the labels themselves are ids: "1" unless a label took it. */
function unusedLabelId(cues: Cue[]): string {
	const labels = new Set(cues.map((cue) => cue.speaker?.trim()));
	for (const candidate of ['1', 'unknown', 'unlabeled']) {
		if (!labels.has(candidate)) return candidate;
	}
	return 'unlabeled speaker';
}

const MAX_SPEAKER_NAME_LENGTH = 64;
const MAX_SPEAKER_NAME_WORDS = 6;
/** Characters that mark a sentence rather than a name before a colon. */
const NOT_IN_NAMES = ',;!?"“”';

function countWords(text: string): number {
	let words = 0;
	let inWord = false;
	for (let index = 0; index < text.length; index++) {
		const isSpace = text.charCodeAt(index) <= 32;
		if (!isSpace && !inWord) words++;
		inWord = !isSpace;
	}
	return words;
}

/**
 * Splits "Ada Lovelace: Hello" into name and text (the Zoom and Claap style), or returns undefined
 * when the text does not start with something name-like followed by a colon and a space.
 */
export function splitSpeakerPrefix(text: string): [name: string, rest: string] | undefined {
	const colon = text.indexOf(':');
	if (colon <= 0 || colon > MAX_SPEAKER_NAME_LENGTH) return undefined;
	// "10:30" or "https://…" are not speakers: the colon must end the name.
	if (colon + 1 < text.length && text.charCodeAt(colon + 1) > 32 && text.charCodeAt(colon + 1) !== 0xa0) {
		return undefined;
	}
	const name = text.slice(0, colon).trim();
	if (name === '' || countWords(name) > MAX_SPEAKER_NAME_WORDS) return undefined;
	for (let index = 0; index < name.length; index++) {
		if (NOT_IN_NAMES.indexOf(name[index]) !== -1) return undefined;
	}
	return [name, text.slice(colon + 1).trim()];
}

/** Beyond this many different names, prefixes must repeat a lot to be taken for speakers. */
const MANY_SPEAKER_NAMES = 20;

/**
 * Reads "Name: text" speaker prefixes, for the cues the file gives no speaker otherwise. A colon
 * in ordinary subtitles ("Note: …", French "il a dit : …") must not invent speakers, so prefixes
 * are used only when the file as a whole is written that way: at least half of the cues carry
 * one, and the names repeat. Then a cue without a prefix continues the previous speaker.
 */
export function applySpeakerPrefixes(cues: Cue[]): void {
	const prefixes: Array<[string, string] | undefined> = new Array(cues.length);
	const names = new Set<string>();
	let unlabeled = 0;
	let prefixed = 0;
	for (let index = 0; index < cues.length; index++) {
		const cue = cues[index];
		if (cue.speaker !== undefined || cue.text === '') continue;
		unlabeled++;
		const prefix = splitSpeakerPrefix(cue.text);
		if (prefix) {
			prefixed++;
			names.add(prefix[0].toLowerCase());
			prefixes[index] = prefix;
		}
	}
	// A name must come back at least once, unless every cue has a prefix: one "Note: …" among
	// plain subtitles is not a speaker.
	const usesPrefixes =
		prefixed > 0 &&
		prefixed * 2 >= unlabeled &&
		(names.size < prefixed || prefixed === unlabeled) &&
		(names.size <= MANY_SPEAKER_NAMES || names.size * 4 <= prefixed);
	if (!usesPrefixes) return;

	let previous: string | undefined;
	for (let index = 0; index < cues.length; index++) {
		const cue = cues[index];
		const prefix = prefixes[index];
		if (prefix) {
			cue.speaker = prefix[0];
			cue.text = prefix[1];
		} else if (cue.speaker === undefined) {
			cue.speaker = previous;
		}
		if (cue.text !== '') previous = cue.speaker;
	}
}

/** A timed word from a speech-to-text service; punctuation already attached. */
export interface TimedWord {
	startMs: number;
	endMs: number;
	text: string;
	speaker?: string;
	/** The service's own grouping (a diarization segment, a paragraph), when it has one. */
	group?: number;
}

function endsSentence(word: string): boolean {
	const last = word.charCodeAt(word.length - 1);
	// . ! ? and their full-width forms
	return last === 46 || last === 33 || last === 63 || last === 0x3002 || last === 0xff01 || last === 0xff1f;
}

/**
 * Groups words into cues: a new cue at every change of speaker or of the service's own group, and,
 * when the service gives no groups, after every sentence so a monologue does not become one
 * hour-long segment.
 */
export function groupWords(words: TimedWord[]): Cue[] {
	const cues: Cue[] = [];
	const byGroup = words.some((word) => word.group !== undefined);
	let parts: string[] = [];
	let first: TimedWord | undefined;
	let last: TimedWord | undefined;
	const flush = () => {
		if (first && last) {
			cues.push({
				startMs: first.startMs,
				endMs: Math.max(last.endMs, first.startMs),
				text: collapseWhitespace(parts.join(' ')),
				speaker: first.speaker,
			});
		}
		parts = [];
		first = undefined;
	};
	for (const word of words) {
		if (
			last &&
			first &&
			(word.speaker !== last.speaker ||
				word.group !== last.group ||
				(!byGroup && endsSentence(last.text)))
		) {
			flush();
		}
		if (!first) first = word;
		parts.push(word.text);
		last = word;
	}
	flush();
	return cues;
}
