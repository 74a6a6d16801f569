import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { DEAL_CRM_TYPES, RECORDING_SOURCES } from '../../helpers/apiContract';
import { InvalidParameterError, resumableError } from '../../helpers/errors';
import type { ParticipantRow } from '../../helpers/recordingBody';
import { buildCreateRecordingBody } from '../../helpers/recordingBody';
import type { TranscriptSource } from '../../helpers/transcriptInput';
import { getTranscriptFromParameters } from '../../helpers/transcriptInput';
import { mediaFromItem } from '../../helpers/media';
import { ACCEPTED_MEDIA_FORMATS } from '../../helpers/validation';
import type { ClaapTranscript } from '../../transcript';
import { claapApiRequest, requestPolicyOf } from '../../transport';
import { sendMedia, sendTranscript } from '../uploads';
import { mediaBinaryField, optionsCollection, transcriptProperties } from '../common.descriptions';
import { RECORDING_FAILED_HINT, waitOptionFields, waitOptionsFrom, waitUntilReady } from './waitUntilReady';

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
				name: 'None (Upload Later)',
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
		description: 'Public link to the video or audio. Claap downloads it itself: under 2 GiB, served within 5 minutes.',
		displayOptions: { show: { mediaSource: ['url'] } },
	},
	{
		displayName: 'Transcript',
		name: 'transcriptSource',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'None', value: 'none', description: 'Claap transcribes the media itself' },
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
			{
				name: 'Upload Later',
				value: 'uploadLater',
				description: 'Announce a transcript and upload it later with Transcript → Upload',
			},
		],
		description: 'A transcript to give Claap instead of letting it transcribe. Claap waits for both media and transcript.',
	},
	...transcriptProperties(show),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Deal CRM',
				name: 'dealCrmType',
				type: 'options',
				default: 'hubspot',
				options: DEAL_CRM_TYPES.map((type) => ({
					name: type === 'hubspot' ? 'HubSpot' : type.charAt(0).toUpperCase() + type.slice(1),
					value: type,
				})),
				description: 'CRM holding the deal; the workspace must be connected to it. Needs a meeting.',
			},
			{
				displayName: 'Deal ID',
				name: 'dealId',
				type: 'string',
				default: '',
				description: 'ID of the deal in the CRM. Needs Deal CRM and a meeting.',
			},
			{
				displayName: 'Folder ID',
				name: 'folderId',
				type: 'string',
				default: '',
				description: 'ID of the Claap folder to put the recording in (called a channel in Claap\'s API)',
			},
			{
				displayName: 'Meeting End',
				name: 'meetingEndedAt',
				type: 'dateTime',
				default: '',
				description: 'When the meeting ended',
			},
			{
				displayName: 'Meeting Start',
				name: 'meetingStartedAt',
				type: 'dateTime',
				default: '',
				description: 'When the meeting started',
			},
			{
				displayName: 'Participants',
				name: 'participants',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Participant',
				default: {},
				description: 'People in the meeting. Needs Meeting Start and Meeting End.',
				options: [
					{
						displayName: 'Participant',
						name: 'participant',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
							},
							{
								displayName: 'Email',
								name: 'email',
								type: 'string',
								placeholder: 'e.g. nathan@example.com',
								default: '',
							},
							{
								displayName: 'Is Organizer',
								name: 'isOrganizer',
								type: 'boolean',
								default: false,
								description: 'Whether this participant organized the meeting',
							},
						],
					},
				],
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				default: 'Api',
				options: RECORDING_SOURCES.map((source) => ({ name: source, value: source })),
				description: 'Where the recording comes from, as shown in Claap',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'e.g. Discovery call with Acme',
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Wait Until Ready',
			name: 'waitUntilReady',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until Claap has processed the recording, and output it then. Needs the media (and any transcript) sent now.',
		},
		...waitOptionFields,
	], { uploads: true }),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[itemIndex];
	const mediaSource = this.getNodeParameter('mediaSource', itemIndex) as 'binary' | 'url' | 'none';
	const transcriptSource = this.getNodeParameter('transcriptSource', itemIndex) as TranscriptSource;
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;

	// Everything is read and checked first: a recording, once created, counts against the
	// author's 50 per 30 days whether or not its uploads succeed.
	const body = buildCreateRecordingBody({
		authorEmail: this.getNodeParameter('authorEmail', itemIndex) as string,
		title: additionalFields.title as string | undefined,
		folderId: additionalFields.folderId as string | undefined,
		source: additionalFields.source as string | undefined,
		meetingStartedAt: additionalFields.meetingStartedAt,
		meetingEndedAt: additionalFields.meetingEndedAt,
		participants: ((additionalFields.participants as IDataObject | undefined)?.participant ?? []) as ParticipantRow[],
		dealId: additionalFields.dealId as string | undefined,
		dealCrmType: additionalFields.dealCrmType as string | undefined,
		// An expression yielding nothing must still be refused as an empty Media URL.
		downloadUrl: mediaSource === 'url' ? (this.getNodeParameter('downloadUrl', itemIndex, '') ?? '') : undefined,
		announceTranscript: transcriptSource !== 'none',
		timeZone: this.getTimezone(),
	});
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = options.waitUntilReady === true ? waitOptionsFrom(options) : undefined;
	if (wait && (mediaSource === 'none' || transcriptSource === 'uploadLater')) {
		throw new InvalidParameterError(
			'Wait Until Ready',
			'the recording cannot become ready while an upload is left for later',
			'Turn Wait Until Ready off and use Recording → Wait Until Ready after the last upload.',
		);
	}
	const media = mediaSource === 'binary' ? await mediaFromItem.call(this, itemIndex) : undefined;
	let transcript: ClaapTranscript | undefined;
	if (transcriptSource === 'binary' || transcriptSource === 'fields') {
		transcript = await getTranscriptFromParameters.call(this, itemIndex, transcriptSource);
	}

	const policy = requestPolicyOf.call(this, itemIndex);
	const sentAt = new Date().toISOString();
	const created = await claapApiRequest.call(this, {
		method: 'POST',
		endpoint: '/v1/recordings',
		body,
		itemIndex,
		policy,
		ifOutcomeUnknown: `Before creating it again, look for it with Recording → Get Many, filtered by Recorder Email ${String(body.authorEmail)} and Created After ${sentAt}.`,
	});
	if (typeof recordingIdOf(created) !== 'string') {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			message: 'Claap answered the create without a recording ID',
			description: `Claap may still have created it. Look for it with Recording → Get Many, filtered by Recorder Email ${String(body.authorEmail)} and Created After ${sentAt}, before creating it again.`,
			itemIndex,
		});
	}
	const recording = (created.recording ?? {}) as IDataObject;
	const upload = (recording.upload ?? {}) as IDataObject;
	const uploaded: IDataObject = {};
	const stillToUpload: IDataObject = {};
	if (mediaSource === 'none' && upload.url) stillToUpload.url = upload.url;
	if (transcriptSource === 'uploadLater' && upload.metaUrl) stillToUpload.metaUrl = upload.metaUrl;

	try {
		// Without the URLs it needs, the recording could never be completed: say so now.
		if (mediaSource !== 'url' && typeof upload.url !== 'string') throw missingUploadUrl.call(this, 'upload.url', itemIndex);
		if (transcriptSource !== 'none' && typeof upload.metaUrl !== 'string') {
			throw missingUploadUrl.call(this, 'upload.metaUrl', itemIndex);
		}
		if (media) uploaded.media = await sendMedia.call(this, upload.url as string, media, policy, itemIndex);
		if (transcript) uploaded.transcript = await sendTranscript.call(this, upload.metaUrl as string, transcript, policy, itemIndex);
	} catch (error) {
		// Whatever did not arrive can still be sent to the same URLs: hand them over.
		const pending: IDataObject = { ...stillToUpload };
		if (media && !uploaded.media) pending.url = upload.url;
		if (transcript && !uploaded.transcript) pending.metaUrl = upload.metaUrl;
		throw resumableError(
			this.getNode(),
			error,
			itemIndex,
			{ id: String(recording.id), url: recording.url as string, state: recording.state as string, upload: pending },
			'Send what is missing to the URLs in the error details: Recording → Upload Media for the media, Transcript → Upload for the transcript.',
		);
	}

	if (mediaSource === 'url') uploaded.downloadUrl = body.downloadUrl;
	let current = recording;
	if (wait) {
		try {
			current = await waitUntilReady.call(this, String(recording.id), wait, itemIndex, policy);
		} catch (error) {
			const failed = (error as { description?: string }).description === RECORDING_FAILED_HINT;
			throw resumableError(
				this.getNode(),
				error,
				itemIndex,
				{ id: String(recording.id), url: recording.url as string, state: failed ? 'Failed' : (recording.state as string) },
				failed ? 'Everything was sent.' : 'Everything was sent: check it later with Recording → Wait Until Ready or Get.',
			);
		}
	}
	// Only the upload URLs still needed are kept: the others are spent.
	const json: IDataObject = { ...current };
	delete json.upload;
	if (Object.keys(stillToUpload).length > 0) json.upload = stillToUpload;
	json.uploaded = uploaded;
	return [item.binary ? { json, binary: item.binary } : { json }];
}

function missingUploadUrl(this: IExecuteFunctions, field: string, itemIndex: number): NodeApiError {
	return new NodeApiError(this.getNode(), {} as JsonObject, {
		message: `Claap created the recording but returned no ${field}`,
		description: 'Claap\'s answer lacked the upload URL. Try again later; if it persists, report it to Claap support.',
		itemIndex,
	});
}

function recordingIdOf(created: IDataObject): unknown {
	return (created.recording as IDataObject | undefined)?.id;
}
