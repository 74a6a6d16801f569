import { RATE_LIMITS } from '../helpers/apiContract';
import { pause } from '../helpers/pause';

const WINDOW_MS = 1000;
// Clocks here and at Claap differ by a few milliseconds: keep clear of the window's edge.
const MARGIN_MS = 60;
const FORGET_AFTER_MS = 10_000;

/**
 * Recent calls, per execution and endpoint: when each was sent, moved to when it was answered
 * once it is. Claap counts a call when it arrives, which is somewhere in between; counting from
 * the answer keeps every one-second window at Claap under the limit.
 */
const recentCalls = new Map<string, Array<{ at: number }>>();

/** The endpoint as Claap counts it: the method and the path with IDs left out. */
export function endpointKey(method: string, endpoint: string): string {
	const path = endpoint.split('?')[0].replace(/^\/v1\/recordings\/[^/]+/, '/v1/recordings/{id}');
	return `${method.toUpperCase()} ${path}`;
}

function forgetOldCalls(now: number): void {
	for (const [key, times] of recentCalls) {
		if (now - times[times.length - 1].at > FORGET_AFTER_MS) recentCalls.delete(key);
	}
}

/**
 * Waits until one more call to this endpoint keeps the execution under Claap's 3 calls per
 * second, then books it; call `answered()` when the answer (or failure) comes. Paging, polling
 * and long item lists all pass through here.
 */
export async function paceCall(
	scope: string,
	method: string,
	endpoint: string,
	signal?: AbortSignal,
): Promise<{ answered(): void }> {
	const key = `${scope} ${endpointKey(method, endpoint)}`;
	for (;;) {
		const now = Date.now();
		const times = (recentCalls.get(key) ?? []).filter(
			(call) => now - call.at < WINDOW_MS + MARGIN_MS,
		);
		if (times.length < RATE_LIMITS.callsPerSecondPerEndpoint || signal?.aborted) {
			const call = { at: now };
			times.push(call);
			recentCalls.set(key, times);
			if (recentCalls.size > 50) forgetOldCalls(now);
			return {
				answered() {
					call.at = Date.now();
				},
			};
		}
		const oldest = Math.min(...times.map((call) => call.at));
		await pause(oldest + WINDOW_MS + MARGIN_MS - now, signal);
	}
}
