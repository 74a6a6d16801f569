import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Names and emails for the speakers of a transcript file or JSON, matched by name or label. */
export function speakerMapping(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Speaker Mapping',
		name: 'speakerMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Speaker Mapping',
		default: {},
		description:
			'Who the transcript\'s speakers are, so Claap can link them to people. Match a speaker by its name in the file ("Ada Lovelace"), the name the node gives a label ("Speaker 0", "Speaker A", "Unknown speaker") or the label itself ("spk_0", "A", "0").',
		displayOptions,
		options: [
			{
				displayName: 'Speaker',
				name: 'speaker',
				values: [
					{
						displayName: 'Match',
						name: 'match',
						type: 'string',
						default: '',
						placeholder: 'e.g. spk_0',
						description: "The speaker's name or label in the transcript (not case-sensitive)",
					},
					{
						displayName: 'Display Name',
						name: 'displayName',
						type: 'string',
						default: '',
						placeholder: 'e.g. Ada Lovelace',
					},
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						default: '',
						placeholder: 'e.g. ada@example.com',
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
	};
}
