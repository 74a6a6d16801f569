import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InvalidParameterError, recordingOfItem, resumableError } from '../../helpers/errors';
import { mediaFromItem } from '../../helpers/media';
import { withUpload } from '../../helpers/uploadOutput';
import { isHttpUrl } from '../../helpers/validation';
import { requestPolicyOf } from '../../transport';
import { mediaBinaryField, optionsCollection } from '../common.descriptions';
import { sendMedia } from '../uploads';

const properties: INodeProperties[] = [
	{
		displayName: 'Media Upload URL',
		name: 'uploadUrl',
		type: 'string',
		default: '={{ $json.upload?.url ?? $json.recording?.upload?.url }}',
		hint: 'Filled in from the previous Claap node\'s output: keep it when this node follows Recording → Create',
		required: true,
		description:
			'The recording\'s media upload URL, from Recording → Create with Media Source "None" or from the error item of a Create whose upload failed. The default finds it in either.',
	},
	mediaBinaryField(),
	optionsCollection([], { uploads: true }),
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
	let summary;
	try {
		summary = await sendMedia.call(this, uploadUrl, media, requestPolicyOf.call(this, itemIndex), itemIndex);
	} catch (error) {
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			recordingOfItem(item.json, { url: uploadUrl }),
			'Run Recording → Upload Media again from this item.',
		);
	}
	const json = withUpload(item.json, { field: 'url', value: uploadUrl }, { key: 'media', summary });
	return [item.binary ? { json, binary: item.binary } : { json }];
}
