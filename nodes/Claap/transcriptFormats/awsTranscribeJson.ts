import type { Cue, TimedWord } from './cues';
import { buildTranscript, groupWords } from './cues';
import { isObject, JsonFields, jsonReader } from './json';
import { toLangIso2 } from './language';
import { collapseWhitespace } from './text';
import type { ClaapTranscript } from './types';

const FORMAT_NAME = 'AWS Transcribe JSON';
const fields = new JsonFields(FORMAT_NAME);

function matches(document: unknown): boolean {
	if (!isObject(document) || !isObject(document.results)) return false;
	const { results } = document;
	return (
		Array.isArray(results.items) &&
		(Array.isArray(results.transcripts) ||
			isObject(results.speaker_labels) ||
			Array.isArray(results.audio_segments))
	);
}

/** Speaker, or channel with channel identification; AWS labels them "spk_0", "ch_0". */
function labelOf(item: Record<string, unknown>, path: () => string): string | undefined {
	return fields.label(item.speaker_label, path) ?? fields.label(item.channel_label, path);
}

function fromAudioSegments(list: unknown[]): Cue[] {
	const listPath = 'results.audio_segments';
	const cues: Cue[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		const [startMs, endMs] = fields.span(item, listPath, index, ['start_time', 'end_time']);
		cues[index] = {
			startMs,
			endMs,
			text: collapseWhitespace(fields.text(item, 'transcript', listPath, index)),
			speaker: labelOf(item, () => `${listPath}[${index}].speaker_label`),
		};
	}
	return cues;
}

interface SpeakerTurn {
	startMs: number;
	label: string | undefined;
}

function speakerTurns(results: Record<string, unknown>): SpeakerTurn[] {
	if (!isObject(results.speaker_labels) || !Array.isArray(results.speaker_labels.segments))
		return [];
	const listPath = 'results.speaker_labels.segments';
	const list = results.speaker_labels.segments;
	const turns: SpeakerTurn[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		turns[index] = {
			startMs: fields.seconds(item, 'start_time', listPath, index),
			label: labelOf(item, () => `${listPath}[${index}].speaker_label`),
		};
	}
	return turns;
}

/** The text of an item: its first alternative's `content`. Paths are built only on failure. */
function wordOf(item: Record<string, unknown>, listPath: string, index: number): string {
	const alternatives = fields.listAt(item, 'alternatives', listPath, index);
	if (alternatives.length === 0) return '';
	const first = alternatives[0];
	if (isObject(first) && typeof first.content === 'string') return first.content;
	const alternativesPath = `${listPath}[${index}].alternatives`;
	return fields.text(
		fields.item(alternatives, 0, alternativesPath),
		'content',
		alternativesPath,
		0,
	);
}

/**
 * Rebuilds sentences from `results.items` (words with times, punctuation without), giving each word
 * its speaker: from the item itself when AWS puts it there, else from the diarization turn
 * (`speaker_labels.segments`) it falls in, found by walking both lists once (AWS writes both in
 * time order).
 */
function fromItems(results: Record<string, unknown>): Cue[] {
	const listPath = 'results.items';
	const list = results.items as unknown[];
	const turns = speakerTurns(results);
	const words: TimedWord[] = [];
	let turn = 0;
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		const content = wordOf(item, listPath, index);
		if (item.type === 'punctuation' || item.start_time === undefined) {
			// Punctuation has no time of its own: it closes the word before it.
			const previous = words[words.length - 1];
			if (previous) previous.text += content;
			continue;
		}
		const [startMs, endMs] = fields.span(item, listPath, index, ['start_time', 'end_time']);
		let speaker = labelOf(item, () => `${listPath}[${index}].speaker_label`);
		let group: number | undefined;
		if (turns.length > 0) {
			while (turn + 1 < turns.length && turns[turn + 1].startMs <= startMs) turn++;
			group = turn;
			if (speaker === undefined) speaker = turns[turn].label;
		}
		words.push({ startMs, endMs, text: content, speaker, group });
	}
	return groupWords(words);
}

/**
 * An Amazon Transcribe batch job's output. `results.audio_segments` (newer outputs) are used as
 * they are; otherwise words from `results.items` are grouped by diarization turn
 * (`results.speaker_labels.segments`) or, without speakers, into sentences. Times are decimal
 * strings of seconds; speakers keep AWS's labels ("spk_0") as ids.
 */
function convert(document: unknown): ClaapTranscript {
	const body = fields.object(document, 'whole file');
	const results = fields.object(body.results, 'results');
	let cues: Cue[];
	if (Array.isArray(results.audio_segments) && results.audio_segments.length > 0) {
		cues = fromAudioSegments(results.audio_segments);
	} else {
		fields.list(results.items, 'results.items');
		cues = fromItems(results);
	}
	return buildTranscript(FORMAT_NAME, cues, {
		speakerIds: 'label',
		langIso2: toLangIso2(results.language_code),
	});
}

export const awsTranscribeJson = jsonReader('awsTranscribeJson', FORMAT_NAME, matches, convert);
