import { endpointKey } from '../../nodes/Claap/transport/pacing';
import {
	isDailyLimitExhausted,
	mayRetry,
	networkFailureOf,
	retryAfterMs,
	retryDelayMs,
} from '../../nodes/Claap/transport/retry';
import { DEFAULT_POLICY, requestPolicyFrom } from '../../nodes/Claap/transport/policy';

describe('networkFailureOf', () => {
	it.each([
		[
			{ httpCode: 'ECONNREFUSED', message: 'refused' },
			{ code: 'ECONNREFUSED', maybeReceived: false, local: false, cancelled: false },
		],
		[
			{ cause: { code: 'ECONNRESET', message: 'socket hang up' } },
			{ code: 'ECONNRESET', maybeReceived: true, local: false, cancelled: false },
		],
		[
			{ code: 'ECONNABORTED', message: 'timeout of 1000ms exceeded' },
			{ code: 'ECONNABORTED', maybeReceived: true, local: false, cancelled: false },
		],
		[
			{ code: 'ERR_CANCELED', message: 'canceled' },
			{ code: 'ERR_CANCELED', maybeReceived: true, local: false, cancelled: true },
		],
		[
			{ code: 'ERR_INVALID_CHAR', message: 'Invalid character in header content' },
			{ code: 'ERR_INVALID_CHAR', maybeReceived: false, local: true, cancelled: false },
		],
		[
			{ errorResponse: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.claap.io' } },
			{ code: 'ENOTFOUND', maybeReceived: false, local: false, cancelled: false },
		],
		[
			new Error('something odd'),
			{ code: 'UNKNOWN', maybeReceived: true, local: false, cancelled: false },
		],
	])('classifies %j', (error, expected) => {
		expect(networkFailureOf(error)).toMatchObject(expected);
	});
});

describe('retry timing', () => {
	it('honours Retry-After in seconds and as an HTTP date', () => {
		expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
		expect(retryAfterMs({ 'Retry-After': '0' })).toBe(0);
		expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4000)).toBe(6000);
		expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
		expect(retryAfterMs({})).toBeUndefined();
	});

	it('waits for the per-second allowance when it is spent', () => {
		expect(retryDelayMs(1, { 'x-ratelimit-remaining': '0' }, () => 0)).toBe(1000);
	});

	it('backs off exponentially with jitter, capped', () => {
		expect(retryDelayMs(1, {}, () => 0)).toBe(250);
		expect(retryDelayMs(1, {}, () => 1)).toBe(500);
		expect(retryDelayMs(3, {}, () => 0.5)).toBe(1500);
		expect(retryDelayMs(20, {}, () => 1)).toBe(20_000);
	});

	it('spots the daily limit under either spelling', () => {
		expect(isDailyLimitExhausted({ 'x-daily-ratelimit-remaining': '0' })).toBe(true);
		expect(isDailyLimitExhausted({ 'x-ratelimit-daily-remaining': '0' })).toBe(true);
		expect(isDailyLimitExhausted({ 'x-ratelimit-daily-remaining': '12' })).toBe(false);
		expect(isDailyLimitExhausted({})).toBe(false);
	});

	it('bounds retries in number and in time', () => {
		const policy = { ...DEFAULT_POLICY, maxRetries: 2, maxRetryTimeMs: 10_000 };
		expect(mayRetry(policy, 0, 0, 1000, 0)).toBe(true);
		expect(mayRetry(policy, 2, 0, 1000, 0)).toBe(false);
		expect(mayRetry(policy, 1, 0, 1000, 9500)).toBe(false);
	});
});

describe('requestPolicyFrom', () => {
	it('reads the Options in seconds and falls back on nonsense', () => {
		expect(requestPolicyFrom({})).toEqual(DEFAULT_POLICY);
		expect(
			requestPolicyFrom({
				maxRetries: 2,
				maxRetryTimeSeconds: 5,
				timeoutSeconds: 10,
				uploadTimeoutSeconds: 30,
			}),
		).toEqual({
			maxRetries: 2,
			maxRetryTimeMs: 5000,
			timeoutMs: 10_000,
			uploadTimeoutMs: 30_000,
		});
		expect(
			requestPolicyFrom({ maxRetries: -1, timeoutSeconds: 'x', maxRetryTimeSeconds: -5 }),
		).toEqual(DEFAULT_POLICY);
		expect(requestPolicyFrom({ maxRetries: 50 }).maxRetries).toBe(10);
	});
});

describe('endpointKey', () => {
	it('counts calls per endpoint, whatever the recording', () => {
		expect(endpointKey('get', '/v1/recordings/rec_1')).toBe('GET /v1/recordings/{id}');
		expect(endpointKey('GET', '/v1/recordings/rec_2/transcript?format=text')).toBe(
			'GET /v1/recordings/{id}/transcript',
		);
		expect(endpointKey('GET', '/v1/recordings')).toBe('GET /v1/recordings');
	});
});
