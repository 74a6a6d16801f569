import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getRecordingId } from '../../helpers/recordingId';
import { claapApiRequest, recordingEndpoint, requestPolicyOf } from '../../transport';
import { optionsCollection, recordingLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Deleting a recording is permanent: Claap cannot restore it',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	recordingLocator({ description: 'The recording to delete permanently' }),
	...optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const recordingId = getRecordingId.call(this, itemIndex);
	await claapApiRequest.call(this, {
		method: 'DELETE',
		endpoint: recordingEndpoint(recordingId),
		itemIndex,
		policy: requestPolicyOf.call(this, itemIndex),
	});
	return [{ json: { deleted: true } }];
}
