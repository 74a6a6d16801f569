import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CLAAP_DEFAULT_BASE_URL, GUESSES } from '../helpers/apiContract';
import type { BinaryStream } from '../helpers/binary';
import { pause } from '../helpers/pause';
import { claapApiError, claapErrorOf, parseJsonText, unexpectedBodySummary } from './errors';
import { paceCall } from './pacing';
import type { NetworkFailure, RequestPolicy } from './retry';
import { DEFAULT_POLICY, isDailyLimitExhausted, mayRetry, networkFailureOf, retryDelayMs } from './retry';

export type { RequestPolicy } from './retry';
export { DEFAULT_POLICY, requestOptionFields, requestPolicyFrom, requestPolicyOf } from './retry';

type ClaapContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;


export interface ClaapRequest {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/v1/recordings`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** 'text' for endpoints answering text/plain: the result is then `{ text }`. */
	responseType?: 'json' | 'text';
	policy?: RequestPolicy;
	/**
	 * For a create: how to find out whether a call that broke off after it was sent created
	 * something. Such a call is never sent again.
	 */
	ifOutcomeUnknown?: string;
}

function cancelSignalOf(context: ClaapContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/**
 * Claap's allowance belongs to the workspace, so calls share it per credential (one key, one
 * workspace), across the executions this n8n process runs.
 */
function pacingScopeOf(context: ClaapContext, baseUrl: string): string {
	const credential = context.getNode().credentials?.claapApi;
	return `${baseUrl} ${credential?.id ?? credential?.name ?? ''}`;
}

function cancelledError(context: ClaapContext, itemIndex?: number, description?: string): NodeOperationError {
	// "canceled" as n8n spells it: that is how n8n tells a stopped execution from a failed one.
	return new NodeOperationError(context.getNode(), 'The execution was canceled before Claap answered', { itemIndex, description });
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
	const error = new NodeApiError(context.getNode(), {} as JsonObject, { message, description, itemIndex });
	// Set again: NodeApiError swaps a message naming a network code for a generic one.
	error.message = message;
	return error;
}

function withAttempts(error: NodeApiError, attempts: number): NodeApiError {
	if (attempts > 1) error.description = `${error.description ?? ''} Tried ${attempts} times.`.trim();
	return error;
}

function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/**
 * Calls Claap's API with the credential's key and returns the `result` of Claap's envelope.
 * Paced to Claap's per-endpoint rate; retried on rate limits, server errors and broken
 * connections, except a create that Claap may already have received.
 */
export async function claapApiRequest(this: ClaapContext, request: ClaapRequest): Promise<IDataObject> {
	const policy = request.policy ?? DEFAULT_POLICY;
	const credentials = await this.getCredentials<{ baseUrl?: string }>('claapApi');
	const baseUrl = (credentials.baseUrl || CLAAP_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const signal = cancelSignalOf(this);
	const createsSomething = request.method === 'POST';
	const outcomeUnknown = `It was not sent again, to avoid a duplicate. ${request.ifOutcomeUnknown ?? ''}`.trim();
	const startedAt = Date.now();
	// Whether an earlier attempt may have been carried out without its answer reaching us.
	let mayHaveActed = false;

	for (let attempt = 1; ; attempt++) {
		const booking = await paceCall(pacingScopeOf(this, baseUrl), request.method, request.endpoint, signal);
		if (signal?.aborted) throw cancelledError(this, request.itemIndex);

		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.endpoint}`,
			json: true,
			returnFullResponse: true,
			// Claap's error bodies carry the reason; read them instead of a generic status error.
			ignoreHttpStatusErrors: true,
			// A redirect would carry the API key to whatever host it names.
			disableFollowRedirect: true,
			timeout: policy.timeoutMs,
		};
		if (request.body) options.body = request.body;
		if (request.qs) options.qs = request.qs;
		if (request.responseType === 'text') options.encoding = 'text';

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, 'claapApi', options)) as IN8nHttpFullResponse;
		} catch (error) {
			booking.answered();
			const failure = networkFailureOf(error);
			if (failure.cancelled || signal?.aborted) {
				throw cancelledError(this, request.itemIndex, createsSomething && failure.maybeReceived ? `Claap may have created the recording. ${outcomeUnknown}` : undefined);
			}
			if (createsSomething && failure.maybeReceived) {
				throw noAnswerError(this, failure, 'Claap may have created the recording: the call', outcomeUnknown, request.itemIndex);
			}
			mayHaveActed ||= failure.maybeReceived;
			const delay = retryDelayMs(attempt);
			if (!failure.local && mayRetry(policy, attempt - 1, startedAt, delay)) {
				await pause(delay, signal);
				continue;
			}
			throw withAttempts(
				noAnswerError(this, failure, `The call to Claap (${request.method} ${request.endpoint})`, 'Check the Base URL in the credential and the network, then try again.', request.itemIndex),
				attempt,
			);
		}

		booking.answered();
		const { statusCode, body, headers } = response;
		if (isSuccess(statusCode)) return resultOf.call(this, request, statusCode, body);
		if (statusCode >= 300 && statusCode < 400) {
			throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
				message: `Claap answered ${statusCode}, a redirect, which the node does not follow`,
				description: `Set the credential's Base URL to where it points${headers?.location ? ` (${String(headers.location)})` : ''}, if you trust that host: the API key would be sent there.`,
				httpCode: String(statusCode),
				itemIndex: request.itemIndex,
			});
		}

		// Only a 429 proves a create was refused; a server error may hide a created recording.
		const retryable =
			(statusCode === 429 && !isDailyLimitExhausted(headers)) || (!createsSomething && (statusCode >= 500 || statusCode === 408));
		const delay = retryDelayMs(attempt, headers);
		if (retryable && mayRetry(policy, attempt - 1, startedAt, delay)) {
			mayHaveActed ||= statusCode >= 500;
			await pause(delay, signal);
			if (signal?.aborted) throw cancelledError(this, request.itemIndex);
			continue;
		}
		// A delete retried after an attempt that may have gone through: nothing left means done.
		if (request.method === 'DELETE' && statusCode === 404 && mayHaveActed) return {};
		const error = claapApiError(this.getNode(), { statusCode, body, headers }, request.itemIndex);
		// A server error to a create is as ambiguous as a dropped connection: say so, not "try again".
		if (createsSomething && (statusCode >= 500 || statusCode === 408)) {
			error.description = `Claap may have created the recording. ${outcomeUnknown}`;
		}
		throw withAttempts(error, attempt);
	}
}

