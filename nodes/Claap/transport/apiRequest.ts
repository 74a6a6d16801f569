import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CLAAP_DEFAULT_BASE_URL } from '../helpers/apiContract';
import { claapApiError, claapErrorOf, parseJsonText, unexpectedBodySummary } from './apiError';
import type { AttemptState, ClaapContext } from './loop';
import {
	isRetryableApiStatus,
	isSuccess,
	mayHaveCreated,
	sendWithRetries,
	withAttempts,
} from './loop';
import { paceCall } from './pacing';
import type { RequestPolicy } from './policy';
import { DEFAULT_POLICY } from './policy';

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
	 * Whether Claap may create something on receiving this call. Such a call is never sent
	 * again once it may have arrived, nor after a server error.
	 */
	mayCreate?: boolean;
	/** For a call that may create: how to find out whether a call that broke off created something. */
	ifOutcomeUnknown?: string;
}

/** The path of one recording, or of something under it: `/v1/recordings/{id}` + `under`. */
export function recordingEndpoint(recordingId: string, under = ''): string {
	return `/v1/recordings/${encodeURIComponent(recordingId)}${under}`;
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

function requestOptionsOf(
	request: ClaapRequest,
	baseUrl: string,
	policy: RequestPolicy,
): IHttpRequestOptions {
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
	return options;
}

/**
 * Calls Claap's API with the credential's key and returns the `result` of Claap's envelope.
 * Paced to Claap's per-endpoint rate; retried on rate limits, server errors and broken
 * connections, except a call that may create something and that Claap may already have received.
 */
export async function claapApiRequest(
	this: ClaapContext,
	request: ClaapRequest,
): Promise<IDataObject> {
	const policy = request.policy ?? DEFAULT_POLICY;
	const credentials = await this.getCredentials<{ baseUrl?: string }>('claapApi');
	const baseUrl = (credentials.baseUrl || CLAAP_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const signal = cancelSignalOf(this);
	const mayCreate = request.mayCreate === true;
	const options = requestOptionsOf(request, baseUrl, policy);
	return await sendWithRetries(this, {
		policy,
		signal,
		itemIndex: request.itemIndex,
		mayCreate,
		outcomeUnknown: request.ifOutcomeUnknown,
		what: `The call to Claap (${request.method} ${request.endpoint})`,
		noAnswerHint: 'Check the Base URL in the credential and the network, then try again.',
		prepare: async () =>
			await paceCall(pacingScopeOf(this, baseUrl), request.method, request.endpoint, signal),
		send: async () =>
			(await this.helpers.httpRequestWithAuthentication.call(
				this,
				'claapApi',
				options,
			)) as IN8nHttpFullResponse,
		release: (booking) => booking.answered(),
		retryableStatus: (response) => isRetryableApiStatus(response, mayCreate),
		settle: (response, state) => settleApiAnswer.call(this, request, response, state),
	});
}

/** Claap's result for a success, else the error its final answer means. */
function settleApiAnswer(
	this: ClaapContext,
	request: ClaapRequest,
	{ statusCode, body, headers }: IN8nHttpFullResponse,
	{ attempt, mayHaveActed }: AttemptState,
): IDataObject {
	if (isSuccess(statusCode)) return resultOf.call(this, request, statusCode, body);
	if (statusCode >= 300 && statusCode < 400) {
		throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
			message: `Claap answered ${statusCode}, a redirect, which the node does not follow`,
			description: `Set the credential's Base URL to where it points${headers?.location ? ` (${String(headers.location)})` : ''}, if you trust that host: the API key would be sent there.`,
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
		});
	}
	// A delete retried after an attempt that may have gone through: nothing left means done.
	if (request.method === 'DELETE' && statusCode === 404 && mayHaveActed) return {};
	const error = claapApiError(this.getNode(), { statusCode, body, headers }, request.itemIndex);
	// A server error to a create is as ambiguous as a dropped connection: say so, not "try again".
	if (request.mayCreate && (statusCode >= 500 || statusCode === 408)) {
		error.description = mayHaveCreated(request.ifOutcomeUnknown);
	}
	throw withAttempts(error, attempt);
}

function resultOf(
	this: ClaapContext,
	request: ClaapRequest,
	statusCode: number,
	body: unknown,
): IDataObject {
	if (request.responseType === 'text' && typeof body === 'string') return { text: body };
	const parsed = parseJsonText(body);
	const result = (parsed as { result?: unknown } | undefined)?.result;
	if (typeof result === 'object' && result !== null && !Array.isArray(result))
		return result as IDataObject;
	if (claapErrorOf(parsed))
		throw claapApiError(this.getNode(), { statusCode, body: parsed }, request.itemIndex);
	throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
		message: `Claap answered ${statusCode} without the expected result: ${unexpectedBodySummary(body)}`,
		description:
			'A proxy or an outage may have answered instead of Claap. Check the Base URL in the credential, then try again.',
		httpCode: String(statusCode),
		itemIndex: request.itemIndex,
	});
}

/** An object Claap's answer must hold, e.g. `recording` in `result.recording`. */
export function resultObject(
	this: ClaapContext,
	result: IDataObject,
	key: string,
	itemIndex?: number,
): IDataObject {
	const value = result[key];
	if (typeof value === 'object' && value !== null && !Array.isArray(value))
		return value as IDataObject;
	throw new NodeApiError(this.getNode(), {} as JsonObject, {
		message: `Claap's answer has no ${key}`,
		description: 'A proxy or an outage may have answered instead of Claap. Try again in a moment.',
		itemIndex,
	});
}
