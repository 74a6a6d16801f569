import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Fault } from '../../scripts/lib/emulator';
import type { TestBed } from '../integration/testBed';
import {
	assertNoSecret,
	seedRecording,
	startTestBed,
	waitForState,
	wavFile,
} from '../integration/testBed';
import type { RunNodeResult } from '../harness';

/**
 * Faults Claap and its storage can throw at the node, each with the outcome it must produce.
 * Every run uses Continue On Fail, so that each input item must come out as exactly one item.
 */
interface Scenario {
	name: string;
	faults?: Fault[];
	/** Recordings the emulator must hold afterwards: more is a duplicate. */
	recordings: number;
	/** Whether an input item may yield many output items (Get Many); otherwise exactly one. */
	many?: boolean;
	/** Whether the execution is stopped, so that no item comes out at all. */
	stopped?: boolean;
	run(bed: TestBed): Promise<{ result: RunNodeResult; inputs: number }>;
	check(result: RunNodeResult, bed: TestBed): void | Promise<void>;
}

const MEDIA = wavFile(1);
const MEDIA_SHA256 = createHash('sha256').update(MEDIA).digest('hex');
const fast: INodeParameters = { maxRetries: 4, maxRetryTimeSeconds: 30 };

const totals = { passed: 0, failed: 0, duplicates: 0, itemsLost: 0 };

async function createWithMedia(
	bed: TestBed,
	options: INodeParameters = fast,
	extra: INodeParameters = {},
) {
	const data = await bed.harness.storeBinary({
		buffer: MEDIA,
		fileName: 'call.wav',
		mimeType: 'audio/wav',
	});
	const result = await bed.run(
		{
			resource: 'recording',
			operation: 'create',
			authorEmail: 'ada@example.com',
			options,
			...extra,
		},
		[{ json: {}, binary: { data } }],
		{ continueOnFail: true },
	);
	return { result, inputs: 1 };
}

async function runOnce(
	bed: TestBed,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
) {
	return {
		result: await bed.run(parameters, items, { continueOnFail: true }),
		inputs: items.length,
	};
}

const urlCreate = (options: INodeParameters = fast): INodeParameters => ({
	resource: 'recording',
	operation: 'create',
	authorEmail: 'ada@example.com',
	mediaSource: 'url',
	downloadUrl: 'https://files.example.com/call.mp4',
	options,
});

const errorOf = (result: RunNodeResult) =>
	result.items[0].json as { error?: string; description?: string; recording?: IDataObject };
const putsTo = (bed: TestBed, kind: 'media' | 'meta') =>
	bed.uploads().filter((request) => request.path.startsWith(`/storage/${kind}/`));
const creates = (bed: TestBed) => bed.apiCalls().filter((request) => request.method === 'POST');

function expectMediaIntact(bed: TestBed): void {
	const [recording] = bed.claap.recordings();
	expect(recording.media).toMatchObject({ bytes: MEDIA.length, sha256: MEDIA_SHA256 });
}

