import { sleep } from 'n8n-workflow';

const SLICE_MS = 200;

/**
 * Waits `ms`, waking early when the execution is cancelled. n8n-workflow's `sleep` cannot be
 * interrupted, so long waits are cut into short slices.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	while (!signal?.aborted) {
		const left = until - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
