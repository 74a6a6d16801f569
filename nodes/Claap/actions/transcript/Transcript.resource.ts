import type { INodeProperties } from 'n8n-workflow';

import * as upload from './upload.operation';

export { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcript'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload transcript',
				description: 'Send a transcript to a recording created with Transcript "Upload Later"',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
