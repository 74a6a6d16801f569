import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError } from '../../helpers/errors';
import { DEFAULT_MAX_CHARACTERS, maxCharactersOf, transcriptForModel } from '../../helpers/output';
import { getRecordingId } from '../../helpers/recordingId';
import { fromClaapReadJson, isLanguageCode, TRANSCRIPT_WRITERS, writeTranscript } from '../../transcriptFormats';
import { claapApiRequest, recordingEndpoint, requestPolicyOf } from '../../transport';
import { optionsCollection, recordingLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	recordingLocator(),
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'json',
		options: [
			{ name: 'JSON', value: 'json', description: 'The transcript as item data' },
			{ name: 'File', value: 'file', description: 'The transcript as a binary file, e.g. to store or send on' },
		],
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: 'json',
		options: [
			{ name: 'Segments (JSON)', value: 'json', description: 'Segments with times, speakers and text' },
			{ name: 'Text', value: 'text', description: 'One line per segment: "mm:ss speaker: text"' },
		],
		displayOptions: { show: { '@version': [1], output: ['json'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'simplified',
		options: [
			{
				name: 'Simplified',
				value: 'simplified',
				description: 'Text with speakers and times, "mm:ss Speaker: text" a line, cut to Max Characters: what an AI agent reads best',
			},
			{ name: 'Raw', value: 'raw', description: 'Claap\'s segments (JSON) with times, speakers, text and words' },
			{ name: 'File', value: 'file', description: 'The transcript as a binary file, e.g. to store or send on' },
		],
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		displayName: 'Max Characters',
		name: 'maxCharacters',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_CHARACTERS,
		description:
			'Longest text to output (about 4 characters a token). A longer transcript is cut at a line end, with truncated: true and a note saying where it stops.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }], output: ['simplified'] } },
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		default: 'webVtt',
		options: TRANSCRIPT_WRITERS.map((writer) => ({
			name: writer.name,
			value: writer.id,
			description: `A .${writer.fileExtension} file`,
		})),
		displayOptions: { show: { output: ['file'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { output: ['file'] } },
	},
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. weekly-sync.vtt',
			description: 'Name of the output file. Default: the recording ID with the format\'s extension.',
			displayOptions: { show: { '/output': ['file'] } },
		},
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr',
			description: 'Two-letter code of a translation to get instead of the original. Claap answers "not found" when it has none.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['transcript'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const recordingId = getRecordingId.call(this, itemIndex);
	const version = this.getNode().typeVersion;
	// Version 1.1 names the outputs Simplified, Raw (version 1's JSON with segments) and File.
	const chosen = this.getNodeParameter('output', itemIndex, version < 1.1 ? 'json' : 'simplified') as string;
	const output = chosen === 'raw' ? 'json' : chosen;
	if (!['json', 'file', 'simplified'].includes(output)) {
		throw new InvalidParameterError('Output', `"${chosen}" is not an output choice`, 'Choose Simplified, Raw or File.');
	}
	const maxCharacters = output === 'simplified' ? maxCharactersOf(this.getNodeParameter('maxCharacters', itemIndex, DEFAULT_MAX_CHARACTERS)) : 0;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const lang = String(options.lang ?? '').trim().toLowerCase();
	if (lang && !isLanguageCode(lang)) {
		throw new InvalidParameterError('Language', `"${lang}" is not a two-letter language code`, 'Use an ISO 639-1 code such as "en" or "fr", or leave it empty.');
	}
	const format = output === 'json' && version < 1.1 ? (this.getNodeParameter('format', itemIndex, 'json') as string) : 'json';
	const qs: IDataObject = { format };
	if (lang) qs.lang = lang;
	const endpoint = recordingEndpoint(recordingId, '/transcript');
	const policy = requestPolicyOf.call(this, itemIndex);

	const request = async (responseType: 'json' | 'text') => {
		try {
			return await claapApiRequest.call(this, { method: 'GET', endpoint, qs, itemIndex, policy, responseType });
		} catch (error) {
			throw explainNotFound(error, lang);
		}
	};
	if (format === 'text') {
		const text = await request('text');
		return [{ json: { recordingId, text: text.text } }];
	}
	const result = await request('json');
	// The contract allows an extra `transcript` wrapper: the output has one shape either way.
	if (output === 'json') return [{ json: { recordingId, ...unwrapTranscript(result) } }];
	if (output === 'simplified') return [{ json: simplifiedTranscript(recordingId, result, maxCharacters) }];

	const transcript = fromClaapReadJson(result);
	const fileFormat = this.getNodeParameter('fileFormat', itemIndex, 'webVtt') as string;
	const file = writeTranscript(transcript, fileFormat);
	const fileName = String(options.fileName ?? '').trim() || `${recordingId}.${file.fileExtension}`;
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const binary = await this.helpers.prepareBinaryData(Buffer.from(file.content, 'utf8'), fileName, file.mimeType);
	return [
		{
			json: { recordingId, fileName, fileFormat, segments: transcript.segments.length },
			binary: { [binaryPropertyName]: binary },
		},
	];
}

/** Text with speakers and times, cut to a size a model's context can take. */
function simplifiedTranscript(recordingId: string, result: IDataObject, maxCharacters: number): IDataObject {
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

function unwrapTranscript(result: IDataObject): IDataObject {
	const inner = result.transcript;
	const isWrapped = typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Array.isArray((inner as IDataObject).segments);
	return isWrapped ? { ...(inner as IDataObject) } : result;
}

/**
 * Claap's 404 here most often means "not transcribed yet": say that in plain words first, keep
 * Claap's own words, and name the other causes.
 */
function explainNotFound(error: unknown, lang: string): unknown {
	if (error instanceof NodeApiError && error.httpCode === '404') {
		const said = /^Claap answered \d+(?: \S+)?: (.+)$/.exec(error.message)?.[1];
		const claapWords = said ? ` (Claap: "${said}")` : '';
		error.message = lang
			? `No "${lang}" transcript for this recording${claapWords}`
			: `No transcript for this recording yet${claapWords}`;
		error.description =
			'Claap transcribes a recording after its upload: the transcript is there once Recording → Get shows state Ready (Recording → Wait Until Ready waits for it). Otherwise the recording may not exist: check the ID' +
			(lang ? `, or Claap has no "${lang}" translation of it (leave Language empty for the original).` : '.');
	}
	return error;
}
