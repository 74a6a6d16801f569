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

	const response = (await this.helpers.httpRequestWithAuthentication.call(
		this,
		'claapApi',
		options,
	)) as IN8nHttpFullResponse;

	const { statusCode, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		throw claapApiError(this.getNode(), { statusCode, body, headers: response.headers }, request.itemIndex);
	}
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
