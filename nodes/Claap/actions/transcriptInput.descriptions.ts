import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { titleCase } from '../helpers/titleCase';
import { TRANSCRIPT_READERS } from '../transcriptFormats';
import { speakerMapping } from './speakerMapping.descriptions';
import { before, since } from './versions';

/** Where a transcript comes from, in Recording → Create and Transcript → Upload alike. */
export const TRANSCRIPT_SOURCE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'From Binary File',
		value: 'binary',
		description: 'Upload a transcript file from the input item',
	},
	{
		name: 'From Fields',
		value: 'fields',
		description: 'Give segments and speakers as fields or JSON',
	},
];

/**
 * The transcript fields shared by Recording → Create and Transcript → Upload. Create adds "None"
 * and "Upload Later" to the sources; both read the transcript the same way.
 */
export function transcriptProperties(
	show: { resource: string[]; operation: string[] },
	{ latestBinaryField = 'transcript' } = {},
): INodeProperties[] {
	// Transcript → Upload, from 1.2, defaults to `data`, where file nodes put a file.
	const binaryFieldDefaults: Array<[string, IDisplayOptions['show']]> =
		latestBinaryField === 'transcript'
			? [['transcript', {}]]
			: [
					['transcript', before(1.2)],
					[latestBinaryField, since(1.2)],
				];
	const when = (transcriptSource: string[], extra: IDisplayOptions['show'] = {}) => ({
		show: { ...show, transcriptSource, ...extra },
	});
	return [
		...binaryFieldDefaults.map(([defaultName, versions]) => ({
			displayName: 'Transcript Binary Field',
			name: 'transcriptBinaryPropertyName',
			type: 'string' as const,
			default: defaultName,
			required: true,
			hint: 'The name of the input binary field containing the transcript file',
			description:
				'Name of the binary field (see the Binary tab of the input) that holds the transcript file',
			displayOptions: when(['binary'], versions),
		})),
		{
			displayName: 'Transcript Format',
			name: 'transcriptFormat',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Auto-Detect', value: 'auto', description: 'Recognize the format from the file' },
				...TRANSCRIPT_READERS.map((reader) => ({ name: titleCase(reader.name), value: reader.id })),
			],
			description: 'Format of the transcript file',
			displayOptions: when(['binary']),
		},
		{
			displayName: 'Input Mode',
			name: 'transcriptInputMode',
			type: 'options',
			default: 'lists',
			description: 'How to give the transcript: segment by segment, or all at once as JSON',
			options: [
				{
					name: 'Segments and Speakers',
					value: 'lists',
					description: 'Fill in segments and speakers one by one',
				},
				{
					name: 'JSON',
					value: 'json',
					description: 'Give the whole transcript as JSON, e.g. from an expression',
				},
			],
			displayOptions: when(['fields']),
		},
		{
			displayName: 'Segments',
			name: 'segments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Segment',
			default: {},
			description:
				'What was said, when and by whom. Times are in seconds from the start of the media.',
			displayOptions: when(['fields'], { transcriptInputMode: ['lists'] }),
			options: [
				{
					displayName: 'Segment',
					name: 'segment',
					values: [
						{
							displayName: 'Start (Seconds)',
							name: 'start',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 3 },
							default: 0,
						},
						{
							displayName: 'End (Seconds)',
							name: 'end',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 3 },
							default: 0,
						},
						{
							displayName: 'Speaker ID',
							name: 'speakerId',
							type: 'string',
							default: '',
							description: 'Links the segment to a speaker below, e.g. 1',
						},
						{
							displayName: 'Text',
							name: 'text',
							type: 'string',
							typeOptions: { rows: 2 },
							default: '',
						},
					],
				},
			],
		},
		{
			displayName: 'Speakers',
			name: 'speakers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Speaker',
			default: {},
			description:
				"Who speaks. Optional; when given, every speaker needs a name and every segment's speaker ID must be listed here.",
			displayOptions: when(['fields'], { transcriptInputMode: ['lists'] }),
			options: [
				{
					displayName: 'Speaker',
					name: 'speaker',
					values: [
						{
							displayName: 'Speaker ID',
							name: 'speakerId',
							type: 'string',
							default: '',
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							required: true,
							placeholder: 'e.g. Ada Lovelace',
							default: '',
							description: 'How Claap shows the speaker; Claap requires one for every speaker',
						},
						{
							displayName: 'Email',
							name: 'email',
							type: 'string',
							placeholder: 'e.g. nathan@example.com',
							default: '',
							description: 'Lets Claap link the speaker to a person',
						},
						{
							displayName: 'Is Recorder',
							name: 'isRecorder',
							type: 'boolean',
							default: false,
							description: 'Whether this speaker made the recording',
						},
					],
				},
			],
		},
		{
			displayName: 'Transcript JSON',
			name: 'transcriptJson',
			type: 'json',
			// No sample as the default: one left in place would be uploaded instead of the real transcript.
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.transcript }}',
			hint: 'Drag the transcript from the input here, e.g. the output of a speech-to-text node',
			description:
				'The transcript as JSON: from Transcript → Get (Raw output) or Whisper, Deepgram, AssemblyAI or AWS Transcribe, or in Claap\'s upload shape ({"segments": [...], "speakers": [...]})',
			displayOptions: when(['fields'], { transcriptInputMode: ['json'] }),
		},
		{
			displayName: 'Transcript Language',
			name: 'transcriptLanguage',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description:
				"Two-letter language code of the transcript (ISO 639-1). Leave empty to keep the file's own or let Claap decide.",
			displayOptions: when(['binary', 'fields']),
		},
		// From 1.2, Segments and Speakers names its speakers in Speakers only: one list per input.
		speakerMapping(when(['binary', 'fields'], before(1.2))),
		speakerMapping(when(['binary'], since(1.2))),
		speakerMapping(when(['fields'], { ...since(1.2), transcriptInputMode: ['json'] })),
	];
}
