import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordingOutputProperties, recordingShaper } from '../../helpers/output';
import { getRecordingId } from '../../helpers/recordingId';
import { claapApiRequest, recordingEndpoint, requestPolicyOf, resultObject } from '../../transport';
import { optionsCollection, recordingLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	recordingLocator(),
	{
		displayName: 'Return AI Fields',
		name: 'returnAiFields',
		type: 'boolean',
		default: true,
		description: 'Whether to include the AI fields Claap extracted from the meeting',
	},
	...recordingOutputProperties(),
	...optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const recordingId = getRecordingId.call(this, itemIndex);
	const returnAiFields = this.getNodeParameter('returnAiFields', itemIndex, true) as boolean;
	const shape = recordingShaper.call(this, itemIndex, true);
	const result = await claapApiRequest.call(this, {
		method: 'GET',
		endpoint: recordingEndpoint(recordingId),
		qs: returnAiFields ? { returnAiFields: true } : undefined,
		itemIndex,
		policy: requestPolicyOf.call(this, itemIndex),
	});
	const recording = resultObject.call(this, result, 'recording', itemIndex);
	return [{ json: shape(recording) }];
}
