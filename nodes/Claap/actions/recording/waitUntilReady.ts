import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from '../../helpers/errors';
import { pause } from '../../helpers/pause';
import type { RequestPolicy } from '../../transport';
import { claapApiRequest, resultObject } from '../../transport';

export interface WaitOptions {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
}

/** The options both Wait Until Ready and Create's "Wait Until Ready" show. */
export const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'How long to wait between two checks of the recording',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1800,
		description: 'How long to wait in all before giving up. Long recordings can take as long as they last.',
	},
];

/** Reads and checks the wait options, in seconds. */
export function waitOptionsFrom(options: IDataObject): WaitOptions {
	const pollIntervalSeconds = Number(options.pollIntervalSeconds ?? 10);
	const timeoutSeconds = Number(options.waitTimeoutSeconds ?? 1800);
	if (!Number.isFinite(pollIntervalSeconds) || pollIntervalSeconds < 1) {
		throw new InvalidParameterError('Poll Interval (Seconds)', `${String(options.pollIntervalSeconds)} is too short`, 'Use 1 second or more: Claap allows 3 calls per second.');
	}
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		throw new InvalidParameterError('Wait Timeout (Seconds)', `${String(options.waitTimeoutSeconds)} is not a positive number of seconds`, 'Use e.g. 1800 for half an hour.');
	}
	return { pollIntervalSeconds, timeoutSeconds };
}

/** Failed is final: waiting again changes nothing. */
export const RECORDING_FAILED_HINT =
	'Failed is final: waiting again will not change it. The media was probably unusable (a format Claap cannot read, a corrupt file or a broken link): check the file, then delete this recording and create it again.';

/**
 * Polls the recording until Claap has processed it. Ready returns the recording; Failed, a
 * timeout or a cancelled execution is an error that names the recording.
 */
export async function waitUntilReady(
	this: IExecuteFunctions,
	recordingId: string,
	options: WaitOptions,
	itemIndex: number,
	policy?: RequestPolicy,
): Promise<IDataObject> {
	const signal = this.getExecutionCancelSignal();
	const deadline = Date.now() + options.timeoutSeconds * 1000;
	for (;;) {
		const result = await claapApiRequest.call(this, {
			method: 'GET',
			endpoint: `/v1/recordings/${encodeURIComponent(recordingId)}`,
			qs: { returnAiFields: true },
			itemIndex,
			policy,
		});
		const recording = resultObject.call(this, result, 'recording', itemIndex);
		const state = String(recording.state ?? 'unknown');
		if (state === 'Ready') return recording;
		if (state === 'Failed') {
			throw new NodeOperationError(this.getNode(), `Claap could not process recording ${recordingId} (state Failed)`, {
				itemIndex,
				description: RECORDING_FAILED_HINT,
			});
		}
		const waitMs = options.pollIntervalSeconds * 1000;
		if (Date.now() + waitMs > deadline) {
			throw new NodeOperationError(
				this.getNode(),
				`Recording ${recordingId} is still ${state} after ${options.timeoutSeconds} seconds`,
				{
					itemIndex,
					description:
						state === 'Empty'
							? 'Claap is still waiting for an upload (the media, or an announced transcript). Send it, then wait again.'
							: 'Claap is still processing it. Raise Wait Timeout (Seconds), or check later with Recording → Wait Until Ready.',
				},
			);
		}
		await pause(waitMs, signal);
		if (signal?.aborted) {
			throw new NodeOperationError(this.getNode(), 'The execution was canceled while waiting for the recording', { itemIndex });
		}
	}
}
