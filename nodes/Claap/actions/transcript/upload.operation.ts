import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getTranscriptFromParameters } from '../../helpers/transcriptInput';
import { sendTranscript, uploadForItem, uploadUrlParameter } from '../../helpers/uploads';
import { requestPolicyOf } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { TRANSCRIPT_SOURCE_OPTIONS, transcriptProperties } from '../transcriptInput.descriptions';

const show = { resource: ['transcript'], operation: ['upload'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Transcript Upload URL',
		name: 'metaUrl',
		type: 'string',
		default: '={{ $json.upload?.metaUrl ?? $json.recording?.upload?.metaUrl }}',
		hint: "Filled in from the previous Claap node's output: keep it when this node follows Recording → Create",
		required: true,
		description:
			'The recording\'s upload.metaUrl, returned by Recording → Create when Transcript is "Upload Later", or found in the error item of a Create whose transcript upload failed. The default finds it in either.',
	},
	{
		displayName: 'Transcript',
		name: 'transcriptSource',
		type: 'options',
		default: 'binary',
		options: TRANSCRIPT_SOURCE_OPTIONS,
	},
	...transcriptProperties(show),
	...optionsCollection([], { uploads: true }),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const metaUrl = uploadUrlParameter.call(this, itemIndex, {
		name: 'metaUrl',
		displayName: 'Transcript Upload URL',
		fix: 'Use the upload.metaUrl of a recording created with Transcript set to "Upload Later", e.g. {{ $json.upload.metaUrl }} after Recording → Create.',
	});
	const source = this.getNodeParameter('transcriptSource', itemIndex) as 'binary' | 'fields';
	const transcript = await getTranscriptFromParameters.call(this, itemIndex, source);
	return await uploadForItem.call(this, itemIndex, {
		field: 'metaUrl',
		url: metaUrl,
		key: 'transcript',
		resume: 'Run Transcript → Upload again from this item.',
		send: async () =>
			await sendTranscript.call(
				this,
				metaUrl,
				transcript,
				requestPolicyOf.call(this, itemIndex),
				itemIndex,
			),
	});
}