const scenarios: Scenario[] = [
	{
		name: '429 on create with Retry-After: retried once Claap allows, one recording',
		faults: [
			{ method: 'POST', path: '/v1/recordings', status: 429, headers: { 'Retry-After': '1' } },
		],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			expect(creates(bed)).toHaveLength(2);
			expect(creates(bed)[1].at - creates(bed)[0].at).toBeGreaterThanOrEqual(950);
			expectMediaIntact(bed);
		},
	},
	{
		name: '429 on create without Retry-After, per-second allowance spent: retried after a second',
		faults: [
			{
				method: 'POST',
				path: '/v1/recordings',
				status: 429,
				times: 2,
				headers: { 'X-RateLimit-Remaining': '0' },
			},
		],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			expect(creates(bed)).toHaveLength(3);
		},
	},
	{
		name: '429 with Retry-After as an HTTP date',
		faults: [
			{
				method: 'GET',
				path: '/v1/workspaces/mine',
				status: 429,
				headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() },
			},
		],
		recordings: 0,
		run: async (bed) =>
			await runOnce(bed, { resource: 'workspace', operation: 'get', options: fast }),
		check: (result, bed) => {
			expect(result.items[0].json.name).toEqual(expect.any(String));
			expect(bed.apiCalls()).toHaveLength(2);
		},
	},
	{
		name: "the daily limit exhausted: no retry, Claap's limits explained",
		faults: [
			{
				path: '/v1/recordings',
				method: 'POST',
				status: 429,
				times: Infinity,
				headers: { 'X-Daily-RateLimit-Remaining': '0' },
			},
		],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(/^Claap answered 429/);
			expect(errorOf(result).description).toContain('calls left today: 0');
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: 'a burst of 500, 502 and 503 on the media upload: retried, bytes intact',
		faults: [
			{ method: 'PUT', path: /^\/storage\/media\//, status: 500 },
			{ method: 'PUT', path: /^\/storage\/media\//, status: 502 },
			{ method: 'PUT', path: /^\/storage\/media\//, status: 503 },
		],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			expect(putsTo(bed, 'media')).toHaveLength(4);
			expectMediaIntact(bed);
		},
	},
	{
		name: 'a 500 on create: not retried, since Claap may have created it',
		faults: [{ method: 'POST', path: '/v1/recordings', status: 500, times: Infinity }],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(/^Claap answered 500/);
			// As ambiguous as a dropped connection: the message says so and how to look, never "try again".
			expect(errorOf(result).description).toMatch(
				/^Claap may have created the recording\. It was not sent again, to avoid a duplicate\. Before creating it again, look for it with Recording → Get Many/,
			);
			expect(errorOf(result).description).not.toContain('Try again');
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: 'a 502 burst on a GET: retried until it succeeds',
		faults: [
			{
				method: 'GET',
				path: '/v1/workspaces/mine',
				status: 502,
				times: 3,
				body: '<html><h1>502 Bad Gateway</h1></html>',
			},
		],
		recordings: 0,
		run: async (bed) =>
			await runOnce(bed, { resource: 'workspace', operation: 'get', options: fast }),
		check: (result, bed) => {
			expect(result.items[0].json.id).toEqual(expect.any(String));
			expect(bed.apiCalls()).toHaveLength(4);
		},
	},
	{
		name: 'an HTML error page that does not go away: a clear error after the retries',
		faults: [
			{
				method: 'GET',
				path: '/v1/workspaces/mine',
				status: 503,
				times: Infinity,
				body: '<html><body><h1>Service Unavailable</h1></body></html>',
			},
		],
		recordings: 0,
		run: async (bed) =>
			await runOnce(bed, { resource: 'workspace', operation: 'get', options: { maxRetries: 2 } }),
		check: (result, bed) => {
			expect(errorOf(result).error).toBe('Claap answered 503: Service Unavailable');
			expect(errorOf(result).description).toContain('Tried 3 times.');
			expect(bed.apiCalls()).toHaveLength(3);
		},
	},
	{
		name: 'the connection reset before the create was read: not sent again, told how to check',
		faults: [{ method: 'POST', path: '/v1/recordings', reset: 'immediately' }],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(
				/^Claap may have created the recording: the call got no answer/,
			);
			expect(errorOf(result).description).toMatch(
				/not sent again.*Get Many, filtered by Recorder Email ada@example.com and Created After/,
			);
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: 'the answer to a create lost after Claap created it: no duplicate',
		faults: [{ method: 'POST', path: '/v1/recordings', reset: 'afterBody' }],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(/^Claap may have created the recording/);
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: 'a create answered too slowly: abandoned, not sent again, no duplicate',
		faults: [{ method: 'POST', path: '/v1/recordings', delayMs: 1500 }],
		// The emulator drops a request whose client left; a real server might create it: one at most.
		recordings: 0,
		run: async (bed) => {
			const run = await createWithMedia(bed, { ...fast, timeoutSeconds: 1 });
			await new Promise((resolve) => setTimeout(resolve, 700));
			return run;
		},
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(
				/^Claap may have created the recording: the call got no answer: timeout/,
			);
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: 'Claap refusing the connection: the create is retried, since nothing can have been created',
		recordings: 0,
		run: async (bed) => {
			const closed = await startTestBed();
			const url = closed.claap.url;
			await closed.close();
			const result = await bed.harness.runNode({
				nodeType: new (await import('../../nodes/Claap/Claap.node')).Claap(),
				credentialTypes: [new (await import('../../credentials/ClaapApi.credentials')).ClaapApi()],
				parameters: urlCreate({ maxRetries: 2 }),
				credentials: { claapApi: { apiKey: bed.claap.apiKey, baseUrl: url } },
				items: [{ json: {} }],
				continueOnFail: true,
			});
			assertNoSecret(result, bed.claap.apiKey);
			return { result, inputs: 1 };
		},
		check: (result) => {
			expect(errorOf(result).error).toMatch(/got no answer: .*\(ECONNREFUSED\)$/);
			expect(errorOf(result).description).toContain('Tried 3 times.');
		},
	},
	{
		name: 'a connection reset in the middle of the media upload: sent again from the start, bytes intact',
		faults: [{ method: 'PUT', path: /^\/storage\/media\//, reset: 'midBody' }],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			expectMediaIntact(bed);
		},
	},
	{
		name: 'a stalled upload: abandoned after the upload timeout and sent again',
		faults: [{ method: 'PUT', path: /^\/storage\/media\//, delayMs: 2500 }],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed, { ...fast, uploadTimeoutSeconds: 1 }),
		check: (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			expect(putsTo(bed, 'media').length).toBeGreaterThanOrEqual(2);
			expectMediaIntact(bed);
		},
	},
	{
		name: 'a slow API on a GET: abandoned after the timeout and asked again',
		faults: [{ method: 'GET', path: '/v1/workspaces/mine', delayMs: 1500 }],
		recordings: 0,
		run: async (bed) =>
			await runOnce(bed, {
				resource: 'workspace',
				operation: 'get',
				options: { ...fast, timeoutSeconds: 1 },
			}),
		check: (result, bed) => {
			expect(result.items[0].json.id).toEqual(expect.any(String));
			expect(bed.apiCalls()).toHaveLength(2);
		},
	},
	{
		name: '403 quota: explained, not retried',
		faults: [
			{
				method: 'POST',
				path: '/v1/recordings',
				status: 403,
				body: { error: { type: 'forbidden', message: 'Recording quota exceeded' } },
			},
		],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			expect(errorOf(result).error).toBe('Claap answered 403 forbidden: Recording quota exceeded');
			expect(errorOf(result).description).toMatch(/50 API-created recordings/);
			expect(creates(bed)).toHaveLength(1);
		},
	},
	{
		name: '401: explained, not retried',
		recordings: 0,
		run: async (bed) => ({
			result: await bed.run(urlCreate(), [{ json: {} }], {
				continueOnFail: true,
				apiKey: 'cla_revoked',
			}),
			inputs: 1,
		}),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(/^Claap answered 401/);
			expect(bed.apiCalls()).toHaveLength(1);
		},
	},
	{
		name: '404 on Get: explained, not retried',
		recordings: 0,
		run: async (bed) =>
			await runOnce(bed, {
				resource: 'recording',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: 'rec_gone' },
				options: fast,
			}),
		check: (result, bed) => {
			expect(errorOf(result).error).toMatch(/^Claap answered 404 not_found/);
			expect(bed.apiCalls()).toHaveLength(1);
		},
	},
	{
		name: 'truncated JSON answered to a create: a clear error, nothing guessed',
		faults: [
			{
				method: 'POST',
				path: '/v1/recordings',
				status: 200,
				body: '{"result": {"recording": {"id": "rec_',
			},
		],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result) => {
			expect(errorOf(result).error).toBe(
				'Claap answered 200 without the expected result: {"result": {"recording": {"id": "rec_',
			);
		},
	},
	{
		name: 'a created recording without an ID: told it may exist, no TypeError',
		faults: [
			{
				method: 'POST',
				path: '/v1/recordings',
				status: 200,
				body: { result: { recording: { state: 'Empty' } } },
			},
		],
		recordings: 0,
		run: async (bed) => await createWithMedia(bed),
		check: (result) => {
			expect(errorOf(result).error).toBe('Claap answered the create without a recording ID');
			expect(errorOf(result).description).toMatch(/Get Many/);
		},
	},
	{
		name: "a 200 whose body is an error: Claap's message kept",
		faults: [
			{
				method: 'GET',
				path: '/v1/workspaces/mine',
				status: 200,
				body: { error: { type: 'internal', message: 'Workspace is being migrated' } },
			},
		],
		recordings: 0,
		run: async (bed) => await runOnce(bed, { resource: 'workspace', operation: 'get' }),
		check: (result) => {
			expect(errorOf(result).error).toBe(
				'Claap answered 200 internal: Workspace is being migrated',
			);
		},
	},
	{
		name: 'a huge error body: summarised, not dumped',
		faults: [
			{
				method: 'GET',
				path: '/v1/workspaces/mine',
				status: 400,
				body: `<html>${'x'.repeat(1024 * 1024)}</html>`,
			},
		],
		recordings: 0,
		run: async (bed) => await runOnce(bed, { resource: 'workspace', operation: 'get' }),
		check: (result) => {
			expect(errorOf(result).error!.length).toBeLessThan(300);
			expect(errorOf(result).error).toMatch(/^Claap answered 400: x+…$/);
		},
	},
	{
		name: 'an expired upload URL (403 from storage): not retried, the recording handed over',
		faults: [
			{
				method: 'PUT',
				path: /^\/storage\/media\//,
				status: 403,
				body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
			},
		],
		recordings: 1,
		run: async (bed) => await createWithMedia(bed),
		check: (result, bed) => {
			const output = errorOf(result);
			expect(output.error).toBe(
				"Claap's storage refused the media upload (403): AccessDenied Request has expired",
			);
			expect(output.description).toMatch(/may have expired.*The recording was created/);
			expect(output.recording).toMatchObject({
				id: bed.claap.recordings()[0].id,
				upload: { url: expect.any(String) },
			});
			expect(putsTo(bed, 'media')).toHaveLength(1);
		},
	},
	{
		name: "the binary file vanishing from n8n's storage: the recording handed over for a later upload",
		recordings: 1,
		run: async (bed) => {
			const data = await bed.harness.storeBinary({
				buffer: MEDIA,
				fileName: 'call.wav',
				mimeType: 'audio/wav',
			});
			const relative = data.id!.replace(/^filesystem(-v2)?:/, '');
			await unlink(path.join(bed.harness.storageDir, relative));
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'create',
					authorEmail: 'ada@example.com',
					options: fast,
				},
				[{ json: {}, binary: { data } }],
				{ continueOnFail: true },
			);
			return { result, inputs: 1 };
		},
		check: (result, bed) => {
			const output = errorOf(result);
			expect(output.error).toMatch(
				/^The file in Input Binary Field could not be read from n8n's binary data storage/,
			);
			expect(output.recording).toMatchObject({
				id: bed.claap.recordings()[0].id,
				upload: { url: expect.any(String) },
			});
		},
	},
	{
		name: "the binary file and its metadata gone from n8n's storage: explained before anything is created",
		recordings: 0,
		run: async (bed) => {
			const data = await bed.harness.storeBinary({
				buffer: MEDIA,
				fileName: 'call.wav',
				mimeType: 'audio/wav',
			});
			const stored = path.join(bed.harness.storageDir, data.id!.replace(/^filesystem(-v2)?:/, ''));
			await unlink(stored);
			await unlink(`${stored}.metadata`);
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'create',
					authorEmail: 'ada@example.com',
					options: fast,
				},
				[{ json: {}, binary: { data } }],
				{ continueOnFail: true },
			);
			return { result, inputs: 1 };
		},
		check: (result, bed) => {
			const output = errorOf(result);
			// Not n8n's bare "File not found": which parameter, and what to do.
			expect(output.error).toMatch(
				/^The file in Input Binary Field could not be read from n8n's binary data storage: /,
			);
			expect(output.description).toMatch(/Run the step that produced it again/);
			expect(bed.apiCalls()).toHaveLength(0);
		},
	},
	{
		name: 'a transcript upload reset twice: retried, the transcript arrives whole',
		faults: [{ method: 'PUT', path: /^\/storage\/meta\//, reset: 'immediately', times: 2 }],
		recordings: 1,
		run: async (bed) =>
			await createWithMedia(bed, fast, {
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 0.5, speakerId: '1', text: 'Hello' }] },
			}),
		check: async (result, bed) => {
			expect(errorOf(result).error).toBeUndefined();
			const [recording] = bed.claap.recordings();
			expect(recording.transcript).toEqual({
				transcript: { segments: [{ start: 0, end: 0.5, speakerId: '1', text: 'Hello' }] },
			});
			expect(await waitForState(bed.claap, recording.id, ['Ready', 'Failed'])).toBe('Ready');
		},
	},
	{
		name: 'a delete whose answer was lost: retried, the 404 that follows counts as deleted',
		faults: [{ method: 'DELETE', reset: 'afterBody' }],
		recordings: 1,
		run: async (bed) => {
			const recording = await seedRecording(bed.claap);
			bed.claap.requests.length = 0;
			return await runOnce(bed, {
				resource: 'recording',
				operation: 'delete',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				options: fast,
			});
		},
		check: (result, bed) => {
			expect(result.items[0].json).toEqual({ deleted: true });
			expect(bed.claap.recordings()[0].deleted).toBe(true);
		},
	},
	{
		name: 'a 429 on the second page of Get Many: retried, every recording once',
		faults: [
			{
				method: 'GET',
				path: '/v1/recordings',
				status: 429,
				headers: { 'Retry-After': '0' },
				times: 1,
			},
		],
		recordings: 150,
		many: true,
		run: async (bed) => {
			for (let index = 0; index < 150; index++)
				await seedRecording(bed.claap, { title: `Call ${index}` });
			bed.claap.requests.length = 0;
			bed.claap.injectFault({ method: 'GET', path: '/v1/recordings', status: 429, times: 1 });
			return await runOnce(bed, {
				resource: 'recording',
				operation: 'getMany',
				returnAll: true,
				options: fast,
			});
		},
		check: (result) => {
			expect(result.items).toHaveLength(150);
			expect(new Set(result.items.map((item) => item.json.id)).size).toBe(150);
		},
	},
	{
		name: 'Wait Until Ready through a 503: keeps polling',
		faults: [{ method: 'GET', path: /^\/v1\/recordings\/[^/]+$/, status: 503, times: 1 }],
		recordings: 1,
		run: async (bed) => {
			const recording = await seedRecording(bed.claap, {}, { media: MEDIA });
			return await runOnce(
				bed,
				{
					resource: 'recording',
					operation: 'waitUntilReady',
					options: { ...fast, pollIntervalSeconds: 1 },
				},
				[{ json: { id: recording.id } }],
			);
		},
		check: (result) => {
			expect(result.items[0].json.state).toBe('Ready');
		},
	},
	{
		name: 'three items, one invalid and one rate-limited: each item out once, two recordings',
		faults: [
			{ method: 'POST', path: '/v1/recordings', status: 429, headers: { 'Retry-After': '0' } },
		],
		recordings: 2,
		run: async (bed) =>
			await runOnce(bed, { ...urlCreate(), authorEmail: '={{ $json.email }}' }, [
				{ json: { email: 'ada@example.com' } },
				{ json: { email: 'not an email' } },
				{ json: { email: 'grace@example.com' } },
			]),
		check: (result) => {
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(result.items[1].json.error).toMatch(/^Author Email/);
			expect(result.items[0].json.id).toEqual(expect.any(String));
			expect(result.items[2].json.id).toEqual(expect.any(String));
		},
	},
	{
		name: 'a cancelled execution during a stalled upload: stops at once',
		faults: [{ method: 'PUT', path: /^\/storage\/media\//, delayMs: 10_000 }],
		recordings: 1,
		stopped: true,
		run: async (bed) => {
			const data = await bed.harness.storeBinary({
				buffer: MEDIA,
				fileName: 'call.wav',
				mimeType: 'audio/wav',
			});
			const controller = new AbortController();
			const started = Date.now();
			// Stop once the upload is under way, as a user pressing Stop on a long upload would.
			const watcher = setInterval(() => {
				if (putsTo(bed, 'media').length > 0) {
					clearInterval(watcher);
					controller.abort();
				}
			}, 20);
			const result = await bed.harness.runNode({
				nodeType: new (await import('../../nodes/Claap/Claap.node')).Claap(),
				credentialTypes: [new (await import('../../credentials/ClaapApi.credentials')).ClaapApi()],
				parameters: {
					resource: 'recording',
					operation: 'create',
					authorEmail: 'ada@example.com',
					options: fast,
				},
				credentials: { claapApi: { apiKey: bed.claap.apiKey, baseUrl: bed.claap.url } },
				items: [{ json: {}, binary: { data } }],
				continueOnFail: true,
				abortSignal: controller.signal,
			});
			clearInterval(watcher);
			assertNoSecret(result, bed.claap.apiKey);
			expect(Date.now() - started).toBeLessThan(5000);
			return { result, inputs: 1 };
		},
		check: (result, bed) => {
			expect(result.run.status).toBe('canceled');
			expect(result.error?.message).toBe('The execution was canceled before Claap answered');
			expect(putsTo(bed, 'media')).toHaveLength(1);
		},
	},
];

describe('fault injection', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => {
		await bed.close();
		console.log(
			`fault injection: ${totals.passed} scenarios passed, ${totals.failed} failed, ` +
				`${totals.duplicates} duplicates created, ${totals.itemsLost} items lost`,
		);
	});
	beforeEach(() => {
		bed.claap.clearFaults();
		bed.claap.reset();
	});

	it('has at least 25 scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(25));

	it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
		'%s',
		async (_name, scenario) => {
			for (const fault of scenario.faults ?? []) bed.claap.injectFault(fault);
			let passed = false;
			try {
				const { result, inputs } = await scenario.run(bed);
				const pairedInputs = result.items.map((item) => (item.pairedItem as { item: number }).item);
				const lost = scenario.stopped ? 0 : inputs - new Set(pairedInputs).size;
				const duplicates = Math.max(0, bed.claap.recordings().length - scenario.recordings);
				totals.itemsLost += lost;
				totals.duplicates += duplicates;
				if (!scenario.many && !scenario.stopped) expect(result.items).toHaveLength(inputs);
				expect(lost).toBe(0);
				expect(bed.claap.recordings()).toHaveLength(scenario.recordings);
				await scenario.check(result, bed);
				passed = true;
			} finally {
				if (passed) totals.passed++;
				else totals.failed++;
			}
		},
	);
});

