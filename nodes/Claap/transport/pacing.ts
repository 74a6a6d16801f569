import { RATE_LIMITS } from '../helpers/apiContract';
import { pause } from '../helpers/pause';

const WINDOW_MS = 1000;
// Clocks here and at Claap differ by a few milliseconds: keep clear of the window's edge.
const MARGIN_MS = 60;
const FORGET_AFTER_MS = 10_000;

/** Start times of recent calls, per execution and endpoint. */
const recentCalls = new Map<string, number[]>();

/** The endpoint as Claap counts it: the method and the path with IDs left out. */
export function endpointKey(method: string, endpoint: string): string {
	const path = endpoint.split('?')[0].replace(/^\/v1\/recordings\/[^/]+/, '/v1/recordings/{id}');
	return `${method.toUpperCase()} ${path}`;
}

function forgetOldCalls(now: number): void {
	for (const [key, times] of recentCalls) {
		if (now - times[times.length - 1] > FORGET_AFTER_MS) recentCalls.delete(key);
	}
}

/**
 * Waits until one more call to this endpoint keeps the execution under Claap's 3 calls per
 * second, then books it. Paging, polling and long item lists all pass through here.
 */
export async function paceCall(scope: string, method: string, endpoint: string, signal?: AbortSignal): Promise<void> {
	const key = `${scope} ${endpointKey(method, endpoint)}`;
	for (;;) {
		const now = Date.now();
		const times = (recentCalls.get(key) ?? []).filter((time) => now - time < WINDOW_MS + MARGIN_MS);
		if (times.length < RATE_LIMITS.callsPerSecondPerEndpoint || signal?.aborted) {
			times.push(now);
			recentCalls.set(key, times);
			if (recentCalls.size > 50) forgetOldCalls(now);
			return;
		}
		await pause(times[0] + WINDOW_MS + MARGIN_MS - now, signal);
	}
}
