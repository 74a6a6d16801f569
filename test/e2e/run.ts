/**
 * End-to-end suite (`npm run test:e2e`): the packed package inside a real n8n 2.41.1 on Node 24,
 * talking to the local Claap emulator, which runs in this process so every request n8n makes can
 * be asserted on.
 *
 * 1. Read/Write Files from Disk → Create (binary media + transcript file): exact bytes and transcript arrive, Ready.
 * 2. Create with Media Source URL: downloadUrl sent, nothing PUT, Ready.
 * 3. Create with Transcript "Upload Later" → Transcript → Upload in the same workflow: Ready.
 * 4. Continue On Fail: one bad author email among three rows → one error item, two recordings.
 * 5. Server mode: `n8n start`, a published Webhook → Create workflow called over HTTP.
 * 6. Server mode: the same webhook called without a media URL is refused before reaching Claap.
 * 11. AI Agent with the Claap node as its tools (test/e2e/agent.ts), model scripted locally.
 * 12. Server mode: the Claap tools behind the MCP Server Trigger, through the MCP client SDK (test/e2e/mcp.ts).
 *
 * E2E_BUILD=1 runs `npm run build` first (otherwise only when dist/ lacks a file package.json lists).
 * E2E_ONLY=1,3 runs some scenarios only; E2E_N8N_PORT / E2E_N8N_BROKER_PORT (5699 / 5698) move `n8n start`.
 *
 * Prints one line per scenario and `N passed, N failed` last; exits non-zero on any failure.
 * Logs and n8n's raw outputs are kept under .e2e/e2e/logs/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';

import {
	startEmulator,
	type ClaapEmulator,
	type EmulatedRecording,
	type ReceivedRequest,
} from '../../scripts/lib/emulator';
import { SAMPLE_TRANSCRIPT, writeSampleFiles, type SampleFiles } from '../../scripts/lib/fixtures';
import {
	at,
	buildPackage,
	CLAAP_NODE_TYPE,
	E2E_DIR,
	ensureRuntime,
	installPackage,
	killRunning,
	n8n,
	n8nChecked,
	n8nEnv,
	N8N_VERSION,
	NODE24_VERSION,
	packPackage,
	parseRawOutput,
	secondsSince,
	startN8n,
	stopN8n,
	waitForReady,
	type JsonObject,
	type Runtime,
} from '../../scripts/lib/runtime';
import type { ChatSink } from '../../scripts/lib/chatSink';
import { startChatSink } from '../../scripts/lib/chatSink';
import {
	EMULATOR_CREDENTIAL,
	EXAMPLE_CHAT_WEBHOOK_URL,
	TRIGGER_WEBHOOK_PATH,
	WEBHOOK_CREDENTIAL,
	WEBHOOK_PATH,
	WORKFLOWS,
	writeCredentialsFile,
	writeExamplesForImport,
} from '../../scripts/lib/workflows';
import { Checks, short } from './checks';
import { aiAgentScenario } from './agent';
import { mcpScenario } from './mcp';
import { runSuite, suiteState } from '../suiteRunner';

const N8N_PORT = Number(process.env.E2E_N8N_PORT ?? 5699);
const BROKER_PORT = Number(process.env.E2E_N8N_BROKER_PORT ?? 5698);
const ENCRYPTION_KEY = 'e2e-only-encryption-key-not-secret';

const WORK_DIR = join(E2E_DIR, 'e2e');
const USER_FOLDER = join(WORK_DIR, 'home');
const FILES_DIR = join(WORK_DIR, 'files');
const LOG_DIR = join(WORK_DIR, 'logs');

const log = (line: string) => console.log(line);

interface Context {
	rt: Runtime;
	env: NodeJS.ProcessEnv;
	emu: ClaapEmulator;
	samples: SampleFiles;
	chat: ChatSink;
}

/** The Claap webhook secret and id the trigger's credential holds (test values). */
const WEBHOOK_SECRET = 'whsec_e2e_0123456789abcdef';
const WEBHOOK_ID = 'whk_e2e';

interface Execution {
	code: number | null;
	status?: string;
	run: JsonObject;
	ms: number;
}

/** `n8n execute --id=… --rawOutput`, keeping the raw output for post-mortems. */
async function execute(ctx: Context, workflowId: string, label: string): Promise<Execution> {
	const result = await n8n(ctx.rt, ctx.env, ['execute', `--id=${workflowId}`, '--rawOutput']);
	writeFileSync(
		join(LOG_DIR, `${label}.out`),
		`${result.stdout}\n--- stderr ---\n${result.stderr}`,
	);
	let run: JsonObject = {};
	try {
		run = parseRawOutput(result.stdout);
	} catch {
		throw new Error(
			`n8n execute printed no run JSON (exit ${result.code}); see ${join(LOG_DIR, `${label}.out`)}\n${result.stderr.slice(-1500)}`,
		);
	}
	return { code: result.code, status: at(run, 'status') as string | undefined, run, ms: result.ms };
}

interface NodeOutput {
	json: JsonObject;
	binary?: JsonObject;
	pairedItem?: unknown;
}

