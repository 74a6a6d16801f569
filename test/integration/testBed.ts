import { inspect } from 'node:util';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ClaapApi } from '../../credentials/ClaapApi.credentials';
import { Claap } from '../../nodes/Claap/Claap.node';
import type { ClaapEmulator, EmulatorOptions, ReceivedRequest } from '../../scripts/lib/emulator';
import { startEmulator } from '../../scripts/lib/emulator';
import type { Harness, RunNodeInput, RunNodeResult } from '../harness';
import { createHarness } from '../harness';

export type TestRunOptions = Pick<
	RunNodeInput,
	'continueOnFail' | 'retryOnFail' | 'timezone' | 'mode' | 'typeVersion'
> & { apiKey?: string };

/** The Claap node in n8n-core's real execution, talking to a local Claap emulator. */
export interface TestBed {
	harness: Harness;
	claap: ClaapEmulator;
	run(
		parameters: INodeParameters,
		items: INodeExecutionData[],
		options?: TestRunOptions,
	): Promise<RunNodeResult>;
	/** Requests to Claap's API (`/v1/…`), in order. */
	apiCalls(): ReceivedRequest[];
	/** Requests to the pre-signed upload URLs, in order. */
	uploads(): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startTestBed(options: EmulatorOptions = {}): Promise<TestBed> {
	const claap = await startEmulator({ rateLimit: false, processingDelayMs: 5, ...options });
	const harness = await createHarness();
	return {
		harness,
		claap,
		run: async (parameters, items, runOptions = {}) => {
			const apiKey = runOptions.apiKey ?? claap.apiKey;
			const result = await harness.runNode({
				nodeType: new Claap(),
				credentialTypes: [new ClaapApi()],
				parameters,
				credentials: { claapApi: { apiKey, baseUrl: claap.url } },
				items,
				continueOnFail: runOptions.continueOnFail,
				retryOnFail: runOptions.retryOnFail,
				timezone: runOptions.timezone,
				mode: runOptions.mode,
				typeVersion: runOptions.typeVersion,
			});
			assertNoSecret(result, apiKey);
			return result;
		},
		apiCalls: () => claap.requests.filter((request) => request.path.startsWith('/v1/')),
		uploads: () => claap.requests.filter((request) => !request.path.startsWith('/v1/')),
		close: async () => {
			await harness.cleanup();
			await claap.close();
		},
	};
}

/**
 * The API key must never surface: not in output items, not in errors, not in what n8n keeps of
 * the execution. Every run of the suites goes through this check.
 */
export function assertNoSecret(result: RunNodeResult, secret: string): void {
	const surfaces = [
		JSON.stringify(result.run),
		JSON.stringify(result.items),
		inspect(result.error, { depth: 10 }),
		result.error?.stack ?? '',
	];
	const leak = surfaces.findIndex((surface) => surface.includes(secret));
	if (leak !== -1)
		throw new Error(
			`The API key appeared in ${['the execution data', 'the output items', 'the error', 'the stack'][leak]}`,
		);
}

/** A small but valid WAV file (PCM silence with a little noise), `seconds` long at 8 kHz mono. */
export function wavFile(seconds = 1): Buffer {
	const samples = 8000 * seconds;
	const data = Buffer.alloc(samples * 2);
	for (let i = 0; i < samples; i++) data.writeInt16LE(((i * 7919) % 200) - 100, i * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(8000, 24);
	header.writeUInt32LE(16000, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

export const sampleTranscript = {
	transcript: {
		langIso2: 'en',
		segments: [
			{ start: 0, end: 1.5, speakerId: '1', text: 'Thanks for joining.' },
			{ start: 1.5, end: 3.25, speakerId: '2', text: 'Happy to be here.' },
		],
		speakers: [
			{ speakerId: '1', name: 'Ada Lovelace', email: 'ada@example.com', isRecorder: true },
			{ speakerId: '2', name: 'Grace Hopper' },
		],
	},
};

/** Waits until the emulated recording reaches one of the states, or fails after a while. */
export async function waitForState(
	claap: ClaapEmulator,
	id: string,
	states: string[],
): Promise<string> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const state = claap.getRecording(id)?.state;
		if (state && states.includes(state)) return state;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	return claap.getRecording(id)?.state ?? 'missing';
}

export function jsonOf(result: RunNodeResult, index = 0): IDataObject {
	return result.items[index].json;
}

/** Creates a recording straight through the emulator's API (not the node), optionally uploading media and transcript. */
export async function seedRecording(
	claap: ClaapEmulator,
	fields: IDataObject = {},
	uploads: { media?: Buffer; transcript?: unknown } = {},
): Promise<IDataObject> {
	const body = {
		authorEmail: 'ada@example.com',
		...fields,
		...(uploads.transcript ? { transcript: { type: 'upload' } } : {}),
	};
	const response = await fetch(`${claap.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'X-Claap-Key': claap.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const recording = ((await response.json()) as { result: { recording: IDataObject } }).result
		.recording;
	const upload = recording.upload as { url?: string; metaUrl?: string };
	if (uploads.media) {
		await fetch(upload.url!, {
			method: 'PUT',
			headers: { 'Content-Type': 'audio/wav' },
			body: uploads.media,
		});
	}
	if (uploads.transcript) {
		await fetch(upload.metaUrl!, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(uploads.transcript),
		});
	}
	return recording;
}
