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
export function endsBeforeStart(
	format: string,
	location: string,
	startMs: number,
	endMs: number,
): TranscriptFormatError {
	return new TranscriptFormatError(
		format,
		location,
		`ends at ${endMs / 1000}s, before its start (${startMs / 1000}s)`,
	);
}

/**
 * Turns cues into Claap's upload shape: drops empty cues, sorts by start (stable, so cues sharing a
 * start keep the file's order), lengthens zero-length cues, and lists the speakers. Overlapping cues
 * stay as they are: people do talk over each other. Linear when the cues are already in order,
 * which is the usual case.
 */
export function buildTranscript(
	format: string,
	cues: Cue[],
	options: BuildOptions,
): ClaapTranscript {
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

	const registry = speakerRegistry(options.speakerIds, kept);
	const segments: TranscriptSegment[] = new Array(kept.length);
	for (let index = 0; index < kept.length; index++) {
		const cue = kept[index];
		const endMs = cue.endMs > cue.startMs ? cue.endMs : cue.startMs + ZERO_LENGTH_CUE_MS;
		segments[index] = {
			start: cue.startMs / 1000,
			end: endMs / 1000,
			speakerId: registry.id(cue.speaker),
			text: cue.text,
		};
	}

	const transcript: ClaapTranscript = { segments, speakers: registry.speakers };
	if (options.langIso2) transcript.langIso2 = options.langIso2;
	return transcript;
}

/** The name Claap is sent for a segment whose speaker the file does not give. */
export const UNKNOWN_SPEAKER = 'Unknown speaker';

/** Labels that number or letter speakers instead of naming them: "speaker_1", "SPEAKER_00", "Speaker A". */
const GENERIC_SPEAKER = /^speaker[\s_-]*(\d+|[a-z])$/i;
/** Speech-to-text services' own labels: AWS's "spk_0" and "ch_1", Deepgram's channels. */
const SERVICE_LABEL = /^(?:spk_(\d+)|ch_(\d+)|channel (\d+)(?: speaker (\d+))?)$/;

function numberOrLetter(value: string): string {
	return /^\d+$/.test(value) ? String(Number(value)) : value.toUpperCase();
}

/**
 * A readable name for a speaker's label, the same for every segment of that label: a name stays
 * as written; a label that only numbers or letters a speaker becomes "Speaker 1", "Speaker A",
 * keeping the file's own number or letter (never renumbered, so it can be found in the source).
 * `labelsAreIds`: the label is a service's id (Deepgram's 0, AssemblyAI's A), never a name.
 */
export function speakerNameFor(label: string, labelsAreIds: boolean): string {
	const generic = GENERIC_SPEAKER.exec(label);
	if (generic) return `Speaker ${numberOrLetter(generic[1])}`;
	if (!labelsAreIds) return label;
	if (/^(?:\d+|[A-Za-z])$/.test(label)) return `Speaker ${numberOrLetter(label)}`;
	const service = SERVICE_LABEL.exec(label);
	if (!service) return label;
	const [, spk, ch, channel, channelSpeaker] = service;
	if (spk !== undefined) return `Speaker ${Number(spk)}`;
	if (ch !== undefined) return `Channel ${Number(ch)}`;
	return channelSpeaker === undefined
		? `Channel ${channel}`
		: `Channel ${channel} Speaker ${channelSpeaker}`;
}

/**
 * Gives each label an id and every speaker a name, in order of first appearance. Claap requires a
 * name on every listed speaker, so cues without a label go to one "Unknown speaker" rather than to
 * an unnamed one. A file without any speaker information gets that single speaker too, rather than
 * no speaker list: Claap then shows a name, not a bare id, and Speaker Mapping can rename it.
 */
function speakerRegistry(mode: BuildOptions['speakerIds'], cues: Cue[]) {
	const speakers: TranscriptSpeaker[] = [];
	const ids = new Map<string, string>();
	const labelsAreIds = mode === 'label';
	let unknownId: string | undefined;
	const add = (id: string, name: string) => {
		speakers.push({ speakerId: id, name });
		return id;
	};
	const id = (label: string | undefined): string => {
		const name = label === undefined ? '' : collapseWhitespace(label);
		if (name === '' && labelsAreIds) {
			unknownId ??= add(unusedLabelId(cues), UNKNOWN_SPEAKER);
			return unknownId;
		}
		const speakerName = name === '' ? UNKNOWN_SPEAKER : speakerNameFor(name, labelsAreIds);
		// Names are one speaker whatever their case or spelling ("ADA", "Ada"; "speaker_1",
		// "Speaker 1"); the first spelling is kept.
		const key = labelsAreIds ? name : speakerName.toLowerCase();
		let known = ids.get(key);
		if (known === undefined) {
			known = add(labelsAreIds ? name : String(speakers.length + 1), speakerName);
			ids.set(key, known);
		}
		return known;
	};
	return { id, speakers };
}

/** The id for cues without a label, when the labels themselves are ids: "unknown" unless a label took it. */
function unusedLabelId(cues: Cue[]): string {
	// Compared as the ids are made: spaces collapsed.
	const labels = new Set(
		cues.map((cue) => (cue.speaker === undefined ? undefined : collapseWhitespace(cue.speaker))),
	);
	for (const candidate of ['unknown', 'unlabeled', 'unknown speaker']) {
		if (!labels.has(candidate)) return candidate;
	}
	return 'no speaker label';
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
	return (
		last === 46 ||
		last === 33 ||
		last === 63 ||
		last === 0x3002 ||
		last === 0xff01 ||
		last === 0xff1f
	);
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
