import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspace'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get workspace',
				description: 'Get the workspace the API key belongs to: name, members and recordings count',
			},
		],
		default: 'get',
	},
	...get.description,
];
