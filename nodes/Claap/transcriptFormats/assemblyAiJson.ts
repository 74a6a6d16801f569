import type { Cue, TimedWord } from './cues';
import { buildTranscript, groupWords } from './cues';
import { isObject, JsonFields, jsonReader } from './json';
import { toLangIso2 } from './language';
import { collapseWhitespace } from './text';
import type { ClaapTranscript } from './types';

const FORMAT_NAME = 'AssemblyAI JSON';
const fields = new JsonFields(FORMAT_NAME);

/** Keys of AssemblyAI's transcript object that other services' JSON does not have. */
const ASSEMBLYAI_KEYS = [
	'audio_url',
	'audio_duration',
	'speaker_labels',
	'language_code',
	'acoustic_model',
];

function matches(document: unknown): boolean {
	if (!isObject(document) || 'results' in document) return false;
	if (!('utterances' in document) && !Array.isArray(document.words)) return false;
	if (ASSEMBLYAI_KEYS.some((key) => key in document)) return true;
	// A bare {"utterances": [...]} as copied from a response: times are whole milliseconds.
	const first: unknown = Array.isArray(document.utterances) ? document.utterances[0] : undefined;
	return (
		isObject(first) &&
		'speaker' in first &&
		Number.isInteger(first.start) &&
		Number.isInteger(first.end)
	);
}

function fromUtterances(list: unknown[]): Cue[] {
	const cues: Cue[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, 'utterances');
		const [startMs, endMs] = fields.span(
			item,
			'utterances',
			index,
			['start', 'end'],
			'milliseconds',
		);
		cues[index] = {
			startMs,
			endMs,
			text: collapseWhitespace(fields.text(item, 'text', 'utterances', index)),
			speaker: fields.label(item.speaker, () => `utterances[${index}].speaker`),
		};
	}
	return cues;
}

function fromWords(list: unknown[]): Cue[] {
	const words: TimedWord[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, 'words');
		const [startMs, endMs] = fields.span(item, 'words', index, ['start', 'end'], 'milliseconds');
		words[index] = {
			startMs,
			endMs,
			text: fields.text(item, 'text', 'words', index),
			speaker: fields.label(item.speaker, () => `words[${index}].speaker`),
		};
	}
	return groupWords(words);
}

/**
 * An AssemblyAI transcript (GET /v2/transcript/{id}). With speaker labels it has `utterances[]`
 * of `{speaker: "A", start, end, text}`, times in milliseconds; without, only `words[]`, grouped
 * here into sentences. Speakers keep AssemblyAI's letters as ids; `language_code` ("en_us") gives
 * the language.
 */
function convert(document: unknown): ClaapTranscript {
	const body = fields.object(document, 'whole file');
	let cues: Cue[];
	if (Array.isArray(body.utterances) && body.utterances.length > 0) {
		cues = fromUtterances(body.utterances);
	} else if (Array.isArray(body.words)) {
		cues = fromWords(body.words);
	} else {
		return fields.fail(
			'utterances',
			'is missing, and there are no words either: is the transcript completed?',
		);
	}
	return buildTranscript(FORMAT_NAME, cues, {
		speakerIds: 'label',
		langIso2: toLangIso2(body.language_code),
	});
}

export const assemblyAiJson = jsonReader('assemblyAiJson', FORMAT_NAME, matches, convert);
