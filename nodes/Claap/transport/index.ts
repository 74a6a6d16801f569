import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CLAAP_DEFAULT_BASE_URL, GUESSES } from '../helpers/apiContract';
import { claapApiError, unexpectedBodySummary } from './errors';

type ClaapContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What n8n's binary helpers stream; derived so no Node module needs importing here. */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface ClaapRequest {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/v1/recordings`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** 'text' for endpoints answering text/plain: the result is then `{ text }`. */
	responseType?: 'json' | 'text';
}

/** Claap's list pages: `result.<key>[]` and `result.pagination.nextCursor` until the last page. */
export interface ClaapPage {
	items: IDataObject[];
	nextCursor?: string;
	totalCount?: number;
}

const LIST_PAGE_SIZE_MAX = 100;

/** One page of a list endpoint. */
export async function claapApiPage(
	this: ClaapContext,
	request: ClaapRequest,
	itemsKey: string,
): Promise<ClaapPage> {
	const result = await claapApiRequest.call(this, request);
	const pagination = (result.pagination ?? {}) as IDataObject;
	return {
		items: Array.isArray(result[itemsKey]) ? (result[itemsKey] as IDataObject[]) : [],
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
	let cursor: string | undefined;
	do {
		const wanted = maxItems === undefined ? LIST_PAGE_SIZE_MAX : Math.min(LIST_PAGE_SIZE_MAX, maxItems - collected.length);
		const qs: IDataObject = { ...(request.qs ?? {}), limit: wanted };
		if (cursor) qs.cursor = cursor;
		const page = await claapApiPage.call(this, { ...request, qs }, itemsKey);
		collected.push(...page.items);
		cursor = page.nextCursor;
	} while (cursor && (maxItems === undefined || collected.length < maxItems));
	return maxItems === undefined ? collected : collected.slice(0, maxItems);
}

/** Calls Claap's API with the credential's key and returns the `result` of Claap's envelope. */
export async function claapApiRequest(this: ClaapContext, request: ClaapRequest): Promise<IDataObject> {
	const credentials = await this.getCredentials<{ baseUrl?: string }>('claapApi');
	const baseUrl = (credentials.baseUrl || CLAAP_DEFAULT_BASE_URL).replace(/\/+$/, '');
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.endpoint}`,
		json: true,
		returnFullResponse: true,
		// Claap's error bodies carry the reason; read them instead of a generic status error.
		ignoreHttpStatusErrors: true,
	};
	if (request.body) options.body = request.body;
	if (request.qs) options.qs = request.qs;
	if (request.responseType === 'text') options.encoding = 'text';

	const response = (await this.helpers.httpRequestWithAuthentication.call(
		this,
		'claapApi',
		options,
	)) as IN8nHttpFullResponse;

	const { statusCode, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		throw claapApiError(this.getNode(), { statusCode, body, headers: response.headers }, request.itemIndex);
	}
	if (request.responseType === 'text' && typeof body === 'string') return { text: body };
	const result = (body as { result?: unknown } | undefined)?.result;
	if (typeof result !== 'object' || result === null) {
		throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
			message: `Claap answered ${statusCode} without the expected result: ${unexpectedBodySummary(body)}`,
			description: 'A proxy or an outage may have answered instead of Claap. Check the Base URL in the credential, then try again.',
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
		});
	}
	return result as IDataObject;
}

export interface SignedUpload {
	/** `upload.url` or `upload.metaUrl` from the created recording. */
	url: string;
	body: BinaryStream | Buffer;
	contentType: string;
	contentLength: number;
	/** For messages: "media" or "transcript". */
	what: string;
	itemIndex: number;
}

/**
 * PUTs a payload to one of Claap's pre-signed upload URLs. It deliberately uses the plain
 * request helper: the API key must never reach the storage host.
 */
export async function putToSignedUrl(this: IExecuteFunctions, upload: SignedUpload): Promise<void> {
	const options: IHttpRequestOptions = {
		method: 'PUT',
		url: upload.url,
		// The request type has no stream variant, yet n8n passes a stream through to the socket.
		body: upload.body as Buffer,
		headers: {
			'Content-Type': upload.contentType,
			...(GUESSES.uploadRequiresContentLength ? { 'Content-Length': upload.contentLength } : {}),
		},
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Following redirects makes the HTTP client keep a copy of the whole body to replay it.
		disableFollowRedirect: true,
		abortSignal: this.getExecutionCancelSignal(),
	};

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequest(options)) as IN8nHttpFullResponse;
	} catch (error) {
		const code = (error as { code?: string }).code;
		const interrupted = new NodeApiError(this.getNode(), {} as JsonObject, {
			description: 'The connection to Claap\'s storage broke off. The same upload can be sent again.',
			itemIndex: upload.itemIndex,
		});
		// Set afterwards: NodeApiError swaps any message naming a network code for a generic one
		// that would no longer say which upload broke off.
		interrupted.message = `The ${upload.what} upload did not complete: ${(error as Error).message}${code ? ` (${code})` : ''}`;
		throw interrupted;
	}

	if (response.statusCode < 200 || response.statusCode >= 300) {
		const expired = response.statusCode === GUESSES.expiredUploadUrlStatus;
		throw new NodeApiError(this.getNode(), { httpCode: String(response.statusCode) } as JsonObject, {
			message: `Claap's storage refused the ${upload.what} upload (${response.statusCode}): ${unexpectedBodySummary(response.body)}`,
			description: expired
				? 'The upload URL may have expired. Get the recording again for a fresh URL, or create a new recording.'
				: 'Check the file, then send the upload again.',
			httpCode: String(response.statusCode),
			itemIndex: upload.itemIndex,
		});
	}
}