/** The items a node output in the run: data.resultData.runData[node][0].data.main[0]. */
function outputOf(execution: Execution, nodeName: string): NodeOutput[] {
	const items = at(execution.run, 'data', 'resultData', 'runData', nodeName, 0, 'data', 'main', 0);
	return Array.isArray(items) ? (items as NodeOutput[]) : [];
}

function runErrorOf(execution: Execution): string | undefined {
	const error = at(execution.run, 'data', 'resultData', 'error');
	return error
		? `${String(at(error, 'message') ?? '')} ${String(at(error, 'description') ?? '')}`.trim()
		: undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecordingId = (value: unknown): boolean => isString(value) && value.startsWith('rec_');

function expectSuccess(checks: Checks, execution: Execution): void {
	checks.equal(execution.status, 'success', 'n8n run status');
	checks.equal(execution.code, 0, 'n8n execute exit code');
	const error = runErrorOf(execution);
	checks.ok(!error, 'no workflow error', error);
}

/** Waits until the emulator reports the state (Claap processes after the uploads). */
async function waitForState(
	emu: ClaapEmulator,
	id: string,
	state: string,
	timeoutMs = 10_000,
): Promise<string | undefined> {
	const started = Date.now();
	let current: string | undefined;
	while (Date.now() - started < timeoutMs) {
		current = emu.getRecording(id)?.state;
		if (current === state || current === 'Failed') return current;
		await new Promise((r) => setTimeout(r, 100));
	}
	return current;
}

const isApiCall = (request: ReceivedRequest) => request.path.startsWith('/v1/');
const isStoragePut = (request: ReceivedRequest) =>
	request.method === 'PUT' && request.path.startsWith('/storage/');

/** Checks that the key went to the API only, never to upload URLs. */
function expectKeyOnlyOnApi(checks: Checks, emu: ClaapEmulator): void {
	for (const request of emu.requests) {
		if (isApiCall(request)) {
			checks.equal(
				request.headers['x-claap-key'],
				emu.apiKey,
				`X-Claap-Key on ${request.method} ${request.path}`,
			);
		} else {
			checks.ok(
				!('x-claap-key' in request.headers),
				`no API key sent to ${request.method} ${request.path}`,
			);
		}
	}
}

function onlyRecording(checks: Checks, emu: ClaapEmulator): EmulatedRecording | undefined {
	const recordings = emu.recordings();
	checks.equal(recordings.length, 1, 'recordings created in the emulator');
	return recordings[0];
}

// ---------------------------------------------------------------------------------------------

async function filesToCreate(ctx: Context, checks: Checks): Promise<string> {
	const { emu, samples } = ctx;
	const execution = await execute(ctx, WORKFLOWS.files, '1-files');
	expectSuccess(checks, execution);
	const [item] = outputOf(execution, 'Create recording in Claap');
	checks.ok(item, 'Claap node produced an item');
	const json = item?.json ?? {};
	checks.ok(isRecordingId(json.id), 'output id', json.id);
	checks.equal(
		at(json, 'uploaded', 'media', 'bytes'),
		samples.media.length,
		'output uploaded.media.bytes',
	);
	checks.equal(
		at(json, 'uploaded', 'media', 'fileName'),
		'meeting.wav',
		'output uploaded.media.fileName',
	);
	checks.ok(
		String(at(json, 'uploaded', 'media', 'contentType')).startsWith('audio/'),
		'output uploaded.media.contentType',
		at(json, 'uploaded', 'media'),
	);
	checks.equal(
		at(json, 'uploaded', 'transcript'),
		{
			segments: 2,
			speakers: 2,
			langIso2: 'en',
			bytes: at(json, 'uploaded', 'transcript', 'bytes'),
		},
		'output uploaded.transcript',
	);
	checks.ok(json.upload === undefined, 'no upload URLs left in the output', json.upload);
	checks.equal(
		Object.keys(item?.binary ?? {}).sort(),
		['data', 'transcript'],
		'binary fields passed on',
	);

	const recording = onlyRecording(checks, emu);
	if (!recording) return 'no recording';
	checks.equal(recording.id, json.id, 'emulator id = output id');
	checks.equal(
		recording.body,
		{
			authorEmail: 'grace@example.com',
			title: 'Demo call with Ada',
			source: 'Api',
			transcript: { type: 'upload' },
		},
		'create body',
	);
	checks.equal(recording.media?.sha256, samples.mediaSha256, 'media sha256 (exact bytes)');
	checks.equal(recording.media?.bytes, samples.media.length, 'media bytes');
	checks.equal(recording.media?.sniffedFormat, 'wav', 'media recognised as WAV');
	checks.ok(
		String(recording.media?.contentType).startsWith('audio/'),
		'media Content-Type',
		recording.media?.contentType,
	);
	checks.equal(
		recording.transcript,
		{ transcript: { ...SAMPLE_TRANSCRIPT.transcript, langIso2: 'en' } },
		'transcript received (the file, plus Transcript Language)',
	);
	const puts = emu.requests.filter(isStoragePut);
	checks.equal(
		puts.map((request) => request.path.split('/')[2]),
		['media', 'meta'],
		'uploads PUT: media then transcript',
	);
	checks.equal(puts[0]?.sha256, samples.mediaSha256, 'media PUT body sha256');
	checks.equal(
		puts[0]?.headers['content-length'],
		String(samples.media.length),
		'media PUT Content-Length',
	);
	expectKeyOnlyOnApi(checks, emu);
	const state = await waitForState(emu, recording.id, 'Ready');
	checks.equal(state, 'Ready', 'recording state');
	return `${recording.id}: ${samples.media.length} B WAV (sha256 ${samples.mediaSha256.slice(0, 12)}…) + transcript → ${state}`;
}

async function urlToCreate(ctx: Context, checks: Checks): Promise<string> {
	const { emu } = ctx;
	const url = 'https://example.com/recordings/weekly-sync.mp4';
	const execution = await execute(ctx, WORKFLOWS.url, '2-url');
	expectSuccess(checks, execution);
	const [item] = outputOf(execution, 'Create recording from link');
	const json = item?.json ?? {};
	checks.ok(isRecordingId(json.id), 'output id', json.id);
	checks.equal(json.uploaded, { downloadUrl: url }, 'output uploaded');
	checks.ok(json.upload === undefined, 'no upload URLs in the output', json.upload);

	const recording = onlyRecording(checks, emu);
	if (!recording) return 'no recording';
	checks.equal(
		recording.body,
		{
			authorEmail: 'grace@example.com',
			title: 'Weekly sync',
			source: 'Zoom',
			downloadUrl: url,
			meeting: {
				startedAt: '2025-02-25T13:00:00.000Z',
				endedAt: '2025-02-25T13:45:00.000Z',
				participants: [
					{ name: 'Grace Hopper', email: 'grace@example.com', isOrganizer: true },
					{ name: 'Ada Lovelace', email: 'ada@example.com' },
				],
			},
		},
		'create body',
	);
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path}`),
		['POST /v1/recordings'],
		'requests received (nothing PUT)',
	);
	expectKeyOnlyOnApi(checks, emu);
	const state = await waitForState(emu, recording.id, 'Ready');
	checks.equal(state, 'Ready', 'recording state');
	return `${recording.id}: downloadUrl and meeting sent, 0 PUTs → ${state}`;
}

async function uploadLater(ctx: Context, checks: Checks): Promise<string> {
	const { emu, samples } = ctx;
	const execution = await execute(ctx, WORKFLOWS.later, '3-upload-later');
	expectSuccess(checks, execution);
	const [created] = outputOf(execution, 'Create recording, transcript later');
	const [uploaded] = outputOf(execution, 'Upload transcript');
	const createdJson = created?.json ?? {};
	const uploadedJson = uploaded?.json ?? {};
	const metaUrl = at(createdJson, 'upload', 'metaUrl');
	checks.ok(
		isString(metaUrl) && metaUrl.startsWith(`${emu.url}/storage/meta/`),
		'Create output holds upload.metaUrl',
		createdJson.upload,
	);
	checks.ok(
		at(createdJson, 'upload', 'url') === undefined,
		'Create output has no media URL left',
		createdJson.upload,
	);
	checks.equal(
		at(createdJson, 'uploaded', 'media', 'bytes'),
		samples.media.length,
		'Create output uploaded.media.bytes',
	);
	checks.equal(uploadedJson.id, createdJson.id, 'Upload output keeps the recording');
	checks.ok(
		uploadedJson.upload === undefined,
		'Upload output has no upload URLs left',
		uploadedJson.upload,
	);
	checks.equal(
		at(uploadedJson, 'uploaded', 'media', 'bytes'),
		samples.media.length,
		'Upload output keeps uploaded.media',
	);
	checks.equal(
		at(uploadedJson, 'uploaded', 'transcript'),
		{
			segments: 2,
			speakers: 2,
			langIso2: 'en',
			bytes: at(uploadedJson, 'uploaded', 'transcript', 'bytes'),
		},
		'Upload output uploaded.transcript',
	);
	checks.equal(
		Object.keys(uploaded?.binary ?? {}),
		['data'],
		'binary passed through both Claap nodes',
	);

	const recording = onlyRecording(checks, emu);
	if (!recording) return 'no recording';
	checks.equal(
		recording.body,
		{
			authorEmail: 'grace@example.com',
			title: 'Customer interview',
			transcript: { type: 'upload' },
		},
		'create body',
	);
	checks.equal(recording.media?.sha256, samples.mediaSha256, 'media sha256');
	checks.equal(
		recording.transcript,
		{
			transcript: {
				segments: [
					{ start: 0, end: 1.5, speakerId: '1', text: 'Thanks for taking the time to talk to us.' },
					{
						start: 1.5,
						end: 3,
						speakerId: '2',
						text: 'Sure, the onboarding was the hardest part.',
					},
				],
				speakers: [
					{ speakerId: '1', name: 'Grace Hopper', email: 'grace@example.com', isRecorder: true },
					{ speakerId: '2', name: 'Ada Lovelace' },
				],
				langIso2: 'en',
			},
		},
		'transcript received (from the Segments and Speakers fields)',
	);
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path.split('/').slice(0, 3).join('/')}`),
		['POST /v1/recordings', 'PUT /storage/media', 'PUT /storage/meta'],
		'requests in order',
	);
	checks.equal(
		emu.requests[2]?.path,
		new URL(String(metaUrl)).pathname,
		'transcript PUT to the metaUrl from Create',
	);
	expectKeyOnlyOnApi(checks, emu);
	const state = await waitForState(emu, recording.id, 'Ready');
	checks.equal(state, 'Ready', 'recording state');
	return `${recording.id}: media with Create, transcript with Transcript → Upload → ${state}`;
}

