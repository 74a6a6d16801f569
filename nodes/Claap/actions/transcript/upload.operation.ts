import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError, recordingOfItem, resumableError } from '../../helpers/errors';
import { withUpload } from '../../helpers/uploadOutput';
import { getTranscriptFromParameters } from '../../helpers/transcriptInput';
import { isHttpUrl } from '../../helpers/validation';
import { requestPolicyOf } from '../../transport';
import { optionsCollection, transcriptProperties } from '../common.descriptions';
import { sendTranscript } from '../uploads';

const show = { resource: ['transcript'], operation: ['upload'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Transcript Upload URL',
		name: 'metaUrl',
		type: 'string',
		default: '={{ $json.upload?.metaUrl ?? $json.recording?.upload?.metaUrl }}',
		hint: 'Filled in from the previous Claap node\'s output: keep it when this node follows Recording → Create',
		required: true,
		description:
			'The recording\'s upload.metaUrl, returned by Recording → Create when Transcript is "Upload Later", or found in the error item of a Create whose transcript upload failed. The default finds it in either.',
	},
	{
		displayName: 'Transcript',
		name: 'transcriptSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'From Binary File',
				value: 'binary',
				description: 'Upload a transcript file from the input item',
			},
			{
				name: 'From Fields',
				value: 'fields',
				description: 'Give segments and speakers as fields or JSON',
			},
		],
	},
	...transcriptProperties(show),
	optionsCollection([], { uploads: true }),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[itemIndex];
	const metaUrl = String(this.getNodeParameter('metaUrl', itemIndex, '') ?? '').trim();
	if (!isHttpUrl(metaUrl)) {
		throw new InvalidParameterError(
			'Transcript Upload URL',
			metaUrl ? `"${metaUrl}" is not an http(s) URL` : 'is empty',
			'Use the upload.metaUrl of a recording created with Transcript set to "Upload Later", e.g. {{ $json.upload.metaUrl }} after Recording → Create.',
		);
	}
	const source = this.getNodeParameter('transcriptSource', itemIndex) as 'binary' | 'fields';
	const transcript = await getTranscriptFromParameters.call(this, itemIndex, source);

	let summary;
	try {
		summary = await sendTranscript.call(this, metaUrl, transcript, requestPolicyOf.call(this, itemIndex), itemIndex);
	} catch (error) {
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			recordingOfItem(item.json, { metaUrl }),
			'Run Transcript → Upload again from this item.',
		);
	}
	const json = withUpload(item.json, { field: 'metaUrl', value: metaUrl }, { key: 'transcript', summary });
	return [item.binary ? { json, binary: item.binary } : { json }];
}
