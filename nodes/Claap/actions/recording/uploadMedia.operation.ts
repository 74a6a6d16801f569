import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError } from '../../helpers/errors';
import { mediaFromItem, mediaSummary } from '../../helpers/media';
import { requestPolicyOf } from '../../helpers/requestPolicy';
import { withUpload } from '../../helpers/uploadOutput';
import { isHttpUrl } from '../../helpers/validation';
import { putToSignedUrl } from '../../transport';
import { mediaBinaryField, optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Media Upload URL',
		name: 'uploadUrl',
		type: 'string',
		default: '={{ $json.upload?.url ?? $json.recording?.upload?.url }}',
		required: true,
		description:
			'The recording\'s media upload URL, from Recording → Create with Media Source "None" or from the error item of a Create whose upload failed. The default finds it in either.',
	},
	mediaBinaryField(),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['uploadMedia'] } },
	properties,
);

/** Sends the media of a recording that already exists: resuming never creates a second one. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[itemIndex];
	const uploadUrl = String(this.getNodeParameter('uploadUrl', itemIndex, '') ?? '').trim();
	if (!isHttpUrl(uploadUrl)) {
		throw new InvalidParameterError(
			'Media Upload URL',
			uploadUrl ? `"${uploadUrl}" is not an http(s) URL` : 'is empty',
			'Use the upload.url of a recording created with Media Source "None", or recording.upload.url from a failed Create.',
		);
	}
	const media = await mediaFromItem.call(this, itemIndex);
	await putToSignedUrl.call(this, {
		url: uploadUrl,
		open: media.file.open,
		contentType: media.contentType,
		contentLength: media.file.byteLength,
		what: 'media',
		itemIndex,
		policy: requestPolicyOf.call(this, itemIndex),
	});

	const json = withUpload(item.json, { field: 'url', value: uploadUrl }, { key: 'media', summary: mediaSummary(media) });
	return [item.binary ? { json, binary: item.binary } : { json }];
}
