import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { GUESSES } from '../helpers/apiContract';
import type { BinaryStream } from '../helpers/binary';
import { unexpectedBodySummary } from './apiError';
import type { AttemptState } from './loop';
import { isSuccess, sendWithRetries, withAttempts } from './loop';
import type { RequestPolicy } from './policy';
import { DEFAULT_POLICY } from './policy';

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

function putOptionsOf(
	upload: SignedUpload,
	body: BinaryStream | Buffer,
	policy: RequestPolicy,
	signal?: AbortSignal,
): IHttpRequestOptions {
	return {
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
}

/**
 * PUTs a payload to one of Claap's pre-signed upload URLs, retrying what can succeed later.
 * It deliberately uses the plain request helper: the API key must never reach the storage host.
 * A PUT replaces the payload, so sending it again is safe: it never creates anything.
 */
export async function putToSignedUrl(this: IExecuteFunctions, upload: SignedUpload): Promise<void> {
	const policy = upload.policy ?? DEFAULT_POLICY;
	const signal = this.getExecutionCancelSignal();
	await sendWithRetries(this, {
		policy,
		signal,
		itemIndex: upload.itemIndex,
		mayCreate: false,
		what: `The ${upload.what} upload`,
		noAnswerHint:
			"The connection to Claap's storage broke off. The same upload can be sent again to the same URL.",
		prepare: upload.open,
		send: async (body) =>
			(await this.helpers.httpRequest(
				putOptionsOf(upload, body, policy, signal),
			)) as IN8nHttpFullResponse,
		release: closeBody,
		retryableStatus: ({ statusCode }) =>
			statusCode === 429 || statusCode === 408 || statusCode >= 500,
		settle: (response, state) => settleUpload.call(this, upload, response, state),
	});
}

function settleUpload(
	this: IExecuteFunctions,
	upload: SignedUpload,
	response: IN8nHttpFullResponse,
	{ attempt }: AttemptState,
): void {
	const { statusCode } = response;
	if (isSuccess(statusCode)) return;
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
