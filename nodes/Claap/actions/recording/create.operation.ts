import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { DEAL_CRM_TYPES, RECORDING_SOURCE_NAMES, RECORDING_SOURCES } from '../../helpers/apiContract';
import type { CreateProgress } from '../../helpers/createProgress';
import {
	createProgressKey,
	recallCreateAttempt,
	recordingsHeldInExecution,
	rememberCreateProgress,
	rememberUnknownCreate,
} from '../../helpers/createProgress';
import type { ReuseSettings } from '../../helpers/earlierRecording';
import {
	findEarlierRecording,
	findRecordingsLike,
	reuseOptionFields,
	reuseSettingsFrom,
	shouldLookForEarlier,
} from '../../helpers/earlierRecording';
import { InvalidParameterError, resumableError } from '../../helpers/errors';
import type { ParticipantRow } from '../../helpers/recordingBody';
import { buildCreateRecordingBody } from '../../helpers/recordingBody';
import type { TranscriptSource } from '../../helpers/transcriptInput';
import { getTranscriptFromParameters } from '../../helpers/transcriptInput';
import { mediaFromItem } from '../../helpers/media';
import { mediaHintsOfCreate } from '../../helpers/waitSchedule';
import { ACCEPTED_MEDIA_FORMATS } from '../../helpers/validation';
import type { MediaToUpload } from '../../helpers/media';
import type { ClaapTranscript } from '../../transcript';
import type { RequestPolicy } from '../../transport';
import { claapApiRequest, requestPolicyOf } from '../../transport';
import { sendMedia, sendTranscript } from '../uploads';
import { mediaBinaryField, optionsCollection, transcriptProperties } from '../common.descriptions';
import type { WaitOptions } from './waitUntilReady';
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
				options: RECORDING_SOURCES.map((source) => ({ name: RECORDING_SOURCE_NAMES[source], value: source })),
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
		...reuseOptionFields,
	], { uploads: true }),
];

export const description = updateDisplayOptions({ show }, properties);

/** Everything Create needs, read and checked before anything is sent. */
interface CreateInputs {
	body: IDataObject;
	mediaSource: 'binary' | 'url' | 'none';
	transcriptSource: TranscriptSource;
	media?: MediaToUpload;
	transcript?: ClaapTranscript;
	wait?: WaitOptions;
	reuse: ReuseSettings;
	policy: RequestPolicy;
}

async function readInputs(this: IExecuteFunctions, itemIndex: number): Promise<CreateInputs> {
	const mediaSource = this.getNodeParameter('mediaSource', itemIndex) as CreateInputs['mediaSource'];
	const transcriptSource = this.getNodeParameter('transcriptSource', itemIndex) as TranscriptSource;
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
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
	const reuse = reuseSettingsFrom(options);
	const media = mediaSource === 'binary' ? await mediaFromItem.call(this, itemIndex) : undefined;
	const transcript =
		transcriptSource === 'binary' || transcriptSource === 'fields'
			? await getTranscriptFromParameters.call(this, itemIndex, transcriptSource)
			: undefined;
	return { body, mediaSource, transcriptSource, media, transcript, wait, reuse, policy: requestPolicyOf.call(this, itemIndex) };
}

/** POST /v1/recordings: the one call that spends the author's quota, never sent twice blindly. */
async function createRecording(this: IExecuteFunctions, inputs: CreateInputs, itemIndex: number): Promise<IDataObject> {
	const { body, policy } = inputs;
	const sentAt = new Date().toISOString();
	const created = await claapApiRequest.call(this, {
		method: 'POST',
		mayCreate: true,
		endpoint: '/v1/recordings',
		body,
		itemIndex,
		policy,
		ifOutcomeUnknown: `Before creating it again, look for it with Recording → Get Many, filtered by Recorder Email ${String(body.authorEmail)} and Created After ${sentAt}, or set Options → Skip If Already Created to Always.`,
	});
	const recording = created.recording as IDataObject | undefined;
	if (typeof recording?.id !== 'string') {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			message: 'Claap answered the create without a recording ID',
			description: `Claap may still have created it. Look for it with Recording → Get Many, filtered by Recorder Email ${String(body.authorEmail)} and Created After ${sentAt}, before creating it again.`,
			itemIndex,
		});
	}
	return recording;
}

/** Claap's clock and n8n's may differ: look this much before the moment the create was sent. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * A re-run after a create whose answer was lost: the recording may exist. One found is
 * continued; none found is created; several could be the user's own, so the user decides.
 */
async function recordingOfUnknownCreate(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	sinceMs: number,
	itemIndex: number,
	excluded: Set<string>,
): Promise<CreateProgress | undefined> {
	const found = await findRecordingsLike.call(this, inputs.body, sinceMs - CLOCK_MARGIN_MS, itemIndex, inputs.policy, excluded);
	if (found.length === 0) return undefined;
	if (found.length > 1) {
		throw new NodeOperationError(
			this.getNode(),
			`An earlier attempt may have created this recording, and ${found.length} recordings match it`,
			{
				itemIndex,
				description: `Claap has ${found.map((recording) => String(recording.id)).join(', ')} by ${String(inputs.body.authorEmail)} since the attempt. Check them in Claap (Recording → Get), finish the right one with Recording → Upload Media, and delete the others.`,
			},
		);
	}
	return { recording: found[0], uploaded: {}, alreadyCreated: true, uploadsDone: found[0].state !== 'Empty' };
}

