import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from './errors';
import { waitClock } from './pause';
import type { MediaHints } from './waitSchedule';
import { expectedProcessingMs, nextCheckDelayMs } from './waitSchedule';
import type { RequestPolicy } from '../transport';
import { claapApiRequest, recordingEndpoint, resultObject } from '../transport';

export interface WaitOptions {
	/** A fixed interval the user chose; undefined for the adaptive schedule (helpers/waitSchedule.ts). */
	pollIntervalSeconds?: number;
	timeoutSeconds: number;
}

/** Reads and checks the wait options, in seconds. */
export function waitOptionsFrom(options: IDataObject): WaitOptions {
	const pollIntervalSeconds =
		options.pollIntervalSeconds === undefined ? undefined : Number(options.pollIntervalSeconds);
	const timeoutSeconds = Number(options.waitTimeoutSeconds ?? 1800);
	if (
		pollIntervalSeconds !== undefined &&
		(!Number.isFinite(pollIntervalSeconds) || pollIntervalSeconds < 1)
	) {
		throw new InvalidParameterError(
			'Poll Interval (Seconds)',
			`${String(options.pollIntervalSeconds)} is too short`,
			'Use 1 second or more: Claap allows 3 calls per second.',
		);
	}
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		throw new InvalidParameterError(
			'Wait Timeout (Seconds)',
			`${String(options.waitTimeoutSeconds)} is not a positive number of seconds`,
			'Use e.g. 1800 for half an hour.',
		);
	}
	return { pollIntervalSeconds, timeoutSeconds };
}

/** Failed is final: waiting again changes nothing. */
export const RECORDING_FAILED_HINT =
	'Failed is final: waiting again will not change it. The media was probably unusable (a format Claap cannot read, a corrupt file or a broken link): check the file, then delete this recording and create it again.';

/** How the wait starts: Create's just sent the files (check later), an operation's may be long done. */
export interface WaitStart {
	hints: MediaHints;
	/** Whether the recording is checked once at once, before the schedule. */
	checkAtOnce: boolean;
}

/**
 * Polls the recording until Claap has processed it. Ready returns the recording; Failed, a
 * timeout or a cancelled execution is an error that names the recording.
 */
export async function waitUntilReady(
	this: IExecuteFunctions,
	recordingId: string,
	options: WaitOptions,
	itemIndex: number,
	policy: RequestPolicy | undefined,
	start: WaitStart,
): Promise<IDataObject> {
	const signal = this.getExecutionCancelSignal();
	const startedAt = waitClock.now();
	const deadline = startedAt + options.timeoutSeconds * 1000;
	const expectedMs = expectedProcessingMs(start.hints);
	// The schedule counts from its first planned wait: a check made at once does not use it up.
	let waits = 0;
	const delayBeforeCheck = (): number =>
		options.pollIntervalSeconds !== undefined
			? options.pollIntervalSeconds * 1000
			: nextCheckDelayMs(waits === 0 ? 0 : waitClock.now() - startedAt, expectedMs);
	let state = 'unknown';
	for (let check = 0; ; check++) {
		if (check > 0 || !start.checkAtOnce) {
			// The last check comes at the deadline rather than after it.
			const waitMs = Math.min(delayBeforeCheck(), deadline - waitClock.now());
			if (waitMs <= 0) throw stillWaiting.call(this, recordingId, state, options, itemIndex);
			waits++;
			await waitClock.pause(waitMs, signal);
			if (signal?.aborted) {
				throw new NodeOperationError(
					this.getNode(),
					'The execution was canceled while waiting for the recording',
					{ itemIndex },
				);
			}
		}
		const result = await claapApiRequest.call(this, {
			method: 'GET',
			endpoint: recordingEndpoint(recordingId),
			qs: { returnAiFields: true },
			itemIndex,
			policy,
		});
		const recording = resultObject.call(this, result, 'recording', itemIndex);
		state = String(recording.state ?? 'unknown');
		if (state === 'Ready') return recording;
		if (state === 'Failed') {
			throw new NodeOperationError(
				this.getNode(),
				`Claap could not process recording ${recordingId} (state Failed)`,
				{
					itemIndex,
					description: RECORDING_FAILED_HINT,
				},
			);
		}
	}
}

function stillWaiting(
	this: IExecuteFunctions,
	recordingId: string,
	state: string,
	options: WaitOptions,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		this.getNode(),
		`Recording ${recordingId} is still ${state} after ${options.timeoutSeconds} seconds`,
		{
			itemIndex,
			description:
				state === 'Empty'
					? 'Claap is still waiting for an upload (the media, or an announced transcript). Send it, then wait again.'
					: 'Claap is still processing it. Raise Wait Timeout (Seconds), check later with Recording → Wait Until Ready, or start the next steps from the Claap Trigger, which waits at no cost.',
		},
	);
}
