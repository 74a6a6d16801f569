import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCreateInputs } from '../../helpers/createInputs';
import { createOrContinue } from '../../helpers/createRecording';
import { createOutput, sendCreateUploads, waitIfAsked } from '../../helpers/createUploads';
import { ACCEPTED_MEDIA_FORMATS } from '../../helpers/validation';
import { mediaBinaryField } from '../common.descriptions';
import { TRANSCRIPT_SOURCE_OPTIONS, transcriptProperties } from '../transcriptInput.descriptions';
import {
	additionalFieldsCollections,
	createOptions,
	waitUntilReadyField,
} from './create.descriptions';

const show = { resource: ['recording'], operation: ['create'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Author Email',
		name: 'authorEmail',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		required: true,
		description:
			'Email of the workspace member the recording belongs to. Each author can create 50 recordings every 30 days through the API.',
	},
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Upload a video or audio file from the input item',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'Claap downloads the file from a public link',
			},
			{
				name: 'Upload Later',
				value: 'none',
				description: 'Create the recording only; the output holds the upload URL',
			},
		],
		description: `Where the video or audio comes from. Claap accepts ${ACCEPTED_MEDIA_FORMATS}.`,
	},
	mediaBinaryField({ displayOptions: { show: { mediaSource: ['binary'] } } }),
	{
		displayName: 'Media URL',
		name: 'downloadUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/meeting.mp4',
		description:
			'Public link to the video or audio. Claap downloads it itself: under 2 GiB, served within 5 minutes.',
		displayOptions: { show: { mediaSource: ['url'] } },
	},
	{
		displayName: 'Transcript',
		name: 'transcriptSource',
		type: 'options',
		default: 'none',
		options: [
			{
				name: 'None (Claap Transcribes)',
				value: 'none',
				description: 'Claap transcribes the media itself',
			},
			...TRANSCRIPT_SOURCE_OPTIONS,
			{
				name: 'Upload Later',
				value: 'uploadLater',
				description: 'Announce a transcript and upload it later with Transcript → Upload',
			},
		],
		description:
			'A transcript to give Claap instead of letting it transcribe. Claap waits for both media and transcript.',
	},
	...transcriptProperties(show),
	...waitUntilReadyField,
	...additionalFieldsCollections,
	...createOptions,
];

export const description = updateDisplayOptions({ show }, properties);

/**
 * Read and check the inputs (nothing spent) → create, or continue what an earlier attempt of this
 * item created → send the uploads still missing (resumable from here) → wait if asked → output.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// Everything is read and checked first: a recording, once created, counts against the
	// author's 50 per 30 days whether or not its uploads succeed.
	const inputs = await readCreateInputs.call(this, itemIndex);
	const progress = await createOrContinue.call(this, inputs, itemIndex);
	if (progress.output) return progress.output;
	await sendCreateUploads.call(this, inputs, progress, itemIndex);
	const current = await waitIfAsked.call(this, inputs, progress, itemIndex);
	progress.output = [createOutput(this.getInputData()[itemIndex], inputs, progress, current)];
	return progress.output;
}
