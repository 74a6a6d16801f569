import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError } from '../../helpers/errors';
import { recordingOutputProperties, recordingShaper } from '../../helpers/output';
import { claapDate } from '../../helpers/dates';
import { isEmail } from '../../helpers/validation';
import { claapApiPaginate, requestPolicyOf } from '../../transport';
import { optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only recordings created at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only recordings created before this time',
			},
			{
				displayName: 'Folder ID',
				name: 'folderId',
				type: 'string',
				default: '',
				description:
					"Only recordings in this Claap folder. Find it in Get Many's output, under folderId, for a recording in that folder.",
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. demo,customer',
				description:
					'Comma-separated labels. Claap filters by labels only within a folder, so set Folder ID too.',
			},
			{
				displayName: 'Recorder Email',
				name: 'recorderEmail',
				type: 'string',
				default: '',
				placeholder: 'e.g. nathan@example.com',
				description: 'Only recordings made by this person',
			},
			{
				displayName: 'Recorder ID',
				name: 'recorderId',
				type: 'string',
				default: '',
				description:
					'Only recordings made by this Claap user: the recorder ID in the output of Recording → Get. Recorder Email is usually easier.',
			},
		],
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: 'created_desc',
		options: [
			{ name: 'Duration, Longest First', value: 'duration_desc' },
			{ name: 'Duration, Shortest First', value: 'duration_asc' },
			{ name: 'Newest First', value: 'created_desc' },
			{ name: 'Oldest First', value: 'created_asc' },
			{ name: 'Title, A to Z', value: 'title_asc' },
			{ name: 'Title, Z to A', value: 'title_desc' },
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a compact version of each recording instead of everything Claap sends',
		// Version 1.1 replaces it with Output (Simplified, Raw, Selected Fields).
		displayOptions: { show: { '@version': [1] } },
	},
	...recordingOutputProperties(),
	...optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['getMany'] } },
	properties,
);

/** Maps and checks the Filters collection into Claap's list query. Pure, so tests can call it. */
export function listQuery(filters: IDataObject, sort: string, timeZone: string): IDataObject {
	const qs: IDataObject = { sort };
	const folderId = String(filters.folderId ?? '').trim();
	if (folderId) qs.channelId = folderId;
	const createdAfter = claapDate('Created After', filters.createdAfter, timeZone);
	if (createdAfter) qs.createdAfter = createdAfter.iso;
	const createdBefore = claapDate('Created Before', filters.createdBefore, timeZone);
	if (createdBefore) qs.createdBefore = createdBefore.iso;
	const labels = String(filters.labels ?? '')
		.split(',')
		.map((labelName) => labelName.trim())
		.filter(Boolean);
	if (labels.length > 0) {
		if (!folderId) {
			throw new InvalidParameterError(
				'Labels',
				'Claap filters by labels only within a folder',
				'Set Folder ID as well, or remove the labels.',
			);
		}
		qs.labels = labels.join(',');
	}
	const recorderEmail = String(filters.recorderEmail ?? '').trim();
	if (recorderEmail) {
		if (!isEmail(recorderEmail)) {
			throw new InvalidParameterError(
				'Recorder Email',
				`"${recorderEmail}" is not an email address`,
				'Enter the email of a workspace member.',
			);
		}
		qs.recorderEmail = recorderEmail;
	}
	const recorderId = String(filters.recorderId ?? '').trim();
	if (recorderId) qs.recorderId = recorderId;
	return qs;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
		throw new InvalidParameterError(
			'Limit',
			`${String(limit)} is not a whole number of 1 or more`,
			'Set Limit to 1 or more, or turn on Return All.',
		);
	}
	const qs = listQuery(
		this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		this.getNodeParameter('sort', itemIndex, 'created_desc') as string,
		this.getTimezone(),
	);
	const shape = recordingShaper.call(this, itemIndex, false);
	const recordings = await claapApiPaginate.call(
		this,
		{
			method: 'GET',
			endpoint: '/v1/recordings',
			qs,
			itemIndex,
			policy: requestPolicyOf.call(this, itemIndex),
		},
		'recordings',
		limit,
	);
	return recordings.map((recording) => ({ json: shape(recording) }));
}
