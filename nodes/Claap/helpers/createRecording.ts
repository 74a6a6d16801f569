import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { claapApiRequest } from '../transport';
import type { CreateInputs } from './createInputs';
import type { CreateProgress } from './createProgress';
import {
	createProgressKey,
	recallCreateAttempt,
	recordingsHeldInExecution,
	rememberCreateProgress,
	rememberUnknownCreate,
} from './createProgress';
import { findEarlierRecording, findRecordingsLike, shouldLookForEarlier } from './earlierRecording';

/** POST /v1/recordings: the one call that spends the author's quota, never sent twice blindly. */
export async function createRecording(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	itemIndex: number,
): Promise<IDataObject> {
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
	const found = await findRecordingsLike.call(
		this,
		inputs.body,
		sinceMs - CLOCK_MARGIN_MS,
		itemIndex,
		inputs.policy,
		excluded,
	);
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
	return {
		recording: found[0],
		uploaded: {},
		alreadyCreated: true,
		uploadsDone: found[0].state !== 'Empty',
	};
}

/** An earlier run's recording, when the options ask to look for one: its state says what it still needs. */
async function earlierProgress(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	itemIndex: number,
	excluded: Set<string>,
): Promise<CreateProgress | undefined> {
	if (!shouldLookForEarlier(inputs.reuse, this.getMode(), inputs.body)) return undefined;
	const earlier = await findEarlierRecording.call(
		this,
		inputs.body,
		inputs.reuse,
		itemIndex,
		inputs.policy,
		excluded,
	);
	if (!earlier) return undefined;
	// Still Empty: Claap waits for its files, which can be sent again to the same URLs.
	return {
		recording: earlier,
		uploaded: {},
		alreadyCreated: true,
		uploadsDone: earlier.state !== 'Empty',
	};
}

/**
 * The recording this item's Create works on. Retry On Fail runs the node again within the
 * execution: continue what an earlier attempt of this item created, never create twice. A
 * progress holding `output` is an attempt that already finished.
 */
export async function createOrContinue(
	this: IExecuteFunctions,
	inputs: CreateInputs,
	itemIndex: number,
): Promise<CreateProgress> {
	const progressKey = createProgressKey(this, itemIndex);
	const attempt = recallCreateAttempt(progressKey);
	if (attempt?.progress) return attempt.progress;
	// Another item's recording is never this one's, however alike they look.
	const heldByOthers = recordingsHeldInExecution(this, progressKey);
	let progress =
		attempt?.createUnknownSinceMs !== undefined
			? await recordingOfUnknownCreate.call(
					this,
					inputs,
					attempt.createUnknownSinceMs,
					itemIndex,
					heldByOthers,
				)
			: await earlierProgress.call(this, inputs, itemIndex, heldByOthers);
	if (!progress) {
		// Until Claap's answer says otherwise, the create may have gone through: a re-run looks
		// first (one list call, also after a create Claap refused, which a re-run then sends again).
		rememberUnknownCreate(progressKey, Date.now());
		progress = { recording: await createRecording.call(this, inputs, itemIndex), uploaded: {} };
	}
	rememberCreateProgress(progressKey, progress);
	return progress;
}