async function continueOnFail(ctx: Context, checks: Checks): Promise<string> {
	const { emu } = ctx;
	const execution = await execute(ctx, WORKFLOWS.batch, '4-continue-on-fail');
	expectSuccess(checks, execution);
	const items = outputOf(execution, 'Create recordings');
	checks.equal(items.length, 3, 'output items');
	const [first, bad, third] = items.map((item) => item.json);
	checks.ok(isRecordingId(first?.id) && first?.error === undefined, 'item 0 created', first);
	checks.ok(isRecordingId(third?.id) && third?.error === undefined, 'item 2 created', third);
	const error = bad?.error;
	checks.ok(
		isString(error) && error.includes('Author Email') && error.includes('not-an-email'),
		'item 1 is an error naming Author Email and the value',
		bad,
	);
	checks.ok(bad?.id === undefined && bad?.recording === undefined, 'item 1 has no recording', bad);
	checks.ok(
		isString(bad?.description) && bad.description.length > 0,
		'item 1 says how to fix it',
		bad,
	);
	checks.equal(
		items.map((item) => at(item.pairedItem, 'item')),
		[0, 1, 2],
		'paired items',
	);

	const recordings = emu.recordings();
	checks.equal(
		recordings.map((r) => [r.body.authorEmail, r.body.title, r.body.downloadUrl]),
		[
			[
				'grace@example.com',
				'Discovery call with Acme',
				'https://example.com/recordings/acme-discovery.mp4',
			],
			[
				'ada@example.com',
				'Renewal with Initech',
				'https://example.com/recordings/initech-renewal.mp4',
			],
		],
		'recordings created (valid rows only)',
	);
	checks.equal(
		recordings.map((r) => r.id),
		[first?.id, third?.id],
		'emulator ids = output ids',
	);
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path}`),
		['POST /v1/recordings', 'POST /v1/recordings'],
		'requests received',
	);
	checks.ok(
		!emu.requests.some((r) => JSON.stringify(r.json ?? '').includes('globex')),
		'nothing sent for the invalid row',
	);
	const states = await Promise.all(recordings.map((r) => waitForState(emu, r.id, 'Ready')));
	checks.equal(states, ['Ready', 'Ready'], 'recording states');
	return `2 created, 1 error item: ${short(error)}`;
}

async function retryOnFail(ctx: Context, checks: Checks): Promise<string> {
	const { emu } = ctx;
	// The second create reaches Claap, which creates the recording, but its answer is lost.
	emu.injectFault({ method: 'POST', path: '/v1/recordings', reset: 'afterBody', after: 1 });
	let execution: Execution;
	try {
		execution = await execute(ctx, WORKFLOWS.retry, '5-retry-on-fail');
	} finally {
		emu.clearFaults();
	}
	expectSuccess(checks, execution);
	const items = outputOf(execution, 'Create recordings').map((item) => item.json);
	checks.equal(items.length, 2, 'output items');
	const recordings = emu.recordings();
	checks.equal(
		recordings.map((r) => r.body.title),
		['Quarterly review with Umbrella', 'Onboarding for Hooli'],
		'one recording per item, no duplicate',
	);
	checks.equal(
		items.map((item) => item.id),
		recordings.map((r) => r.id),
		'output ids = emulator ids',
	);
	checks.equal(items[1]?.alreadyCreated, true, 'item 1 found, not created again');
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path}`),
		['POST /v1/recordings', 'POST /v1/recordings', 'GET /v1/recordings'],
		'requests: two creates, then one look-up when n8n ran the node again',
	);
	return `2 items, 2 recordings; n8n re-ran the node after a lost create answer and it found ${short(String(items[1]?.id))}`;
}

