import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as upload from './upload.operation';

export { get, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcript'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get transcript',
				description: "Get a recording's transcript as data or as a file (JSON, text, WebVTT, SRT)",
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload transcript',
				description: 'Send a transcript to a recording created with Transcript "Upload Later"',
			},
		],
		default: 'get',
	},
	...get.description,
	...upload.description,
];