/** An earlier run's recording, when the options ask to look for one: its state says what it still needs. */
async function earlierProgress(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	itemIndex: number,
	excluded: Set<string>,
): Promise<CreateProgress | undefined> {
	if (!shouldLookForEarlier(inputs.reuse, this.getMode(), inputs.body)) return undefined;
	const earlier = await findEarlierRecording.call(this, inputs.body, inputs.reuse, itemIndex, inputs.policy, excluded);
	if (!earlier) return undefined;
	// Still Empty: Claap waits for its files, which can be sent again to the same URLs.
	return { recording: earlier, uploaded: {}, alreadyCreated: true, uploadsDone: earlier.state !== 'Empty' };
}

/** The upload URLs the user still needs after this step: those left for later. */
function urlsLeftForLater(inputs: CreateInputs, upload: IDataObject): IDataObject {
	const later: IDataObject = {};
	if (inputs.mediaSource === 'none' && upload.url) later.url = upload.url;
	if (inputs.transcriptSource === 'uploadLater' && upload.metaUrl) later.metaUrl = upload.metaUrl;
	return later;
}

/** Sends what has not arrived yet; a failure hands over the recording and the URLs still needed. */
async function sendUploads(this: IExecuteFunctions, inputs: CreateInputs, progress: CreateProgress, itemIndex: number): Promise<void> {
	const { media, transcript, policy } = inputs;
	const { recording, uploaded } = progress;
	const upload = (recording.upload ?? {}) as IDataObject;
	if (progress.uploadsDone) return;
	try {
		// Without the URLs it needs, the recording could never be completed: say so now.
		if (inputs.mediaSource !== 'url' && typeof upload.url !== 'string') throw missingUploadUrl.call(this, 'upload.url', itemIndex);
		if (inputs.transcriptSource !== 'none' && typeof upload.metaUrl !== 'string') {
			throw missingUploadUrl.call(this, 'upload.metaUrl', itemIndex);
		}
		if (media && !uploaded.media) uploaded.media = await sendMedia.call(this, upload.url as string, media, policy, itemIndex);
		if (transcript && !uploaded.transcript) {
			uploaded.transcript = await sendTranscript.call(this, upload.metaUrl as string, transcript, policy, itemIndex);
		}
	} catch (error) {
		// Whatever did not arrive can still be sent to the same URLs: hand them over.
		const pending = urlsLeftForLater(inputs, upload);
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
	// Only what this run sent: a recording found already had its link.
	if (inputs.mediaSource === 'url' && !progress.alreadyCreated) uploaded.downloadUrl = inputs.body.downloadUrl;
	progress.uploadsDone = true;
}

async function waitIfAsked(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	{ recording, uploaded, alreadyCreated }: CreateProgress,
	itemIndex: number,
): Promise<IDataObject> {
	if (!inputs.wait) return recording;
	try {
		// Files just sent: the first check waits for the time Claap is expected to take (an earlier
		// recording found may be long Ready, so it is checked at once).
		const lastSpoken = inputs.transcript?.segments.reduce((end, segment) => Math.max(end, segment.end), 0);
		const hints = mediaHintsOfCreate(inputs.body, uploaded.media as IDataObject | undefined, lastSpoken);
		return await waitUntilReady.call(this, String(recording.id), inputs.wait, itemIndex, inputs.policy, { hints, checkAtOnce: alreadyCreated === true });
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

/**
 * Read and check the inputs (nothing spent) → create, or continue what an earlier attempt of this
 * item created → send the uploads still missing (resumable from here) → wait if asked → output.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[itemIndex];
	// Everything is read and checked first: a recording, once created, counts against the
	// author's 50 per 30 days whether or not its uploads succeed.
	const inputs = await readInputs.call(this, itemIndex);

	// Retry On Fail runs the node again within the execution: continue, never create twice.
	const progressKey = createProgressKey(this, itemIndex);
	const attempt = recallCreateAttempt(progressKey);
	let progress = attempt?.progress;
	if (progress?.output) return progress.output;
	if (!progress) {
		// Another item's recording is never this one's, however alike they look.
		const heldByOthers = recordingsHeldInExecution(this, progressKey);
		progress =
			attempt?.createUnknownSinceMs !== undefined
				? await recordingOfUnknownCreate.call(this, inputs, attempt.createUnknownSinceMs, itemIndex, heldByOthers)
				: await earlierProgress.call(this, inputs, itemIndex, heldByOthers);
		if (!progress) {
			// Until Claap's answer says otherwise, the create may have gone through: a re-run looks
			// first (one list call, also after a create Claap refused, which a re-run then sends again).
			rememberUnknownCreate(progressKey, Date.now());
			progress = { recording: await createRecording.call(this, inputs, itemIndex), uploaded: {} };
		}
		rememberCreateProgress(progressKey, progress);
	}

	await sendUploads.call(this, inputs, progress, itemIndex);
	const current = await waitIfAsked.call(this, inputs, progress, itemIndex);

	// Only the upload URLs still needed are kept: the others are spent.
	const json: IDataObject = { ...current };
	delete json.upload;
	const later = urlsLeftForLater(inputs, (progress.recording.upload ?? {}) as IDataObject);
	if (Object.keys(later).length > 0) json.upload = later;
	json.uploaded = progress.uploaded;
	if (progress.alreadyCreated) json.alreadyCreated = true;
	progress.output = [item.binary ? { json, binary: item.binary } : { json }];
	return progress.output;
}

function missingUploadUrl(this: IExecuteFunctions, field: string, itemIndex: number): NodeApiError {
	return new NodeApiError(this.getNode(), {} as JsonObject, {
		message: `Claap created the recording but returned no ${field}`,
		description: 'Claap\'s answer lacked the upload URL. Try again later; if it persists, report it to Claap support.',
		itemIndex,
	});
}
