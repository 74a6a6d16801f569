import type {
	IExecuteFunctions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { pause } from '../helpers/pause';
import type { RequestPolicy } from './policy';
import type { NetworkFailure } from './retry';
import { isDailyLimitExhausted, mayRetry, networkFailureOf, retryDelayMs } from './retry';

export type ClaapContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** Where the loop stands when an answer is not sent again. */
export interface AttemptState {
	/** Attempts made so far, this one included. */
	attempt: number;
	/** Whether an earlier attempt may have been carried out without its answer reaching us. */
	mayHaveActed: boolean;
}

/**
 * One HTTP call as the loop sends it: how to send an attempt, and what its final answer means.
 * `P` is what an attempt holds while it is under way (a pacing booking, an open stream).
 */
export interface RetryingCall<P, T> {
	policy: RequestPolicy;
	signal?: AbortSignal;
	itemIndex?: number;
	/**
	 * Whether Claap may create something on receiving the call. Once such a call may have
	 * arrived it is never sent again, and a server error to it is reported as ambiguous.
	 */
	mayCreate: boolean;
	/** For a call that may create: how to find out whether it did, said when that is unknown. */
	outcomeUnknown?: string;
	/** Names the call in the error when it gets no answer, e.g. "The media upload". */
	what: string;
	/** What to do when the call gets no answer. */
	noAnswerHint: string;
	/** Gets an attempt ready (waits for its turn, opens its body). */
	prepare(): Promise<P>;
	/** Sends the attempt; rejects when no HTTP answer came. */
	send(prepared: P): Promise<IN8nHttpFullResponse>;
	/** Called once the attempt is over, answered or not. */
	release(prepared: P): void;
	/** Whether an error answer is worth sending again. */
	retryableStatus(response: IN8nHttpFullResponse): boolean;
	/** The outcome of an answer that is not sent again: a value, or a thrown error. */
	settle(response: IN8nHttpFullResponse, state: AttemptState): T;
}

export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/**
 * Claap's rule for API answers: its rate limit (unless the day's calls are spent), and for a
 * call that cannot create anything, server errors and timeouts. Only a 429 proves a create was
 * refused; a server error may hide a created recording.
 */
export function isRetryableApiStatus(
	{ statusCode, headers }: IN8nHttpFullResponse,
	mayCreate: boolean,
): boolean {
	return (
		(statusCode === 429 && !isDailyLimitExhausted(headers)) ||
		(!mayCreate && (statusCode >= 500 || statusCode === 408))
	);
}

export function cancelledError(
	context: ClaapContext,
	itemIndex?: number,
	description?: string,
): NodeOperationError {
	// "canceled" as n8n spells it: that is how n8n tells a stopped execution from a failed one.
	return new NodeOperationError(
		context.getNode(),
		'The execution was canceled before Claap answered',
		{ itemIndex, description },
	);
}

/** A request that got no answer, in words that keep the network code but never the request itself. */
function noAnswerError(
	context: ClaapContext,
	failure: NetworkFailure,
	what: string,
	description: string,
	itemIndex?: number,
): NodeApiError {
	const message = `${what} got no answer: ${failure.message} (${failure.code})`;
	const error = new NodeApiError(context.getNode(), {} as JsonObject, {
		message,
		description,
		itemIndex,
	});
	// Set again: NodeApiError swaps a message naming a network code for a generic one.
	error.message = message;
	return error;
}

export function withAttempts(error: NodeApiError, attempt: number): NodeApiError {
	if (attempt > 1) error.description = `${error.description ?? ''} Tried ${attempt} times.`.trim();
	return error;
}

/** What a call that may have created something says about it: it was not sent again. */
function notSentAgain(outcomeUnknown = ''): string {
	return `It was not sent again, to avoid a duplicate. ${outcomeUnknown}`.trim();
}

export function mayHaveCreated(outcomeUnknown?: string): string {
	return `Claap may have created the recording. ${notSentAgain(outcomeUnknown)}`;
}

/** A call that got no answer: throws, or resolves once it is time to send it again. */
async function afterNoAnswer(
	context: ClaapContext,
	call: RetryingCall<unknown, unknown>,
	failure: NetworkFailure,
	attempt: number,
	startedAt: number,
): Promise<void> {
	const { signal, itemIndex } = call;
	const mayHaveCreatedIt = call.mayCreate && failure.maybeReceived;
	if (failure.cancelled || signal?.aborted) {
		throw cancelledError(
			context,
			itemIndex,
			mayHaveCreatedIt ? mayHaveCreated(call.outcomeUnknown) : undefined,
		);
	}
	if (mayHaveCreatedIt) {
		throw noAnswerError(
			context,
			failure,
			'Claap may have created the recording: the call',
			notSentAgain(call.outcomeUnknown),
			itemIndex,
		);
	}
	const delay = retryDelayMs(attempt);
	if (failure.local || !mayRetry(call.policy, attempt - 1, startedAt, delay)) {
		throw withAttempts(
			noAnswerError(context, failure, call.what, call.noAnswerHint, itemIndex),
			attempt,
		);
	}
	await pause(delay, signal);
}

/**
 * The one loop every call to Claap and to its storage runs: send → classify the answer (or its
 * absence) → retry what can succeed later, within the policy → pause. A call that may create
 * something is never sent again once it may have arrived.
 */
export async function sendWithRetries<P, T>(
	context: ClaapContext,
	call: RetryingCall<P, T>,
): Promise<T> {
	const { policy, signal, itemIndex } = call;
	const startedAt = Date.now();
	let mayHaveActed = false;

	for (let attempt = 1; ; attempt++) {
		if (signal?.aborted) throw cancelledError(context, itemIndex);
		const prepared = await call.prepare();
		if (signal?.aborted) {
			call.release(prepared);
			throw cancelledError(context, itemIndex);
		}
		let response: IN8nHttpFullResponse;
		try {
			response = await call.send(prepared);
		} catch (error) {
			call.release(prepared);
			const failure = networkFailureOf(error);
			await afterNoAnswer(
				context,
				call as RetryingCall<unknown, unknown>,
				failure,
				attempt,
				startedAt,
			);
			mayHaveActed ||= failure.maybeReceived;
			continue;
		}
		call.release(prepared);

		const { statusCode, headers } = response;
		if (!isSuccess(statusCode) && call.retryableStatus(response)) {
			const delay = retryDelayMs(attempt, headers);
			if (mayRetry(policy, attempt - 1, startedAt, delay)) {
				mayHaveActed ||= statusCode >= 500;
				await pause(delay, signal);
				continue;
			}
		}
		return call.settle(response, { attempt, mayHaveActed });
	}
}
