import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteRecording from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as uploadMedia from './uploadMedia.operation';
import * as waitUntilReady from './waitUntilReady.operation';

export { create, deleteRecording as delete, get, getMany, uploadMedia, waitUntilReady };

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
				description:
					'Create a recording from a video or audio file or URL, optionally with its transcript',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete recording',
				description: 'Delete a recording permanently',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get recording',
				description: 'Get a recording with its summary, action items and AI fields',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many recordings',
				description: 'List recordings, newest first, with filters',
			},
			{
				name: 'Upload Media',
				value: 'uploadMedia',
				action: 'Upload media to recording',
				description:
					'Send the video or audio of a recording created without it, or whose upload failed',
			},
			{
				name: 'Wait Until Ready',
				value: 'waitUntilReady',
				action: 'Wait until recording is ready',
				description: 'Wait until Claap has processed a recording, then output it',
			},
		],
		default: 'create',
	},
	...create.description,
	...deleteRecording.description,
	...get.description,
	...getMany.description,
	...uploadMedia.description,
	...waitUntilReady.description,
];