function freePort(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
	});
}

async function postJson(
	url: string,
	body: unknown,
): Promise<{ status: number; text: string; json?: JsonObject }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	let json: JsonObject | undefined;
	try {
		json = JSON.parse(text) as JsonObject;
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

/**
 * Calls the production webhook. n8n answers /healthz/readiness before it has finished
 * registering the published workflows' webhooks (seen: one 404 "This webhook is not registered
 * for POST requests" just after readiness), so a 404 is retried for a while: it runs nothing.
 */
async function callWebhook(
	baseUrl: string,
	body: unknown,
): Promise<{ status: number; text: string; json?: JsonObject; retries: number }> {
	const started = Date.now();
	for (let retries = 0; ; retries++) {
		const answer = await postJson(`${baseUrl}/webhook/${WEBHOOK_PATH}`, body);
		if (answer.status !== 404 || Date.now() - started > 30_000) return { ...answer, retries };
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** `n8n start` for the server-mode scenarios, started once, stopped at the end of the suite. */
class Server {
	private child?: ChildProcess;
	readyAfter = '';
	readonly baseUrl = `http://127.0.0.1:${N8N_PORT}`;

	/**
	 * Starts n8n unless it runs; `publish` adds workflows to the two webhook ones and `env` replaces
	 * the suite's environment (both only take effect at a start).
	 */
	async ensure(ctx: Context, publish: string[] = [], env = ctx.env): Promise<string> {
		if (this.child) return this.baseUrl;
		for (const port of [N8N_PORT, BROKER_PORT]) {
			if (!(await freePort(port)))
				throw new Error(`port ${port} is in use (set E2E_N8N_PORT / E2E_N8N_BROKER_PORT)`);
		}
		// Publishing (2.x's activation) must happen before `start`: the CLI does not reach a running n8n.
		for (const id of [WORKFLOWS.webhook, WORKFLOWS.trigger, ...publish]) {
			await n8nChecked(ctx.rt, ctx.env, ['publish:workflow', `--id=${id}`], {
				logFile: join(LOG_DIR, 'n8n-cli.log'),
			});
		}
		const started = Date.now();
		this.child = startN8n(ctx.rt, env, join(LOG_DIR, 'n8n-start.log'));
		await waitForReady(this.baseUrl, this.child);
		this.readyAfter = secondsSince(started);
		return this.baseUrl;
	}

	async stop(): Promise<string | undefined> {
		const child = this.child;
		if (!child) return undefined;
		await stopN8n(child);
		const stopped = child.exitCode !== null || child.signalCode !== null;
		if (stopped) this.child = undefined;
		return stopped ? undefined : `n8n start (pid ${child.pid}) did not stop`;
	}
}

const server = new Server();

async function serverWebhook(ctx: Context, checks: Checks): Promise<string> {
	const { emu } = ctx;
	const baseUrl = await server.ensure(ctx);
	const payload = {
		authorEmail: 'grace@example.com',
		mediaUrl: 'https://example.com/recordings/board-meeting.mp4',
		title: 'Board meeting',
	};
	const answer = await callWebhook(baseUrl, payload);
	checks.equal(answer.status, 200, 'webhook HTTP status');
	const json = answer.json ?? {};
	checks.ok(answer.json, 'webhook answered JSON', answer.text);
	checks.ok(isRecordingId(json.id), 'webhook answer holds the recording id', json);
	checks.equal(json.uploaded, { downloadUrl: payload.mediaUrl }, 'webhook answer uploaded');

	const recording = onlyRecording(checks, emu);
	if (recording) {
		checks.equal(recording.id, json.id, 'emulator id = webhook answer id');
		checks.equal(
			recording.body,
			{
				authorEmail: payload.authorEmail,
				title: payload.title,
				source: 'Api',
				downloadUrl: payload.mediaUrl,
			},
			'create body',
		);
		checks.equal(await waitForState(emu, recording.id, 'Ready'), 'Ready', 'recording state');
	}
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path}`),
		['POST /v1/recordings'],
		'requests received (nothing PUT)',
	);
	expectKeyOnlyOnApi(checks, emu);
	const retried =
		answer.retries > 0 ? ` (after ${answer.retries} × 404 while n8n registered the webhook)` : '';
	return `n8n ready after ${server.readyAfter}; POST /webhook/${WEBHOOK_PATH} → ${answer.status} ${String(json.id)}${retried}`;
}

async function serverWebhookWithoutUrl(ctx: Context, checks: Checks): Promise<string> {
	const { emu } = ctx;
	const baseUrl = await server.ensure(ctx);
	// The body lacks mediaUrl: the node must refuse the item before anything reaches Claap.
	const answer = await callWebhook(baseUrl, {
		authorEmail: 'grace@example.com',
		title: 'No media',
	});
	checks.ok(
		answer.status >= 400,
		'webhook answers an error status',
		`${answer.status} ${answer.text}`,
	);
	checks.equal(
		emu.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.json ?? null)}`),
		[],
		'requests received by Claap',
	);
	return `POST /webhook/${WEBHOOK_PATH} without mediaUrl → ${answer.status}, nothing sent to Claap`;
}

