import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as recording from './actions/recording/Recording.resource';
import { router } from './actions/router';
import { LATEST_VERSION, NODE_VERSIONS } from './actions/versions';
import * as transcript from './actions/transcript/Transcript.resource';
import * as workspace from './actions/workspace/Workspace.resource';
import { searchRecordings } from './methods/listSearch';

export class Claap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap',
		name: 'claap',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['transform'],
		// What each version changed: actions/versions.ts.
		version: NODE_VERSIONS,
		defaultVersion: LATEST_VERSION,
		// "Create recording", as the action is named, rather than "create: recording".
		subtitle:
			'={{ ({ "recording:create": "Create recording", "recording:delete": "Delete recording", "recording:get": "Get recording", "recording:getMany": "Get many recordings", "recording:uploadMedia": "Upload media to recording", "recording:waitUntilReady": "Wait until recording is ready", "transcript:get": "Get transcript", "transcript:upload": "Upload transcript", "workspace:get": "Get workspace" })[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, find and manage Claap recordings and their transcripts',
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
					{ name: 'Workspace', value: 'workspace' },
				],
				default: 'recording',
			},
			...recording.description,
			...transcript.description,
			...workspace.description,
		],
	};

	methods = { listSearch: { searchRecordings } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
