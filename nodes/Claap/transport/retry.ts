import type { IDataObject } from 'n8n-workflow';

import type { RequestPolicy } from './policy';

/** Network failures in which the request cannot have reached the server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

export interface NetworkFailure {
	code: string;
	message: string;
	/** Whether the server may have received (and acted on) the request. */
	maybeReceived: boolean;
	/** A failure on this side before anything was sent (an invalid header, say): retrying repeats it. */
	local: boolean;
	cancelled: boolean;
}

// Node's own refusals to send (ERR_INVALID_CHAR in a header, ERR_HTTP_… misuse) happen before the wire.
const LOCAL_CODE = /^ERR_(INVALID|HTTP)/;

/** What went wrong with a request that got no HTTP answer, from whatever error the helpers threw. */
export function networkFailureOf(error: unknown): NetworkFailure {
	const candidate = error as {
		code?: unknown;
		httpCode?: unknown;
		message?: unknown;
		messages?: unknown;
		cause?: { code?: unknown; message?: unknown };
		errorResponse?: { code?: unknown; message?: unknown };
	};
	const codes = [
		candidate.errorResponse?.code,
		candidate.cause?.code,
		candidate.code,
		candidate.httpCode,
	];
	const code = String(
		codes.find((value) => typeof value === 'string' && /^[A-Z_]+$/.test(value)) ?? 'UNKNOWN',
	);
	const rawMessages = Array.isArray(candidate.messages) ? candidate.messages : [];
	const message = String(
		candidate.errorResponse?.message ??
			candidate.cause?.message ??
			rawMessages[0] ??
			candidate.message ??
			'no answer',
	);
	return {
		code,
		message,
		maybeReceived: !NOT_SENT_CODES.has(code) && !LOCAL_CODE.test(code),
		local: LOCAL_CODE.test(code),
		// ECONNABORTED is the HTTP client's timeout, not a cancellation.
		cancelled: code === 'ERR_CANCELED',
	};
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers?.[key];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date); undefined without one. */
export function retryAfterMs(
	headers: IDataObject | undefined,
	now = Date.now(),
): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether a 429 means the workspace's 3,000 calls for the day are used up. */
export function isDailyLimitExhausted(headers: IDataObject | undefined): boolean {
	const daily =
		header(headers, 'x-daily-ratelimit-remaining') ??
		header(headers, 'x-ratelimit-daily-remaining');
	return daily !== undefined && Number(daily) <= 0;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

/**
 * Time to wait before retry number `retry` (1-based): what Claap asks for when it says,
 * else exponential backoff with jitter, so that parallel workflows do not retry in step.
 */
export function retryDelayMs(
	retry: number,
	headers?: IDataObject,
	random: () => number = Math.random,
): number {
	const asked = retryAfterMs(headers);
	if (asked !== undefined) return asked;
	if (header(headers, 'x-ratelimit-remaining') === '0') {
		// The per-second allowance is spent: a second refills it.
		return 1000 + Math.floor(random() * 250);
	}
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
	return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

/** Whether one more retry fits the policy, given the attempts made and the wait it would need. */
export function mayRetry(
	policy: RequestPolicy,
	retriesDone: number,
	startedAt: number,
	delayMs: number,
	now = Date.now(),
): boolean {
	return retriesDone < policy.maxRetries && now + delayMs - startedAt <= policy.maxRetryTimeMs;
}