/** Sends a webhook event as Claap would, with the given secret. */
async function postEvent(
	url: string,
	event: unknown,
	secret: string,
	webhookId = WEBHOOK_ID,
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'X-Claap-Webhook-Secret': secret,
			'X-Claap-Webhook-Id': webhookId,
		},
		body: JSON.stringify(event),
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, text: await response.text() };
}

/** Creates a recording from a URL through the emulator's API, as another Claap client would. */
async function createRecordingAtClaap(emu: ClaapEmulator, title: string): Promise<string> {
	const created = await fetch(`${emu.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'X-Claap-Key': emu.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			authorEmail: 'grace@example.com',
			title,
			downloadUrl: 'https://example.com/review.mp4',
		}),
	});
	return String(at((await created.json()) as JsonObject, 'result', 'recording', 'id'));
}

async function webhookTrigger(ctx: Context, checks: Checks): Promise<string> {
	const { emu, chat } = ctx;
	const baseUrl = await server.ensure(ctx);
	const triggerUrl = `${baseUrl}/webhook/${TRIGGER_WEBHOOK_PATH}`;
	const probe = {
		eventId: 'evt_probe',
		event: { type: 'recording_added', recording: { id: 'rec_probe' } },
	};

	// n8n registers webhooks shortly after it reports ready: wait until the trigger answers.
	let refused = await postEvent(triggerUrl, probe, 'wrong-secret-000000');
	for (const started = Date.now(); refused.status === 404 && Date.now() - started < 30_000; ) {
		await new Promise((r) => setTimeout(r, 500));
		refused = await postEvent(triggerUrl, probe, 'wrong-secret-000000');
	}
	checks.equal(refused.status, 401, 'a wrong secret is refused');
	checks.equal(
		(await postEvent(triggerUrl, probe, WEBHOOK_SECRET, 'whk_other')).status,
		401,
		'a wrong webhook id is refused',
	);

	emu.setWebhook({
		url: triggerUrl,
		secret: WEBHOOK_SECRET,
		webhookId: WEBHOOK_ID,
		redeliveryDelaysMs: [0, 300, 600],
	});
	const recordingId = await createRecordingAtClaap(emu, 'Pipeline review');
	await chat.waitFor(1);
	const added = chat.messages[0];
	checks.equal(added.type, 'recording_added', 'first chat message: recording_added');
	checks.equal(added.recordingId, recordingId, 'first chat message: the recording');
	checks.ok(
		String(added.text).startsWith('New Claap recording: Pipeline review https://'),
		'chat text',
		added.text,
	);
	await emu.webhooksSettled();
	const [delivery] = emu.webhookDeliveries();
	checks.ok(
		delivery?.state === 'delivered' && delivery.attempts.length === 1,
		'delivered on the first attempt',
		delivery,
	);

	// A redelivery of the same event (same eventId) runs nothing.
	const again = await postEvent(triggerUrl, delivery?.payload, WEBHOOK_SECRET);
	checks.equal(again.status, 200, 'a redelivery is acknowledged');
	emu.updateRecording(recordingId, { labels: ['won'] });
	await chat.waitFor(2);
	await new Promise((r) => setTimeout(r, 1000));
	checks.equal(
		chat.messages.map((message) => message.type),
		['recording_added', 'recording_updated'],
		'chat messages (the redelivery ran nothing)',
	);
	checks.equal(
		again.text ? (JSON.parse(again.text) as unknown) : again.text,
		{ received: true, started: false, duplicate: true },
		'answer to a redelivery',
	);
	// A new event is answered with a small JSON, not n8n's default "firstEntryJson" text.
	const fresh = await postEvent(
		triggerUrl,
		{
			eventId: 'evt_e2e_answer',
			event: {
				type: 'recording_updated',
				recording: { id: recordingId, title: 'Pipeline review' },
			},
		},
		WEBHOOK_SECRET,
	);
	checks.equal(fresh.status, 200, 'a new event is acknowledged');
	checks.equal(
		fresh.text,
		JSON.stringify({ received: true, started: true }),
		'answer to a new event',
	);
	await chat.waitFor(3);
	return `401 for a wrong secret or id; recording_added and recording_updated posted once each; redelivery ignored; answers are small JSON`;
}

/** Waits for `done()`, checking every 250 ms; false after `timeoutMs`. */
async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
	for (const started = Date.now(); !done(); ) {
		if (Date.now() - started > timeoutMs) return false;
		await new Promise((r) => setTimeout(r, 250));
	}
	return true;
}

// n8n polls at most once a minute, on a random second; the durable scheduler adds up to 10 %
// jitter and its own 5–10 s ticks. Each wait allows one poll with room to spare (it only costs
// time when a poll is missing).
const ONE_POLL_MS = 100_000;

/** A copy of the polling example for n8n's durable scheduler, posting messages of its own type. */
const DURABLE_POLLING_ID = 'claapExPollDur01';

function durablePollingCopy(workflow: JsonObject): JsonObject {
	const text = JSON.stringify(workflow).split("type: 'polled'").join("type: 'polled-durable'");
	const copy = JSON.parse(text) as JsonObject;
	// Node ids of their own, still UUIDs: the scheduler keys its jobs on them and limits their length.
	const nodes = (copy.nodes as JsonObject[]).map((node) => ({
		...node,
		id: String(node.id).replace(/^[0-9a-f]{8}/, 'd0ab1e00'),
	}));
	return {
		...copy,
		id: DURABLE_POLLING_ID,
		name: `${String(copy.name)} (durable scheduler)`,
		nodes,
	};
}

/** n8n 2.x's durable scheduler for poll triggers, with poll positions kept as durable cursors. */
const DURABLE_SCHEDULER_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

const pollingTrigger =
	(scheduler: 'legacy' | 'durable') =>
	async (ctx: Context, checks: Checks): Promise<string> => {
		const { emu, chat } = ctx;
		const from = chat.messages.length;
		const workflowId = scheduler === 'durable' ? DURABLE_POLLING_ID : WORKFLOWS.polling;
		const env = scheduler === 'durable' ? { ...ctx.env, ...DURABLE_SCHEDULER_ENV } : ctx.env;
		const messageType = scheduler === 'durable' ? 'polled-durable' : 'polled';
		const polls = () =>
			emu.requests.filter(
				(request) => request.method === 'GET' && request.path === '/v1/recordings',
			).length;
		// The first poll asks for the newest recordings to note where Claap is; the next ones list
		// oldest first from that saved position.
		const listings = () =>
			emu.requests.filter(
				(request) => request.path === '/v1/recordings' && request.query.sort === 'created_asc',
			).length;
		const polled = () =>
			chat.messages.slice(from).filter((message) => message.type === messageType);
		const started = Date.now();

		// Publishing takes effect at start: restart n8n with this polling workflow published, alone.
		const stopped = await server.stop();
		if (stopped) throw new Error(stopped);
		const other = scheduler === 'durable' ? WORKFLOWS.polling : DURABLE_POLLING_ID;
		await n8nChecked(ctx.rt, ctx.env, ['unpublish:workflow', `--id=${other}`], {
			logFile: join(LOG_DIR, 'n8n-cli.log'),
		});
		await server.ensure(ctx, [workflowId], env);
		// Recordings are new once a poll has listed from the saved position. (With the durable
		// scheduler, the position of the poll n8n runs at activation is not kept: the first scheduled
		// poll notes it again.)
		const positionSaved = await waitUntil(() => listings() > 0, 2 * ONE_POLL_MS);
		checks.ok(
			positionSaved,
			'the trigger noted where Claap is, then polled from there',
			emu.requests.map((request) => request.query),
		);
		if (!positionSaved) return 'no poll from a saved position';
		const before = await createRecordingAtClaap(emu, 'Polled before the restart');
		checks.ok(
			await waitUntil(() => polled().length >= 1, ONE_POLL_MS),
			'the next poll posted the new recording',
			polled(),
		);

		// A recording added while n8n is down must come after the restart, and the first one not again.
		checks.equal(await server.stop(), undefined, 'n8n stopped');
		const during = await createRecordingAtClaap(emu, 'Added while n8n was stopped');
		await server.ensure(ctx, [workflowId], env);
		checks.ok(
			await waitUntil(() => polled().length >= 2, ONE_POLL_MS + 15_000),
			'a poll after the restart posted the recording added meanwhile',
			polled(),
		);
		// Anything a poll emits arrives together: a short wait shows whether the first came back.
		await new Promise((r) => setTimeout(r, 2000));
		checks.equal(
			polled().map((message) => message.recordingId),
			[before, during],
			'recordings posted, each once, in order',
		);
		checks.ok(
			String(polled()[0]?.text).startsWith(
				'New Claap recording: Polled before the restart https://',
			),
			'chat text',
			polled()[0]?.text,
		);
		expectKeyOnlyOnApi(checks, emu);
		return `${polls()} polls over two n8n starts (${secondsSince(started)}); posted ${before} before and ${during} after a restart, each once`;
	};

// ---------------------------------------------------------------------------------------------

const SCENARIOS: { name: string; run: (ctx: Context, checks: Checks) => Promise<string> }[] = [
	{ name: '1. Read/Write Files → Create (binary media + transcript file)', run: filesToCreate },
	{ name: '2. Create with Media Source URL', run: urlToCreate },
	{ name: '3. Create (Transcript "Upload Later") → Transcript Upload', run: uploadLater },
	{ name: '4. Continue On Fail with one invalid item among three', run: continueOnFail },
	// Before the server-mode scenarios: `n8n execute` needs the ports `n8n start` then holds.
	{
		name: '5. Retry On Fail after a lost create answer: n8n runs the node again, no duplicate',
		run: retryOnFail,
	},
	{
		name: '6. Server mode: n8n start + published webhook → Create (URL from the body)',
		run: serverWebhook,
	},
	{
		name: '7. Server mode: webhook call without a media URL is refused before Claap',
		run: serverWebhookWithoutUrl,
	},
	{
		name: "8. Server mode: Claap Trigger receives Claap's webhooks (secret, dedupe, events)",
		run: webhookTrigger,
	},
	{
		name: '9. Server mode: Claap Polling Trigger posts each new recording once, across a restart of n8n',
		run: pollingTrigger('legacy'),
	},
	{
		name: "10. The same with n8n's durable scheduler and poll cursors (N8N_SCHEDULER_ENABLED…)",
		run: pollingTrigger('durable'),
	},
	// `n8n execute` again: n8n start, if a scenario before left it running, is stopped first.
	{
		name: '11. AI Agent with Claap tools (example workflow, scripted OpenAI-compatible model)',
		run: async (ctx, checks) => {
			const stopped = await server.stop();
			if (stopped) throw new Error(stopped);
			return aiAgentScenario(ctx, checks, { work: WORK_DIR, logs: LOG_DIR });
		},
	},
	{
		name: "12. Server mode: the Claap tools behind n8n's MCP Server Trigger, called with the MCP client SDK",
		run: async (ctx, checks) => {
			const stopped = await server.stop();
			if (stopped) throw new Error(stopped);
			// The polling examples, published by scenarios 9 and 10, would list recordings meanwhile.
			for (const id of [WORKFLOWS.polling, DURABLE_POLLING_ID]) {
				await n8nChecked(ctx.rt, ctx.env, ['unpublish:workflow', `--id=${id}`], {
					logFile: join(LOG_DIR, 'n8n-cli.log'),
				});
			}
			return mcpScenario(ctx, checks, {
				work: WORK_DIR,
				logs: LOG_DIR,
				startServer: (publish) => server.ensure(ctx, publish),
			});
		},
	},
];

async function main(): Promise<number> {
	const suiteStarted = Date.now();
	const only = process.env.E2E_ONLY?.split(',').map((n) => n.trim());
	log(`e2e: n8n ${N8N_VERSION} on Node ${NODE24_VERSION}, node type ${CLAAP_NODE_TYPE}`);

	let phase = Date.now();
	const rt = await ensureRuntime(log);
	log(`  runtime ready: ${secondsSince(phase)}`);

	phase = Date.now();
	await buildPackage(log, process.env.E2E_BUILD === '1');
	const tarball = await packPackage();
	rmSync(WORK_DIR, { recursive: true, force: true });
	mkdirSync(LOG_DIR, { recursive: true });
	await installPackage(rt, USER_FOLDER, tarball);
	log(
		`  packed and installed ${tarball.split('/').pop()} into ${join(USER_FOLDER, '.n8n', 'nodes')}: ${secondsSince(phase)}`,
	);

	const samples = writeSampleFiles(FILES_DIR);
	const emu = await startEmulator({ storage: 'hash', processingDelayMs: 100 });
	const chat = await startChatSink();
	const env = n8nEnv(rt, {
		userFolder: USER_FOLDER,
		filesDir: FILES_DIR,
		port: N8N_PORT,
		brokerPort: BROKER_PORT,
		encryptionKey: ENCRYPTION_KEY,
	});
	const ctx: Context = { rt, env, emu, samples, chat };
	let passed = 0;
	let failed = 0;
	try {
		phase = Date.now();
		const credentialsFile = join(WORK_DIR, 'credentials.json');
		writeCredentialsFile(credentialsFile, [
			{ ...EMULATOR_CREDENTIAL, apiKey: emu.apiKey, baseUrl: emu.url },
			{ ...WEBHOOK_CREDENTIAL, secret: WEBHOOK_SECRET, webhookId: WEBHOOK_ID },
		]);
		const cliLog = join(LOG_DIR, 'n8n-cli.log');
		await n8nChecked(rt, env, ['import:credentials', `--input=${credentialsFile}`], {
			logFile: cliLog,
		});
		rmSync(credentialsFile, { force: true });
		const workflowsDir = join(WORK_DIR, 'workflows');
		const examples = writeExamplesForImport(FILES_DIR, workflowsDir, {
			[EXAMPLE_CHAT_WEBHOOK_URL]: chat.url,
		});
		const pollingExample = examples.find((workflow) => workflow.id === WORKFLOWS.polling);
		if (!pollingExample) throw new Error(`examples/ has no workflow ${WORKFLOWS.polling}`);
		writeFileSync(
			join(workflowsDir, `${DURABLE_POLLING_ID}.json`),
			JSON.stringify(durablePollingCopy(pollingExample.json)),
		);
		await n8nChecked(rt, env, ['import:workflow', '--separate', `--input=${workflowsDir}`], {
			logFile: cliLog,
		});
		log(
			`  imported 2 credentials and ${examples.length + 1} workflows (fresh database): ${secondsSince(phase)}`,
		);
		log(`  emulator at ${emu.url}`);
		log('');

		for (const [index, scenario] of SCENARIOS.entries()) {
			if (suiteState.interrupted) break;
			if (only && !only.includes(String(index + 1))) continue;
			emu.reset();
			const checks = new Checks();
			const started = Date.now();
			let summary = '';
			try {
				summary = await scenario.run(ctx, checks);
			} catch (error) {
				checks.failures.push(`threw: ${(error as Error).stack ?? String(error)}`);
			}
			const took = secondsSince(started);
			if (checks.failures.length === 0) {
				passed++;
				log(`PASS ${scenario.name} (${took}, ${checks.count} checks): ${summary}`);
			} else {
				failed++;
				log(
					`FAIL ${scenario.name} (${took}): ${checks.failures.length} of ${checks.count} checks failed`,
				);
				for (const failure of checks.failures) log(`     - ${failure}`);
			}
		}
	} catch (error) {
		failed++;
		log(`FAIL setup: ${(error as Error).stack ?? String(error)}`);
	} finally {
		const lingering = await server.stop();
		if (lingering) {
			failed++;
			log(`FAIL teardown: ${lingering}`);
		}
		await emu.close();
		await chat.close();
	}
	log('');
	log(`e2e wall time: ${secondsSince(suiteStarted)} (logs: ${LOG_DIR})`);
	log(`${passed} passed, ${failed} failed`);
	// For the combined closing line of `npm run test:all`.
	writeFileSync(E2E_RESULTS_FILE, JSON.stringify({ passed, failed }));
	return failed === 0 ? 0 : 1;
}

const E2E_RESULTS_FILE = join(__dirname, '..', '..', '.e2e-results.json');

/** Ctrl-C: end n8n and any npm command still running (they live in their own process groups). */
runSuite(main, {
	stopping: 'n8n and the emulator',
	stop: () => killRunning('SIGTERM'),
	graceMs: 5000,
});
