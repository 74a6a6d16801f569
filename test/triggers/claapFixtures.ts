import { setTimeout as sleep } from 'node:timers/promises';

import type { ClaapEmulator, RecordingState } from '../../scripts/lib/emulator';

/** The smallest body the emulator recognises as WAV media. */
export const WAV = Buffer.concat([
	Buffer.from('RIFF'),
	Buffer.alloc(4),
	Buffer.from('WAVEfmt '),
	Buffer.alloc(32),
]);

export const AUTHOR = 'ada.lovelace@acme.io';

interface CreatedRecording {
	id: string;
	upload: { url: string };
}

/**
 * Creates a recording through the emulator's API, as a user (or the Claap node) would, and
 * uploads its media unless `upload` is false (it then stays Empty).
 */
export async function createRecording(
	claap: ClaapEmulator,
	{ title, channelId, upload = true }: { title: string; channelId?: string; upload?: boolean },
): Promise<string> {
	const response = await fetch(`${claap.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'X-Claap-Key': claap.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			authorEmail: AUTHOR,
			title,
			...(channelId !== undefined && { channelId }),
		}),
	});
	if (response.status !== 200)
		throw new Error(`Create answered ${response.status}: ${await response.text()}`);
	const { recording } = ((await response.json()) as { result: { recording: CreatedRecording } })
		.result;
	if (upload) await uploadMedia(claap, recording.id);
	return recording.id;
}

/** PUTs media to a recording's upload URL (read back from the emulator). */
export async function uploadMedia(claap: ClaapEmulator, id: string): Promise<void> {
	const token = claap.getRecording(id)?.uploadTokens.media;
	if (!token) throw new Error(`${id} has no media upload URL`);
	const response = await fetch(`${claap.url}/storage/media/${token}`, {
		method: 'PUT',
		headers: { 'Content-Type': 'audio/wav' },
		body: WAV,
	});
	if (response.status !== 200) throw new Error(`Upload answered ${response.status}`);
}

/** Waits until every listed recording is in `state`. */
export async function waitForStates(
	claap: ClaapEmulator,
	ids: string[],
	state: RecordingState = 'Ready',
): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!ids.every((id) => claap.getRecording(id)?.state === state)) {
		if (Date.now() > deadline) throw new Error(`Not every recording reached ${state}`);
		await sleep(5);
	}
}

/** Creates recordings one after another (distinct creation times, in this order) and waits until they are Ready. */
export async function createReadyRecordings(
	claap: ClaapEmulator,
	titles: string[],
	channelId?: string,
): Promise<string[]> {
	const ids: string[] = [];
	for (const title of titles) ids.push(await createRecording(claap, { title, channelId }));
	await waitForStates(claap, ids);
	return ids;
}

export function titles(prefix: string, count: number): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${prefix} ${String(index + 1).padStart(3, '0')}`,
	);
}

/** The list calls the emulator received since `from` (an index into `claap.requests`). */
export function listCalls(claap: ClaapEmulator, from = 0) {
	return claap.requests
		.slice(from)
		.filter((request) => request.method === 'GET' && request.path === '/v1/recordings');
}