describe('review findings', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.claap.clearFaults();
		bed.claap.reset();
	});

	it('refuses to follow a redirect, which would carry the key elsewhere', async () => {
		bed.claap.injectFault({
			method: 'GET',
			path: '/v1/workspaces/mine',
			status: 307,
			headers: { Location: 'http://127.0.0.1:9/steal' },
			body: '',
		});
		const result = await bed.run({ resource: 'workspace', operation: 'get' }, [{ json: {} }]);
		expect(result.error?.message).toBe(
			'Claap answered 307, a redirect, which the node does not follow',
		);
		expect(bed.apiCalls()).toHaveLength(1);
	});

	it('stops paging on an empty page that still names a cursor', async () => {
		await seedRecording(bed.claap);
		bed.claap.requests.length = 0;
		bed.claap.injectFault({
			method: 'GET',
			path: '/v1/recordings',
			status: 200,
			times: Infinity,
			body: { result: { recordings: [], pagination: { totalCount: 5, nextCursor: 'again' } } },
		});
		const result = await bed.run({ resource: 'recording', operation: 'getMany', returnAll: true }, [
			{ json: {} },
		]);
		expect(result.error).toBeUndefined();
		expect(bed.apiCalls()).toHaveLength(1);
	});

	it('stops paging when the cursor repeats', async () => {
		bed.claap.injectFault({
			method: 'GET',
			path: '/v1/recordings',
			status: 200,
			times: Infinity,
			body: { result: { recordings: [{ id: 'rec_a' }], pagination: { nextCursor: 'same' } } },
		});
		const result = await bed.run(
			{ resource: 'recording', operation: 'getMany', returnAll: true, simplify: false },
			[{ json: {} }],
		);
		expect(result.items.map((item) => item.json.id)).toEqual(['rec_a', 'rec_a']);
		expect(bed.apiCalls()).toHaveLength(2);
	});

	it('does not call a delete done when the first attempt was refused and the recording never existed', async () => {
		bed.claap.injectFault({ method: 'DELETE', status: 429, headers: { 'Retry-After': '0' } });
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'delete',
				recordingId: { __rl: true, mode: 'id', value: 'rec_never' },
			},
			[{ json: {} }],
		);
		expect(result.error?.message).toMatch(/^Claap answered 404/);
	});

	it('resumes a failed Transcript → Upload from its error item, whose default URL finds the recording', async () => {
		const created = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://x.example.com/a.mp4',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
				options: { maxRetries: 0 },
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(created.items[0].json.error).toBeUndefined();
		// A Create error item: the transcript did not arrive.
		bed.claap.injectFault({
			method: 'PUT',
			path: /^\/storage\/meta\//,
			status: 500,
			times: Infinity,
		});
		const lateCreate = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://x.example.com/b.mp4',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
				options: { maxRetries: 0 },
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(lateCreate.items[0].json.recording).toMatchObject({
			upload: { metaUrl: expect.any(String) },
		});
		// Transcript → Upload fails too, and its own error item keeps the URL.
		const failedUpload = await bed.run(
			{
				resource: 'transcript',
				operation: 'upload',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
				options: { maxRetries: 0 },
			},
			lateCreate.items,
			{ continueOnFail: true },
		);
		const failed = failedUpload.items[0].json as {
			error: string;
			recording: { id: string; upload: { metaUrl: string } };
		};
		expect(failed.error).toMatch(/^Claap's storage refused the transcript upload \(500\)/);
		expect(failed.recording.upload.metaUrl).toBe(
			(lateCreate.items[0].json.recording as { upload: { metaUrl: string } }).upload.metaUrl,
		);
		bed.claap.clearFaults();
		const resumed = await bed.run(
			{
				resource: 'transcript',
				operation: 'upload',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
			},
			failedUpload.items,
		);
		expect(resumed.error).toBeUndefined();
		const recordingId = (lateCreate.items[0].json.recording as { id: string }).id;
		expect(await waitForState(bed.claap, recordingId, ['Ready', 'Failed'])).toBe('Ready');
		expect(bed.claap.recordings()).toHaveLength(2);
	});

	it('keeps the "may have created" warning when the execution is stopped during a create', async () => {
		bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', delayMs: 3000 });
		const controller = new AbortController();
		const watcher = setInterval(() => {
			if (bed.apiCalls().length > 0) {
				clearInterval(watcher);
				controller.abort();
			}
		}, 20);
		const result = await bed.harness.runNode({
			nodeType: new (await import('../../nodes/Claap/Claap.node')).Claap(),
			credentialTypes: [new (await import('../../credentials/ClaapApi.credentials')).ClaapApi()],
			parameters: {
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://x.example.com/a.mp4',
			},
			credentials: { claapApi: { apiKey: bed.claap.apiKey, baseUrl: bed.claap.url } },
			items: [{ json: {} }],
			abortSignal: controller.signal,
		});
		clearInterval(watcher);
		expect(result.run.status).toBe('canceled');
		expect((result.error as { description?: string }).description).toMatch(
			/^Claap may have created the recording\. It was not sent again/,
		);
	});
});
