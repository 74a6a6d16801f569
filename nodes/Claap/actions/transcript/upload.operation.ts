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
		displayName:
			"Keep the default Transcript Upload URL when this node comes after Recording → Create: it takes the link from that node's output.",
		name: 'metaUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Transcript Upload URL',
		name: 'metaUrl',
		type: 'string',
		default: '={{ $json.upload?.metaUrl ?? $json.recording?.upload?.metaUrl }}',
		required: true,
		description:
			'The link Claap gives for sending the transcript. Recording → Create outputs it when Transcript is Upload Later, and in its error when a transcript upload failed.',
	},
	{
		displayName: 'Transcript',
		name: 'transcriptSource',
		type: 'options',
		default: 'binary',
		options: TRANSCRIPT_SOURCE_OPTIONS,
		description: 'Where the transcript comes from',
	},
	...transcriptProperties(show, { latestBinaryField: 'data' }),
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
