import type { Cue, TimedWord } from './cues';
import { buildTranscript, groupWords } from './cues';
import { isObject, JsonFields, jsonReader } from './json';
import { toLangIso2 } from './language';
import { collapseWhitespace } from './text';
import type { ClaapTranscript } from './types';

const FORMAT_NAME = 'Deepgram JSON';
const fields = new JsonFields(FORMAT_NAME);

function matches(document: unknown): boolean {
	if (!isObject(document) || !isObject(document.results)) return false;
	const { results } = document;
	return Array.isArray(results.channels) || Array.isArray(results.utterances);
}

/**
 * Deepgram numbers speakers from 0, separately in each channel: with several channels the
 * channel is part of the id. Without diarization, channels tell multichannel audio apart.
 */
function speakerOf(
	item: Record<string, unknown>,
	path: () => string,
	channelCount: number,
	channel?: number,
): string | undefined {
	const speaker = fields.label(item.speaker, path);
	if (channelCount < 2) return speaker;
	const itemChannel = typeof item.channel === 'number' ? item.channel : channel;
	if (itemChannel === undefined) return speaker;
	return speaker === undefined
		? `channel ${itemChannel}`
		: `channel ${itemChannel} speaker ${speaker}`;
}

function fromUtterances(list: unknown[], channelCount: number): Cue[] {
	const listPath = 'results.utterances';
	const cues: Cue[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		const [startMs, endMs] = fields.span(item, listPath, index, ['start', 'end']);
		cues[index] = {
			startMs,
			endMs,
			text: collapseWhitespace(fields.text(item, 'transcript', listPath, index)),
			speaker: speakerOf(item, () => `${listPath}[${index}].speaker`, channelCount),
		};
	}
	return cues;
}

function fromParagraphs(
	list: unknown[],
	listPath: string,
	channelCount: number,
	channel: number,
	cues: Cue[],
): void {
	for (let index = 0; index < list.length; index++) {
		const paragraph = fields.item(list, index, listPath);
		const [startMs, endMs] = fields.span(paragraph, listPath, index, ['start', 'end']);
		const sentences = fields.listAt(paragraph, 'sentences', listPath, index);
		const texts: string[] = new Array(sentences.length);
		for (let sentence = 0; sentence < sentences.length; sentence++) {
			const item = sentences[sentence];
			if (isObject(item) && typeof item.text === 'string') texts[sentence] = item.text;
			else {
				const sentencesPath = `${listPath}[${index}].sentences`;
				texts[sentence] = fields.text(
					fields.item(sentences, sentence, sentencesPath),
					'text',
					sentencesPath,
					sentence,
				);
			}
		}
		cues.push({
			startMs,
			endMs,
			text: collapseWhitespace(texts.join(' ')),
			speaker: speakerOf(paragraph, () => `${listPath}[${index}].speaker`, channelCount, channel),
		});
	}
}

function fromWords(
	list: unknown[],
	listPath: string,
	channelCount: number,
	channel: number,
	cues: Cue[],
): void {
	const words: TimedWord[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		const [startMs, endMs] = fields.span(item, listPath, index, ['start', 'end']);
		const punctuated = item.punctuated_word;
		words[index] = {
			startMs,
			endMs,
			text:
				typeof punctuated === 'string' ? punctuated : fields.text(item, 'word', listPath, index),
			speaker: speakerOf(item, () => `${listPath}[${index}].speaker`, channelCount, channel),
		};
	}
	for (const cue of groupWords(words)) cues.push(cue);
}

/**
 * A Deepgram pre-recorded response. Utterances are used when present (`utterances=true`), else
 * each channel's paragraphs (`paragraphs=true`), else its words grouped into sentences. Speakers
 * (`diarize=true`) keep Deepgram's numbers as ids; times are seconds.
 */
function convert(document: unknown): ClaapTranscript {
	const body = fields.object(document, 'whole file');
	const results = fields.object(body.results, 'results');
	const channels =
		results.channels === undefined ? [] : fields.list(results.channels, 'results.channels');
	const firstChannel = channels[0];
	const langIso2 = toLangIso2(isObject(firstChannel) ? firstChannel.detected_language : undefined);

	let cues: Cue[] = [];
	if (Array.isArray(results.utterances) && results.utterances.length > 0) {
		cues = fromUtterances(results.utterances, channels.length);
	} else {
		for (let channel = 0; channel < channels.length; channel++) {
			const channelPath = `results.channels[${channel}]`;
			const channelItem = fields.item(channels, channel, 'results.channels');
			const alternatives = fields.list(channelItem.alternatives, `${channelPath}.alternatives`);
			if (alternatives.length === 0) continue;
			const alternativePath = `${channelPath}.alternatives[0]`;
			const alternative = fields.item(alternatives, 0, `${channelPath}.alternatives`);
			if (isObject(alternative.paragraphs) && Array.isArray(alternative.paragraphs.paragraphs)) {
				const listPath = `${alternativePath}.paragraphs.paragraphs`;
				fromParagraphs(alternative.paragraphs.paragraphs, listPath, channels.length, channel, cues);
			} else if (Array.isArray(alternative.words)) {
				fromWords(alternative.words, `${alternativePath}.words`, channels.length, channel, cues);
			}
		}
		if (cues.length === 0 && channels.length === 0) {
			fields.fail('results', 'has neither utterances nor channels');
		}
	}
	return buildTranscript(FORMAT_NAME, cues, { speakerIds: 'label', langIso2 });
}

export const deepgramJson = jsonReader('deepgramJson', FORMAT_NAME, matches, convert);
