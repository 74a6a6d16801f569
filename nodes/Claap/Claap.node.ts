import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as recording from './actions/recording/Recording.resource';
import { router } from './actions/router';
import * as transcript from './actions/transcript/Transcript.resource';

export class Claap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap',
		name: 'claap',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create Claap recordings from video, audio or links, and upload their transcripts',
		defaults: { name: 'Claap' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'claapApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Recording', value: 'recording' },
					{ name: 'Transcript', value: 'transcript' },
				],
				default: 'recording',
			},
			...recording.description,
			...transcript.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
