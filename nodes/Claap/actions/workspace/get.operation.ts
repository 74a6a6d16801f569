import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { claapApiRequest } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['workspace'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const result = await claapApiRequest.call(this, { method: 'GET', endpoint: '/v1/workspaces/mine', itemIndex });
	return [{ json: (result.workspace ?? {}) as INodeExecutionData['json'] }];
}
