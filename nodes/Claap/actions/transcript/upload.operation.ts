import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError } from '../../helpers/errors';
import { requestPolicyOf } from '../../helpers/requestPolicy';
import { withUpload } from '../../helpers/uploadOutput';
import { getTranscriptFromParameters, transcriptSummary } from '../../helpers/transcriptInput';
import { isHttpUrl } from '../../helpers/validation';
import { putToSignedUrl } from '../../transport';
import { optionsCollection, transcriptProperties } from '../common.descriptions';

const show = { resource: ['transcript'], operation: ['upload'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Transcript Upload URL',
		name: 'metaUrl',
		type: 'string',
		default: '={{ $json.upload.metaUrl }}',
		required: true,
		description:
			'The recording\'s upload.metaUrl, returned by Recording → Create when Transcript is "Upload Later". The default takes it from the input item.',
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
	optionsCollection(),
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

	const payload = Buffer.from(JSON.stringify({ transcript }), 'utf8');
	await putToSignedUrl.call(this, {
		url: metaUrl,
		open: async () => payload,
		policy: requestPolicyOf.call(this, itemIndex),
		contentType: 'application/json',
		contentLength: payload.length,
		what: 'transcript',
		itemIndex,
	});

	const json = withUpload(
		item.json,
		{ field: 'metaUrl', value: metaUrl },
		{ key: 'transcript', summary: transcriptSummary(transcript, payload.length) },
	);
	return [item.binary ? { json, binary: item.binary } : { json }];
}
