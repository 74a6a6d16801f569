import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_MAX_CHARACTERS } from '../../helpers/output';
import { getRecordingId } from '../../helpers/recordingId';
import {
	explainTranscriptNotFound,
	readTranscriptChoice,
	simplifiedTranscript,
	unwrapTranscript,
} from '../../helpers/transcriptOutput';
import { fromClaapReadJson, TRANSCRIPT_WRITERS, writeTranscript } from '../../transcriptFormats';
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
			{ name: 'Item Data', value: 'json', description: 'The transcript as item data' },
			{
				name: 'File',
				value: 'file',
				description: 'The transcript as a file in a binary field, e.g. to store or send on',
			},
		],
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: 'json',
		options: [
			{
				name: 'Segments',
				value: 'json',
				description: "Claap's segments with times, speakers and text",
			},
			{ name: 'Text', value: 'text', description: 'One line per segment: "mm:ss Speaker: text"' },
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
				description:
					'Text with speakers and times, "mm:ss Speaker: text" a line, cut to Max Characters: what an AI agent reads best',
			},
			{
				name: 'Raw',
				value: 'raw',
				description:
					"Claap's transcript as item data: segments with times, speakers, text and words",
			},
			{
				name: 'File',
				value: 'file',
				description:
					'The transcript as a file in a binary field, in the File Format chosen, e.g. to store or send on',
			},
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
			'Longest transcript text to output. A longer transcript is cut at the end of a line, and the output says where it stops. 4 characters are about one token of an AI model.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }], output: ['simplified'] } },
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		default: 'webVtt',
		options: TRANSCRIPT_WRITERS.map((writer) => ({
			name: `${writer.name} (.${writer.fileExtension})`,
			value: writer.id,
			description: writer.description,
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
	...optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. weekly-sync.vtt',
			description:
				"Name of the output file. Default: the recording ID with the format's extension.",
			displayOptions: { show: { '/output': ['file'] } },
		},
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr',
			description:
				'Two-letter code of a translation to get instead of the original. Claap answers "not found" when it has none.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['transcript'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const recordingId = getRecordingId.call(this, itemIndex);
	const { output, maxCharacters, lang, format, fileName } = readTranscriptChoice.call(
		this,
		itemIndex,
	);
	const qs: IDataObject = { format };
	if (lang) qs.lang = lang;
	const endpoint = recordingEndpoint(recordingId, '/transcript');
	const policy = requestPolicyOf.call(this, itemIndex);
	const request = async (responseType: 'json' | 'text') => {
		try {
			const call = { method: 'GET' as const, endpoint, qs, itemIndex, policy, responseType };
			return await claapApiRequest.call(this, call);
		} catch (error) {
			throw explainTranscriptNotFound(error, lang);
		}
	};
	if (format === 'text') {
		const text = await request('text');
		return [{ json: { recordingId, text: text.text } }];
	}
	const result = await request('json');
	// The contract allows an extra `transcript` wrapper: the output has one shape either way.
	if (output === 'json') return [{ json: { recordingId, ...unwrapTranscript(result) } }];
	if (output === 'simplified')
		return [{ json: simplifiedTranscript(recordingId, result, maxCharacters) }];

	const transcript = fromClaapReadJson(result);
	const fileFormat = this.getNodeParameter('fileFormat', itemIndex, 'webVtt') as string;
	const file = writeTranscript(transcript, fileFormat);
	const name = fileName || `${recordingId}.${file.fileExtension}`;
	const binaryPropertyName = this.getNodeParameter(
		'binaryPropertyName',
		itemIndex,
		'data',
	) as string;
	const content = Buffer.from(file.content, 'utf8');
	const binary = await this.helpers.prepareBinaryData(content, name, file.mimeType);
	return [
		{
			json: { recordingId, fileName: name, fileFormat, segments: transcript.segments.length },
			binary: { [binaryPropertyName]: binary },
		},
	];
}
