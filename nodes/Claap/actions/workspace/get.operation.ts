import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { claapApiRequest, requestPolicyOf, resultObject } from '../../transport';
import { optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = optionsCollection();

export const description = updateDisplayOptions(
	{ show: { resource: ['workspace'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const result = await claapApiRequest.call(this, {
		method: 'GET',
		endpoint: '/v1/workspaces/mine',
		itemIndex,
		policy: requestPolicyOf.call(this, itemIndex),
	});
	return [{ json: resultObject.call(this, result, 'workspace', itemIndex) }];
}
