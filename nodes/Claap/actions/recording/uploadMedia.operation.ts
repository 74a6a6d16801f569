import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaFromItem } from '../../helpers/media';
import { sendMedia, uploadForItem, uploadUrlParameter } from '../../helpers/uploads';
import { requestPolicyOf } from '../../transport';
import { mediaBinaryField, optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			"Keep the default Media Upload URL when this node comes after Recording → Create: it takes the link from that node's output.",
		name: 'uploadUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Media Upload URL',
		name: 'uploadUrl',
		type: 'string',
		default: '={{ $json.upload?.url ?? $json.recording?.upload?.url }}',
		required: true,
		description:
			'The link Claap gives for sending the media. Recording → Create outputs it when Media Source is Upload Later, and in its error when a media upload failed.',
	},
	mediaBinaryField(),
	...optionsCollection([], { uploads: true }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['uploadMedia'] } },
	properties,
);

/** Sends the media of a recording that already exists: resuming never creates a second one. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const uploadUrl = uploadUrlParameter.call(this, itemIndex, {
		name: 'uploadUrl',
		displayName: 'Media Upload URL',
		fix: 'Use the upload.url of a recording created with Media Source "None", or recording.upload.url from a failed Create.',
	});
	const media = await mediaFromItem.call(this, itemIndex);
	return await uploadForItem.call(this, itemIndex, {
		field: 'url',
		url: uploadUrl,
		key: 'media',
		resume: 'Run Recording → Upload Media again from this item.',
		send: async () =>
			await sendMedia.call(
				this,
				uploadUrl,
				media,
				requestPolicyOf.call(this, itemIndex),
				itemIndex,
			),
	});
}
