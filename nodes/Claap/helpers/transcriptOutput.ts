import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fromClaapReadJson, isLanguageCode, writeTranscript } from '../transcriptFormats';
import { InvalidParameterError } from './errors';
import { DEFAULT_MAX_CHARACTERS, maxCharactersOf, transcriptForModel } from './output';

/** What Transcript → Get is asked for, checked before any request. */
export interface TranscriptChoice {
	/** `json` (Raw; version 1's JSON), `simplified` or `file`. */
	output: string;
	maxCharacters: number;
	lang: string;
	/** The `format` Claap is asked for: `json`, or `text` in version 1. */
	format: string;
	fileName: string;
}

export function readTranscriptChoice(this: IExecuteFunctions, itemIndex: number): TranscriptChoice {
	const version = this.getNode().typeVersion;
	// Version 1.1 names the outputs Simplified, Raw (version 1's JSON with segments) and File.
	const fallback = version < 1.1 ? 'json' : 'simplified';
	const chosen = this.getNodeParameter('output', itemIndex, fallback) as string;
	const output = chosen === 'raw' ? 'json' : chosen;
	if (!['json', 'file', 'simplified'].includes(output)) {
		throw new InvalidParameterError(
			'Output',
			`"${chosen}" is not an output choice`,
			'Choose Simplified, Raw or File.',
		);
	}
	const maxCharacters =
		output === 'simplified'
			? maxCharactersOf(this.getNodeParameter('maxCharacters', itemIndex, DEFAULT_MAX_CHARACTERS))
			: 0;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const lang = String(options.lang ?? '')
		.trim()
		.toLowerCase();
	if (lang && !isLanguageCode(lang)) {
		throw new InvalidParameterError(
			'Language',
			`"${lang}" is not a two-letter language code`,
			'Use an ISO 639-1 code such as "en" or "fr", or leave it empty.',
		);
	}
	const format =
		output === 'json' && version < 1.1
			? (this.getNodeParameter('format', itemIndex, 'json') as string)
			: 'json';
	const fileName = String(options.fileName ?? '').trim();
	return { output, maxCharacters, lang, format, fileName };
}

/** Text with speakers and times, cut to a size a model's context can take. */
export function simplifiedTranscript(
	recordingId: string,
	result: IDataObject,
	maxCharacters: number,
): IDataObject {
	const transcript = fromClaapReadJson(result);
	const lines = writeTranscript(transcript, 'text').content.split('\n').filter(Boolean);
	const speakers = (transcript.speakers ?? []).map((speaker) => speaker.name).filter(Boolean);
	return {
		recordingId,
		...(transcript.langIso2 ? { language: transcript.langIso2 } : {}),
		...(speakers.length > 0 ? { speakers } : {}),
		...transcriptForModel(lines, maxCharacters),
	};
}

export function unwrapTranscript(result: IDataObject): IDataObject {
	const inner = result.transcript;
	const isWrapped =
		typeof inner === 'object' &&
		inner !== null &&
		!Array.isArray(inner) &&
		Array.isArray((inner as IDataObject).segments);
	return isWrapped ? { ...(inner as IDataObject) } : result;
}

/**
 * Claap's 404 here most often means "not transcribed yet": say that in plain words first, keep
 * Claap's own words, and name the other causes.
 */
export function explainTranscriptNotFound(error: unknown, lang: string): unknown {
	if (error instanceof NodeApiError && error.httpCode === '404') {
		const said = /^Claap answered \d+(?: \S+)?: (.+)$/.exec(error.message)?.[1];
		const claapWords = said ? ` (Claap: "${said}")` : '';
		error.message = lang
			? `No "${lang}" transcript for this recording${claapWords}`
			: `No transcript for this recording yet${claapWords}`;
		error.description =
			'Claap transcribes a recording after its upload: the transcript is there once Recording → Get shows state Ready (Recording → Wait Until Ready waits for it). Otherwise the recording may not exist: check the ID' +
			(lang
				? `, or Claap has no "${lang}" translation of it (leave Language empty for the original).`
				: '.');
	}
	return error;
}