function resultOf(this: ClaapContext, request: ClaapRequest, statusCode: number, body: unknown): IDataObject {
	if (request.responseType === 'text' && typeof body === 'string') return { text: body };
	const parsed = parseJsonText(body);
	const result = (parsed as { result?: unknown } | undefined)?.result;
	if (typeof result === 'object' && result !== null && !Array.isArray(result)) return result as IDataObject;
	if (claapErrorOf(parsed)) throw claapApiError(this.getNode(), { statusCode, body: parsed }, request.itemIndex);
	throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
		message: `Claap answered ${statusCode} without the expected result: ${unexpectedBodySummary(body)}`,
		description: 'A proxy or an outage may have answered instead of Claap. Check the Base URL in the credential, then try again.',
		httpCode: String(statusCode),
		itemIndex: request.itemIndex,
	});
}

/** An object Claap's answer must hold, e.g. `recording` in `result.recording`. */
export function resultObject(this: ClaapContext, result: IDataObject, key: string, itemIndex?: number): IDataObject {
	const value = result[key];
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as IDataObject;
	throw new NodeApiError(this.getNode(), {} as JsonObject, {
		message: `Claap's answer has no ${key}`,
		description: 'A proxy or an outage may have answered instead of Claap. Try again in a moment.',
		itemIndex,
	});
}

/** Claap's list pages: `result.<key>[]` and `result.pagination.nextCursor` until the last page. */
export interface ClaapPage {
	items: IDataObject[];
	nextCursor?: string;
	totalCount?: number;
}

const LIST_PAGE_SIZE_MAX = 100;

/** One page of a list endpoint. */
export async function claapApiPage(this: ClaapContext, request: ClaapRequest, itemsKey: string): Promise<ClaapPage> {
	const result = await claapApiRequest.call(this, request);
	const pagination = (result.pagination ?? {}) as IDataObject;
	return {
		// Anything but objects in the list would only crash the steps after.
		items: Array.isArray(result[itemsKey])
			? (result[itemsKey] as unknown[]).filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
			: [],
		nextCursor: typeof pagination.nextCursor === 'string' && pagination.nextCursor ? pagination.nextCursor : undefined,
		totalCount: typeof pagination.totalCount === 'number' ? pagination.totalCount : undefined,
	};
}

/**
 * Follows Claap's cursor until `maxItems` are collected (all of them when undefined), asking
 * for the largest pages Claap serves so that as few calls as possible count against its limits.
 */
