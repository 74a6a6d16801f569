import type { Cue } from './cues';
import { buildTranscript } from './cues';
import { isObject, JsonFields, jsonReader } from './json';
import { toLangIso2 } from './language';
import { collapseWhitespace } from './text';
import type { ClaapTranscript } from './types';

const FORMAT_NAME = 'OpenAI Whisper JSON';
const fields = new JsonFields(FORMAT_NAME);

function matches(document: unknown): boolean {
	if (!isObject(document) || !Array.isArray(document.segments)) return false;
	const first: unknown = document.segments[0];
	return (
		isObject(first) &&
		typeof first.start === 'number' &&
		typeof first.end === 'number' &&
		typeof first.text === 'string' &&
		!('speakerId' in first)
	);
}

/**
 * OpenAI's `verbose_json` transcription (and the openai-whisper command line's JSON): `segments[]`
 * of `{start, end, text}` in seconds and the detected `language` ("english", or a code from the
 * command line). Whisper has no speakers, so every segment goes to one speaker, unless segments
 * carry a `speaker` as WhisperX's diarized output does.
 */
function convert(document: unknown): ClaapTranscript {
	const body = fields.object(document, 'whole file');
	if (body.segments === undefined) {
		fields.fail(
			'segments',
			'is missing: request the transcription with response_format "verbose_json"',
		);
	}
	const list = fields.list(body.segments, 'segments');
	const cues: Cue[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, 'segments');
		const [startMs, endMs] = fields.span(item, 'segments', index, ['start', 'end']);
		cues[index] = {
			startMs,
			endMs,
			text: collapseWhitespace(fields.text(item, 'text', 'segments', index)),
			speaker: fields.label(item.speaker, () => `segments[${index}].speaker`),
		};
	}
	return buildTranscript(FORMAT_NAME, cues, {
		speakerIds: 'ordinal',
		langIso2: toLangIso2(body.language),
	});
}

export const whisperJson = jsonReader('whisperJson', FORMAT_NAME, matches, convert);
