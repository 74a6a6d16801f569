import type { INodeProperties } from 'n8n-workflow';

import {
	DEAL_CRM_TYPES,
	RECORDING_SOURCE_NAMES,
	RECORDING_SOURCES,
} from '../../helpers/apiContract';
import { optionsCollection } from '../common.descriptions';
import { reuseOptionFields, waitOptionFields } from '../options.descriptions';
import { before, since } from '../versions';

/** From version 1.2 a field of its own, hidden where the recording cannot become ready now. */
export const waitUntilReadyField: INodeProperties[] = [
	{
		displayName: 'Wait Until Ready',
		name: 'waitUntilReady',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until Claap has processed the recording, and output it then. Long recordings can take as long as they last; for long waits the Claap Trigger costs no API calls.',
		displayOptions: {
			show: since(1.2),
			hide: { mediaSource: ['none'], transcriptSource: ['uploadLater'] },
		},
	},
];

/** Before 1.2, Wait Until Ready was one of the options, next to its own settings. */
const waitUntilReadyOption: INodeProperties = {
	displayName: 'Wait Until Ready',
	name: 'waitUntilReady',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait until Claap has processed the recording, and output it then. Needs the media (and any transcript) sent now.',
};

export const createOptions = optionsCollection(
	[waitUntilReadyOption, ...waitOptionFields, ...reuseOptionFields],
	{
		uploads: true,
		latestOptions: [
			// Shown only when the node waits: settings of a wait that does not happen confuse.
			...waitOptionFields.map((field) => ({
				...field,
				displayOptions: { show: { '/waitUntilReady': [true] } },
			})),
			...reuseOptionFields,
		],
	},
);

const dealCrmType: INodeProperties = {
	displayName: 'Deal CRM',
	name: 'dealCrmType',
	type: 'options',
	default: 'hubspot',
	options: DEAL_CRM_TYPES.map((type) => ({
		name: type === 'hubspot' ? 'HubSpot' : type.charAt(0).toUpperCase() + type.slice(1),
		value: type,
	})),
	description: 'CRM holding the deal; the workspace must be connected to it',
};

const dealId: INodeProperties = {
	displayName: 'Deal ID',
	name: 'dealId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 18204455',
	description: "ID of the deal in the CRM, as in the deal's address there",
};

const meetingStart: INodeProperties = {
	displayName: 'Meeting Start',
	name: 'meetingStartedAt',
	type: 'dateTime',
	default: '',
	description: 'When the meeting started',
};

const meetingEnd: INodeProperties = {
	displayName: 'Meeting End',
	name: 'meetingEndedAt',
	type: 'dateTime',
	default: '',
	description: 'When the meeting ended',
};

const participants: INodeProperties = {
	displayName: 'Participants',
	name: 'participants',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Participant',
	default: {},
	description: 'People in the meeting',
	options: [
		{
			displayName: 'Participant',
			name: 'participant',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'e.g. nathan@example.com',
					default: '',
				},
				{
					displayName: 'Is Organizer',
					name: 'isOrganizer',
					type: 'boolean',
					default: false,
					description: 'Whether this participant organized the meeting',
				},
			],
		},
	],
};

/** From 1.2: the meeting's fields together, so what needs a meeting sits inside it. */
const meetingGroup: INodeProperties = {
	displayName: 'Meeting',
	name: 'meeting',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	placeholder: 'Add Meeting',
	// Opens with its fields: the group is added from Add Field already.
	default: { details: {} },
	description:
		'The meeting the recording is of: its times, who took part and the CRM deal it belongs to',
	options: [
		{
			displayName: 'Meeting',
			name: 'details',
			values: [
				{ ...meetingStart, required: true },
				{ ...meetingEnd, required: true },
				participants,
				{ ...dealId, description: `${dealId.description}. Leave empty for no deal.` },
				{ ...dealCrmType, description: `${dealCrmType.description}. Used with Deal ID.` },
			],
		},
	],
};

const folderId: INodeProperties = {
	displayName: 'Folder ID',
	name: 'folderId',
	type: 'string',
	default: '',
	description:
		"ID of the Claap folder to put the recording in. Find it in Get Many's output, under folderId, for a recording in that folder.",
};

const source: INodeProperties = {
	displayName: 'Source',
	name: 'source',
	type: 'options',
	default: 'Api',
	options: RECORDING_SOURCES.map((value) => ({ name: RECORDING_SOURCE_NAMES[value], value })),
	description: 'Where the recording comes from, as shown in Claap',
};

const title: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	default: '',
	placeholder: 'e.g. Discovery call with Acme',
};

function additionalFields(options: INodeProperties[], show: INodeProperties['displayOptions']) {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection' as const,
		placeholder: 'Add Field',
		default: {},
		options,
		displayOptions: show,
	};
}

export const additionalFieldsCollections: INodeProperties[] = [
	additionalFields(
		[
			{ ...dealCrmType, description: `${dealCrmType.description}. Needs a meeting.` },
			{ ...dealId, description: 'ID of the deal in the CRM. Needs Deal CRM and a meeting.' },
			folderId,
			meetingEnd,
			meetingStart,
			{
				...participants,
				description: 'People in the meeting. Needs Meeting Start and Meeting End.',
			},
			source,
			title,
		],
		{ show: before(1.2) },
	),
	additionalFields([folderId, meetingGroup, source, title], { show: since(1.2) }),
];