export async function claapApiPaginate(
	this: ClaapContext,
	request: ClaapRequest,
	itemsKey: string,
	maxItems?: number,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	const cursorsSeen = new Set<string>();
	let cursor: string | undefined;
	do {
		const wanted = maxItems === undefined ? LIST_PAGE_SIZE_MAX : Math.min(LIST_PAGE_SIZE_MAX, maxItems - collected.length);
		const qs: IDataObject = { ...(request.qs ?? {}), limit: wanted };
		if (cursor) qs.cursor = cursor;
		const page = await claapApiPage.call(this, { ...request, qs }, itemsKey);
		collected.push(...page.items);
		// An empty page or a cursor seen before would otherwise page forever on the daily budget.
		if (page.items.length === 0 || (page.nextCursor && cursorsSeen.has(page.nextCursor))) break;
		cursor = page.nextCursor;
		if (cursor) cursorsSeen.add(cursor);
	} while (cursor && (maxItems === undefined || collected.length < maxItems));
	return maxItems === undefined ? collected : collected.slice(0, maxItems);
}

export interface SignedUpload {
	/** `upload.url` or `upload.metaUrl` from the created recording. */
	url: string;
	/** Opens the payload afresh: a stream can be read only once, and every attempt needs it whole. */
	open(): Promise<BinaryStream | Buffer>;
	contentType: string;
	contentLength: number;
	/** For messages: "media" or "transcript". */
	what: string;
	itemIndex: number;
	policy?: RequestPolicy;
}

function closeBody(body: BinaryStream | Buffer): void {
	if (!Buffer.isBuffer(body)) body.destroy();
}

/**
 * PUTs a payload to one of Claap's pre-signed upload URLs, retrying what can succeed later.
 * It deliberately uses the plain request helper: the API key must never reach the storage host.
 * A PUT replaces the payload, so sending it again is safe.
 */
export async function putToSignedUrl(this: IExecuteFunctions, upload: SignedUpload): Promise<void> {
	const policy = upload.policy ?? DEFAULT_POLICY;
	const signal = this.getExecutionCancelSignal();
	const startedAt = Date.now();

	for (let attempt = 1; ; attempt++) {
		if (signal?.aborted) throw cancelledError(this, upload.itemIndex);
		const body = await upload.open();
		const options: IHttpRequestOptions = {
			method: 'PUT',
			url: upload.url,
			// The request type has no stream variant, yet n8n passes a stream through to the socket.
			body: body as Buffer,
			headers: {
				'Content-Type': upload.contentType,
				...(GUESSES.uploadRequiresContentLength ? { 'Content-Length': upload.contentLength } : {}),
			},
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Following redirects makes the HTTP client keep a copy of the whole body to replay it.
			disableFollowRedirect: true,
			timeout: policy.uploadTimeoutMs,
			abortSignal: signal,
		};

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest(options)) as IN8nHttpFullResponse;
		} catch (error) {
			closeBody(body);
			const failure = networkFailureOf(error);
			if (failure.cancelled || signal?.aborted) throw cancelledError(this, upload.itemIndex);
			const delay = retryDelayMs(attempt);
			if (!failure.local && mayRetry(policy, attempt - 1, startedAt, delay)) {
				await pause(delay, signal);
				continue;
			}
			throw withAttempts(
				noAnswerError(
					this,
					failure,
					`The ${upload.what} upload`,
					'The connection to Claap\'s storage broke off. The same upload can be sent again to the same URL.',
					upload.itemIndex,
				),
				attempt,
			);
		}
		closeBody(body);

		const { statusCode, headers } = response;
		if (isSuccess(statusCode)) return;
		const retryable = statusCode === 429 || statusCode === 408 || statusCode >= 500;
		const delay = retryDelayMs(attempt, headers);
		if (retryable && mayRetry(policy, attempt - 1, startedAt, delay)) {
			await pause(delay, signal);
			continue;
		}
		const expired = statusCode === GUESSES.expiredUploadUrlStatus;
		throw withAttempts(
			new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
				message: `Claap's storage refused the ${upload.what} upload (${statusCode}): ${unexpectedBodySummary(response.body)}`,
				description: expired
					? 'The upload URL may have expired. Get the recording again for a fresh URL, or create a new recording.'
					: 'Check the file, then send the upload again.',
				httpCode: String(statusCode),
				itemIndex: upload.itemIndex,
			}),
			attempt,
		);
	}
}
