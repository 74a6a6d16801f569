import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create recording',
				description: 'Create a recording from a video or audio file or URL, optionally with its transcript',
			},
		],
		default: 'create',
	},
	...create.description,
];
