/**
 * Queue-mode end-to-end suite (`npm run test:queue`): the packed package in n8n 2.41.1's queue mode
 * (main `n8n start` with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS + 2 × `n8n worker` + `n8n webhook`),
 * PostgreSQL and Redis started here (installed with apt when missing), the Claap emulator in
 * process. See /work/shared/n8n-queue-mode.md for the recipe.
 *
 * 1. Read/Write Files → Create (binary + transcript), manual run offloaded to a worker, in
 *    `database` and in `filesystem` binary-data mode (one n8n start per mode, one database).
 * 2. A file POSTed as multipart to the webhook processor → Create on a worker (both modes).
 * 3. Load: 60 Create items in 7 simultaneous executions against the emulator's rate limits.
 * 4. A worker SIGKILLed mid-upload of a 200 MB WAV: what n8n does, then no duplicate recording.
 * 5. Claap Trigger on the webhook processor and the main: 50 events (the 1st from the emulator),
 *    each run once on a worker. The 1st, 2nd and 50th are redelivered at once, more than a minute
 *    later and after a restart of all n8n processes. Counted (what the package promises): the
 *    1st event is a duplicate everywhere (its static data is saved); the 2nd and 50th are
 *    duplicates in the process that started them (its 7-minute claim). Printed as REPORT lines,
 *    not counted: the 2nd/50th redelivered to the other process or after the restart, which n8n
 *    2.41.1 runs again (it saves a trigger's static data for a workflow's first event only), so a
 *    fixed n8n shows there as "ran nothing".
 * 6. Claap Polling Trigger: activated on the main, polls there, its executions run on workers; a
 *    recording created before the restart and one created while n8n is down are posted once each.
 *    5 and 6 share the minute (6 fills it) and the one restart; either runs alone with QUEUE_ONLY.
 *
 * Each scenario proves the worker ran it (public API execution + "Worker finished execution" in
 * a worker's log). Prints one line per scenario, the wall time, and `N passed, N failed` last.
 * QUEUE_ONLY=1,3 runs some scenarios only; QUEUE_PORT_BASE=23000 pins the ports (base … base+9).
 * Logs: .e2e/queue/logs/.
 */
import { createHash } from 'node:crypto';
import {
	mkdtempSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	existsSync,
	openSync,
	writeSync,
	closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulator, type ClaapEmulator } from '../../scripts/lib/emulator';
import { startChatSink, type ChatSink } from '../../scripts/lib/chatSink';
import { makeWav, sha256, writeSampleFiles, type SampleFiles } from '../../scripts/lib/fixtures';
import {
	at,
	buildPackage,
	E2E_DIR,
	ensureRuntime,
	installPackage,
	killRunning,
	n8nChecked,
	n8nEnv,
	N8N_VERSION,
	NODE24_VERSION,
	packPackage,
	secondsSince,
	type JsonObject,
	type Runtime,
} from '../../scripts/lib/runtime';
import {
	EMULATOR_CREDENTIAL,
	EXAMPLE_CHAT_WEBHOOK_URL,
	loadExamples,
	TRIGGER_WEBHOOK_PATH,
	WEBHOOK_CREDENTIAL,
	WORKFLOWS,
	writeCredentialsFile,
} from '../../scripts/lib/workflows';
import {
	alive,
	ensureDatabases,
	killAllProcesses,
	pickPortBase,
	Postgres,
	processes,
	Redis,
	signalGroup,
	sleep,
	spawnN8n,
	startCountingProxy,
	stopProcess,
	traversable,
	waitReady,
	type CountingProxy,
	type N8nProcess,
} from './infra';
import { PATHS, QUEUE_WORKFLOWS, queueWorkflows } from './workflows';
import { Checks, short } from '../e2e/checks';
import { runSuite, suiteState } from '../suiteRunner';

const ENCRYPTION_KEY = 'queue-mode-test-key-not-secret-0123';
const WORK_DIR = join(E2E_DIR, 'queue');
const USER_FOLDER = join(WORK_DIR, 'home');
const FILES_DIR = join(WORK_DIR, 'files');
const LOG_DIR = join(WORK_DIR, 'logs');
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Queue',
	lastName: 'Mode',
	password: 'Passw0rd-QM-123',
};
const WEBHOOK_SECRET = 'whsec_qm_0123456789abcdef';
const WEBHOOK_ID = 'whk_qm';
const BIG_FILE_BYTES = 200 * 1000 * 1000;

/** Offsets from the port base: main, main broker, worker 1 health/broker, worker 2 health/broker, webhook, its broker, Postgres, Redis. */
const PORT = {
	main: 0,
	mainBroker: 1,
	w1Health: 2,
	w1Broker: 3,
	w2Health: 4,
	w2Broker: 5,
	webhook: 6,
	webhookBroker: 7,
	pg: 8,
	redis: 9,
};

const log = (line: string) => console.log(line);

type Mode = 'database' | 'filesystem';

interface Cluster {
	mode: Mode;
	main: N8nProcess;
	workers: N8nProcess[];
	webhook: N8nProcess;
	readyAfter: string;
}

interface Ctx {
	rt: Runtime;
	base: number;
	emu: ClaapEmulator;
	proxy: CountingProxy;
	chat: ChatSink;
	samples: SampleFiles;
	mainUrl: string;
	webhookUrl: string;
	cookie: string;
	apiKey: string;
	cluster?: Cluster;
}

// ---------------------------------------------------------------------------------------------
// n8n processes

function envFor(
	ctx: Ctx,
	mode: Mode,
	port: number | undefined,
	brokerPort: number,
	extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
	return n8nEnv(ctx.rt, {
		userFolder: USER_FOLDER,
		filesDir: FILES_DIR,
		port,
		brokerPort,
		encryptionKey: ENCRYPTION_KEY,
		extra: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(ctx.base + PORT.redis),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(ctx.base + PORT.pg),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			N8N_DEFAULT_BINARY_DATA_MODE: mode,
			N8N_STORAGE_PATH: join(USER_FOLDER, '.n8n', 'storage'),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			// A killed worker's job is noticed sooner than with the 60 s lock / 30 s check defaults.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			QUEUE_WORKER_TIMEOUT: '10',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...extra,
		},
	});
}

async function startCluster(ctx: Ctx, mode: Mode): Promise<Cluster> {
	const started = Date.now();
	const b = ctx.base;
	const workerEnv = (health: number, broker: number) =>
		envFor(ctx, mode, undefined, b + broker, {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(b + health),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
	const main = spawnN8n(
		ctx.rt,
		envFor(ctx, mode, b + PORT.main, b + PORT.mainBroker),
		'main',
		['start'],
		join(LOG_DIR, 'main.log'),
		`${ctx.mainUrl}/healthz/readiness`,
	);
	const workers = [
		spawnN8n(
			ctx.rt,
			workerEnv(PORT.w1Health, PORT.w1Broker),
			'worker1',
			['worker', '--concurrency=5'],
			join(LOG_DIR, 'worker1.log'),
			`http://127.0.0.1:${b + PORT.w1Health}/healthz/readiness`,
		),
		spawnN8n(
			ctx.rt,
			workerEnv(PORT.w2Health, PORT.w2Broker),
			'worker2',
			['worker', '--concurrency=5'],
			join(LOG_DIR, 'worker2.log'),
			`http://127.0.0.1:${b + PORT.w2Health}/healthz/readiness`,
		),
	];
	const webhook = spawnN8n(
		ctx.rt,
		envFor(ctx, mode, b + PORT.webhook, b + PORT.webhookBroker),
		'webhook',
		['webhook'],
		join(LOG_DIR, 'webhook.log'),
		`${ctx.webhookUrl}/healthz/readiness`,
	);
	const all = [main, ...workers, webhook];
	try {
		const times = await Promise.all(all.map((proc) => waitReady(proc)));
		log(
			`  [${mode}] ready: ${all.map((p, i) => `${p.name} ${(times[i] / 1000).toFixed(1)} s`).join(', ')}`,
		);
	} catch (error) {
		await Promise.all(all.map((proc) => stopProcess(proc, 5000)));
		throw error;
	}
	return { mode, main, workers, webhook, readyAfter: secondsSince(started) };
}

async function stopCluster(cluster: Cluster | undefined): Promise<void> {
	if (!cluster) return;
	const started = Date.now();
	await Promise.all(
		[cluster.main, ...cluster.workers, cluster.webhook].map((proc) => stopProcess(proc)),
	);
	log(`  [${cluster.mode}] n8n processes stopped: ${secondsSince(started)}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

interface Answer {
	status: number;
	text: string;
	json?: unknown;
	headers: Headers;
}

async function http(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Answer> {
	const response = await fetch(url, {
		...init,
		signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json, headers: response.headers };
}

/** A production webhook call; 404 (not registered yet) is retried for up to 60 s, as the recipe says. */
async function callWebhook(
	url: string,
	makeInit: () => RequestInit & { timeoutMs?: number },
): Promise<Answer & { retries: number }> {
	const started = Date.now();
	for (let retries = 0; ; retries++) {
		const answer = await http(url, makeInit());
		if (answer.status !== 404 || Date.now() - started > 60_000) return { ...answer, retries };
		await sleep(500);
	}
}

const jsonPost = (body: unknown) => () => ({
	method: 'POST',
	headers: { 'Content-Type': 'application/json' },
	body: JSON.stringify(body),
});

async function rest(ctx: Ctx, method: string, path: string, body?: unknown): Promise<Answer> {
	return http(`${ctx.mainUrl}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', ...(ctx.cookie ? { Cookie: ctx.cookie } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

async function api(ctx: Ctx, method: string, path: string, body?: unknown): Promise<Answer> {
	return http(`${ctx.mainUrl}/api/v1${path}`, {
		method,
		headers: {
			'X-N8N-API-KEY': ctx.apiKey,
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

function cookieOf(answer: Answer): string {
	const cookies = answer.headers.getSetCookie().map((c) => c.split(';')[0]);
	const auth = cookies.find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error(`no n8n-auth cookie (status ${answer.status}: ${short(answer.text)})`);
	return auth;
}

/** Owner (first start) or login, then (first start) an API key with every scope and the activations. */
async function authenticate(ctx: Ctx, first: boolean): Promise<void> {
	if (first) {
		const setup = await rest(ctx, 'POST', '/rest/owner/setup', OWNER);
		ctx.cookie = cookieOf(setup);
		const scopes = at((await rest(ctx, 'GET', '/rest/api-keys/scopes')).json, 'data');
		if (!Array.isArray(scopes) || scopes.length === 0) throw new Error('no API key scopes');
		const key = await rest(ctx, 'POST', '/rest/api-keys', {
			label: 'queue-suite',
			scopes,
			expiresAt: null,
		});
		const raw = at(key.json, 'data', 'rawApiKey');
		if (typeof raw !== 'string')
			throw new Error(`no rawApiKey (${key.status}: ${short(key.text)})`);
		ctx.apiKey = raw;
		const started = Date.now();
		for (const id of [...Object.values(QUEUE_WORKFLOWS), WORKFLOWS.trigger]) {
			const answer = await api(ctx, 'POST', `/workflows/${id}/activate`);
			if (answer.status !== 200 || at(answer.json, 'active') !== true)
				throw new Error(`activating ${id}: ${answer.status} ${short(answer.text)}`);
		}
		log(
			`  owner, API key (${scopes.length} scopes), 5 workflows activated: ${secondsSince(started)}`,
		);
	} else {
		const login = await rest(ctx, 'POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		ctx.cookie = cookieOf(login);
	}
}

// ---------------------------------------------------------------------------------------------
// Executions and workers

interface Execution {
	id: string;
	status?: string;
	mode?: string;
	finished?: boolean;
	data?: unknown;
}

async function executionIds(ctx: Ctx, workflowId: string): Promise<Set<string>> {
	const answer = await api(ctx, 'GET', `/executions?workflowId=${workflowId}&limit=250`);
	const rows = at(answer.json, 'data');
	return new Set(Array.isArray(rows) ? rows.map((row) => String(at(row, 'id'))) : []);
}

/** Executions of the workflow that were not in `before`, waiting up to `timeoutMs` for `count`. */
async function newExecutions(
	ctx: Ctx,
	workflowId: string,
	before: Set<string>,
	count: number,
	timeoutMs = 30_000,
): Promise<string[]> {
	const started = Date.now();
	let found: string[] = [];
	while (Date.now() - started < timeoutMs) {
		found = [...(await executionIds(ctx, workflowId))].filter((id) => !before.has(id));
		if (found.length >= count) break;
		await sleep(500);
	}
	return found.sort((a, b) => Number(a) - Number(b));
}

const DONE = new Set(['success', 'error', 'crashed', 'canceled']);

async function getExecution(ctx: Ctx, id: string, includeData = true): Promise<Execution> {
	const answer = await api(ctx, 'GET', `/executions/${id}?includeData=${includeData}`);
	return { ...(answer.json as JsonObject), id } as Execution;
}

async function waitExecution(ctx: Ctx, id: string, timeoutMs = 180_000): Promise<Execution> {
	const started = Date.now();
	for (;;) {
		const execution = await getExecution(ctx, id, false);
		if ((execution.status && DONE.has(execution.status)) || Date.now() - started > timeoutMs)
			return getExecution(ctx, id, true);
		await sleep(500);
	}
}

function logText(proc: N8nProcess): string {
	try {
		return readFileSync(proc.logFile, 'utf8');
	} catch {
		return '';
	}
}

/** The worker whose log says it finished (or, with `what: 'started'`, started) the execution. */
function workerOf(
	cluster: Cluster,
	id: string,
	what: 'finished' | 'started' = 'finished',
): string | undefined {
	const line = `Worker ${what} execution ${id} (`;
	return cluster.workers.find((worker) => logText(worker).includes(line))?.name;
}

/** Waits briefly for the worker's log line (it may trail the API's status). */
async function waitWorkerOf(
	cluster: Cluster,
	id: string,
	timeoutMs = 10_000,
): Promise<string | undefined> {
	const started = Date.now();
	for (;;) {
		const worker = workerOf(cluster, id);
		if (worker || Date.now() - started > timeoutMs) return worker;
		await sleep(250);
	}
}

function nodeItems(
	execution: Execution,
	node: string,
): Array<{ json: JsonObject; binary?: JsonObject }> {
	const items = at(execution.data, 'resultData', 'runData', node, 0, 'data', 'main', 0);
	return Array.isArray(items) ? items : [];
}

async function expectOnWorker(
	checks: Checks,
	ctx: Ctx,
	execution: Execution,
	label: string,
): Promise<string | undefined> {
	checks.equal(execution.status, 'success', `${label}: execution ${execution.id} status`);
	const worker = await waitWorkerOf(ctx.cluster!, execution.id);
	checks.ok(worker, `${label}: "Worker finished execution ${execution.id}" in a worker log`);
	const runError = at(execution.data, 'resultData', 'error', 'message');
	checks.ok(!runError, `${label}: no workflow error`, runError);
	return worker;
}

async function waitForState(
	emu: ClaapEmulator,
	id: string,
	state: string,
	timeoutMs = 15_000,
): Promise<string | undefined> {
	const started = Date.now();
	let current: string | undefined;
	while (Date.now() - started < timeoutMs) {
		current = emu.getRecording(id)?.state;
		if (current === state || current === 'Failed') return current;
		await sleep(100);
	}
	return current;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function filesToCreate(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu, samples } = ctx;
	const mode = ctx.cluster!.mode;
	const answer = await rest(ctx, 'POST', `/rest/workflows/${WORKFLOWS.files}/run`, {
		triggerToStartFrom: { name: 'Start' },
	});
	const id = at(answer.json, 'data', 'executionId');
	if (
		!checks.ok(
			typeof id === 'string' || typeof id === 'number',
			`[${mode}] manual run started`,
			`${answer.status} ${answer.text}`,
		)
	)
		return 'no run';
	const started = Date.now();
	const execution = await waitExecution(ctx, String(id));
	const took = secondsSince(started);
	const worker = await expectOnWorker(checks, ctx, execution, `[${mode}]`);
	checks.equal(execution.mode, 'manual', `[${mode}] execution mode`);
	const binaryId = String(
		at(nodeItems(execution, 'Read recording')[0], 'binary', 'data', 'id') ?? '',
	);
	checks.ok(
		binaryId.startsWith(mode === 'database' ? 'database:' : 'filesystem-v2:'),
		`[${mode}] binary stored in ${mode} mode`,
		binaryId,
	);
	const out = nodeItems(execution, 'Create recording in Claap')[0]?.json ?? {};
	checks.equal(
		at(out, 'uploaded', 'media', 'bytes'),
		samples.media.length,
		`[${mode}] output uploaded.media.bytes`,
	);
	const recordings = emu.recordings();
	checks.equal(recordings.length, 1, `[${mode}] recordings created`);
	const recording = recordings[0];
	if (!recording) return 'no recording';
	checks.equal(recording.id, out.id, `[${mode}] emulator id = output id`);
	checks.equal(recording.media?.sha256, samples.mediaSha256, `[${mode}] media sha256 (byte-exact)`);
	checks.equal(recording.media?.bytes, samples.media.length, `[${mode}] media bytes`);
	const segments = at(recording.transcript, 'transcript', 'segments');
	checks.ok(
		Array.isArray(segments) && segments.length === 2,
		`[${mode}] transcript uploaded (2 segments)`,
		recording.transcript,
	);
	const state = await waitForState(emu, recording.id, 'Ready');
	checks.equal(state, 'Ready', `[${mode}] recording state`);
	return `[${mode}] exec ${execution.id} on ${worker} in ${took}, binary ${binaryId.split(':')[0]}:…, ${recording.media?.bytes} B sha256 ${recording.media?.sha256?.slice(0, 12)}… = file, transcript, ${state}`;
}

async function multipartUpload(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu, samples } = ctx;
	const mode = ctx.cluster!.mode;
	const title = `Multipart upload (${mode})`;
	const before = await executionIds(ctx, QUEUE_WORKFLOWS.multipart);
	const url = `${ctx.webhookUrl}/webhook/${PATHS.multipart}`;
	const started = Date.now();
	const answer = await callWebhook(url, () => {
		const form = new FormData();
		form.append('title', title);
		form.append('file', new Blob([samples.media], { type: 'audio/wav' }), 'meeting.wav');
		return { method: 'POST', body: form };
	});
	const took = secondsSince(started);
	checks.equal(
		answer.status,
		200,
		`[${mode}] webhook processor answer status (${short(answer.text)})`,
	);
	const [id] = await newExecutions(ctx, QUEUE_WORKFLOWS.multipart, before, 1);
	if (!checks.ok(id, `[${mode}] an execution was recorded`)) return 'no execution';
	const execution = await waitExecution(ctx, id);
	const worker = await expectOnWorker(checks, ctx, execution, `[${mode}]`);
	checks.equal(execution.mode, 'webhook', `[${mode}] execution mode`);
	const recordings = emu.recordings();
	checks.equal(
		recordings.map((r) => r.body.title),
		[title],
		`[${mode}] recordings created`,
	);
	const recording = recordings[0];
	if (!recording) return 'no recording';
	checks.equal(at(answer.json, 'id'), recording.id, `[${mode}] answer id = emulator id`);
	checks.equal(recording.media?.sha256, samples.mediaSha256, `[${mode}] media sha256 (byte-exact)`);
	checks.equal(
		await waitForState(emu, recording.id, 'Ready'),
		'Ready',
		`[${mode}] recording state`,
	);
	return `[${mode}] POST multipart → webhook processor :${ctx.base + PORT.webhook} → exec ${id} on ${worker}, ${took}, sha256 ok${answer.retries ? ` (${answer.retries} × 404 first)` : ''}`;
}

async function load(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu, proxy } = ctx;
	const run = Date.now().toString(36);
	// 10 small distinct WAVs for the binary items.
	const binaries: { title: string; path: string; sha: string }[] = [];
	for (let i = 0; i < 10; i++) {
		const wav = makeWav(0.5 + i * 0.1);
		const path = join(FILES_DIR, `load-${i}.wav`);
		writeFileSync(path, wav);
		binaries.push({ title: `Load ${run} binary ${i}`, path, sha: sha256(wav) });
	}
	const noneTitles = Array.from({ length: 50 }, (_, i) => `Load ${run} none ${i}`);
	const calls: { path: string; items: JsonObject[] }[] = [];
	for (let c = 0; c < 5; c++)
		calls.push({
			path: PATHS.loadNone,
			items: noneTitles.slice(c * 10, c * 10 + 10).map((title) => ({ title })),
		});
	for (let c = 0; c < 2; c++)
		calls.push({
			path: PATHS.loadBinary,
			items: binaries.slice(c * 5, c * 5 + 5).map(({ title, path }) => ({ title, path })),
		});
	const beforeNone = await executionIds(ctx, QUEUE_WORKFLOWS.loadNone);
	const beforeBinary = await executionIds(ctx, QUEUE_WORKFLOWS.loadBinary);

	const started = Date.now();
	// Half the calls to the main, half to the webhook processor, all at once.
	const answers = await Promise.all(
		calls.map((call, i) =>
			callWebhook(`${i % 2 ? ctx.webhookUrl : ctx.mainUrl}/webhook/${call.path}`, () => ({
				...jsonPost({ items: call.items })(),
				timeoutMs: 600_000,
			})),
		),
	);
	const wall = (Date.now() - started) / 1000;
	answers.forEach((answer, i) => {
		checks.equal(answer.status, 200, `call ${i} status`);
		checks.ok(
			Array.isArray(answer.json) && answer.json.length === calls[i].items.length,
			`call ${i} answered ${calls[i].items.length} items`,
			answer.text,
		);
	});

	const executions = [
		...(await newExecutions(ctx, QUEUE_WORKFLOWS.loadNone, beforeNone, 5)),
		...(await newExecutions(ctx, QUEUE_WORKFLOWS.loadBinary, beforeBinary, 2)),
	];
	checks.equal(executions.length, 7, 'executions recorded');
	const perWorker: Record<string, number> = {};
	for (const id of executions) {
		const execution = await waitExecution(ctx, id);
		const worker = await expectOnWorker(checks, ctx, execution, `load exec ${id}`);
		perWorker[worker ?? 'none'] = (perWorker[worker ?? 'none'] ?? 0) + 1;
	}

	const recordings = emu.recordings();
	const perTitle = new Map<string, number>();
	for (const recording of recordings)
		perTitle.set(
			String(recording.body.title),
			(perTitle.get(String(recording.body.title)) ?? 0) + 1,
		);
	const expected = [...noneTitles, ...binaries.map((b) => b.title)];
	const missing = expected.filter((title) => !perTitle.has(title));
	const duplicated = [...perTitle].filter(([, n]) => n > 1).map(([title, n]) => `${title} ×${n}`);
	checks.equal(missing, [], 'titles never created (lost)');
	checks.equal(duplicated, [], 'titles created more than once');
	checks.equal(recordings.length, 60, 'recordings created');
	for (const b of binaries) {
		const recording = recordings.find((r) => r.body.title === b.title);
		checks.equal(recording?.media?.sha256, b.sha, `${b.title} media sha256`);
	}
	const creates = emu.requests.filter(
		(r) => r.method === 'POST' && r.path === '/v1/recordings',
	).length;
	const refused = proxy.count(429);
	checks.ok(perWorker.worker1 && perWorker.worker2, 'both workers took executions', perWorker);
	return `60 items in 7 executions (${executions.length} recorded; per worker ${JSON.stringify(perWorker)}): wall ${wall.toFixed(1)} s, ${recordings.length} recordings, ${missing.length} lost, ${duplicated.length} duplicated, ${creates} POST /v1/recordings, ${refused} × 429 from the emulator (statuses ${JSON.stringify(Object.fromEntries(proxy.statuses))})`;
}

function writeBigWav(path: string, bytes: number): string {
	// A valid PCM WAV header, then a repeated 1-second tone (written in chunks: no 200 MB buffer).
	const dataBytes = bytes - 44;
	const header = makeWav(0).subarray(0, 44);
	header.writeUInt32LE(36 + dataBytes, 4);
	header.writeUInt32LE(dataBytes, 40);
	const tone = makeWav(1).subarray(44);
	const hash = createHash('sha256');
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, header);
		hash.update(header);
		for (let written = 0; written < dataBytes; ) {
			const chunk = tone.subarray(0, Math.min(tone.length, dataBytes - written));
			writeSync(fd, chunk);
			hash.update(chunk);
			written += chunk.length;
		}
	} finally {
		closeSync(fd);
	}
	return hash.digest('hex');
}

async function killMidUpload(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu } = ctx;
	const cluster = ctx.cluster!;
	const bigPath = join(FILES_DIR, 'big.wav');
	const bigSha = writeBigWav(bigPath, BIG_FILE_BYTES);
	const title = `Big upload, worker killed ${Date.now().toString(36)}`;
	const notes: string[] = [];
	// The first media PUT waits 8 s before the emulator reads it: the worker is stuck mid-upload.
	emu.injectFault({ method: 'PUT', path: /^\/storage\/media\//, delayMs: 8000, times: 1 });
	const before = await executionIds(ctx, QUEUE_WORKFLOWS.kill);
	const answer = await callWebhook(
		`${ctx.webhookUrl}/webhook/${PATHS.kill}`,
		jsonPost({ path: bigPath, title }),
	);
	checks.equal(answer.status, 200, 'webhook answered at once (onReceived)');
	const [id] = await newExecutions(ctx, QUEUE_WORKFLOWS.kill, before, 1);
	if (!checks.ok(id, 'an execution was recorded')) return 'no execution';

	const putSeen = async (timeoutMs: number) => {
		for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(100)) {
			if (emu.requests.some((r) => r.method === 'PUT' && r.path.startsWith('/storage/media/')))
				return true;
		}
		return false;
	};
	if (!checks.ok(await putSeen(120_000), 'the media PUT reached the emulator')) return 'no upload';
	await sleep(1500);
	const victimName = workerOf(cluster, id, 'started');
	const victim = cluster.workers.find((w) => w.name === victimName);
	if (!checks.ok(victim && alive(victim), 'the worker running it is known and alive', victimName))
		return 'no victim';
	const put = emu.requests.find((r) => r.method === 'PUT' && r.path.startsWith('/storage/media/'));
	const killedAt = Date.now();
	victim!.ended = true;
	signalGroup(victim!, 'SIGKILL');
	notes.push(
		`SIGKILL ${victim!.name} (exec ${id}) with the media PUT in flight (emulator had read ${put?.bodyBytes ?? 0} B of ${BIG_FILE_BYTES})`,
	);
	const survivor = cluster.workers.find((w) => w !== victim)!;

	// What n8n does next: status changes, and whether the other worker takes the job.
	let status = '';
	let pickedUp = false;
	for (; Date.now() - killedAt < 90_000; await sleep(1000)) {
		const execution = await getExecution(ctx, id, false);
		if (execution.status !== status) {
			notes.push(
				`+${secondsSince(killedAt)}: status ${execution.status}${execution.finished ? ' (finished)' : ''}`,
			);
			status = String(execution.status);
		}
		pickedUp = logText(survivor).includes(`Worker started execution ${id} (`);
		if (pickedUp || DONE.has(status)) break;
	}
	if (pickedUp) notes.push(`${survivor.name} picked the job up`);
	else notes.push(`no worker picked the job up (n8n sets Bull's maxStalledCount to 0)`);
	const mainLines = logText(cluster.main)
		.split('\n')
		.filter((line) => line.includes(`execution ${id}`) || /stalled/i.test(line))
		.slice(-2);
	if (mainLines.length)
		notes.push(`main log: ${mainLines.map((l) => l.trim().slice(0, 200)).join(' | ')}`);
	const afterKill = emu.recordings().filter((r) => r.body.title === title);
	notes.push(
		`after the kill: ${afterKill.length} recording(s), state ${afterKill.map((r) => r.state).join(',')}, media ${afterKill[0]?.media ? 'stored' : 'none'}`,
	);

	// Finish the job: n8n's own Retry (public API); when it does not succeed, the same webhook call again.
	emu.clearFaults();
	let rerun: Execution | undefined;
	let rerunId: string | undefined;
	if (pickedUp) {
		rerunId = id;
		rerun = await waitExecution(ctx, id, 240_000);
	} else {
		const beforeRetry = await executionIds(ctx, QUEUE_WORKFLOWS.kill);
		const retry = await api(ctx, 'POST', `/executions/${id}/retry`, { loadWorkflow: true });
		if (retry.status === 200) {
			rerunId = String(
				at(retry.json, 'id') ?? (await newExecutions(ctx, QUEUE_WORKFLOWS.kill, beforeRetry, 1))[0],
			);
			rerun = await waitExecution(ctx, rerunId, 240_000);
			const message = String(at(rerun.data, 'resultData', 'error', 'message') ?? '');
			notes.push(
				`POST /api/v1/executions/${id}/retry → 200, exec ${rerunId} ends ${rerun.status}${message ? ` ("${message.slice(0, 90)}…")` : ''} on ${workerOf(cluster, rerunId) ?? 'no worker'}`,
			);
		} else {
			notes.push(
				`POST /api/v1/executions/${id}/retry → ${retry.status} ${short(at(retry.json, 'message') ?? retry.text).slice(0, 120)}`,
			);
		}
		if (rerun?.status !== 'success') {
			const beforeCall = await executionIds(ctx, QUEUE_WORKFLOWS.kill);
			const again = await callWebhook(
				`${ctx.webhookUrl}/webhook/${PATHS.kill}`,
				jsonPost({ path: bigPath, title }),
			);
			checks.equal(again.status, 200, 'second webhook call answered');
			rerunId = (await newExecutions(ctx, QUEUE_WORKFLOWS.kill, beforeCall, 1))[0];
			notes.push(`called the webhook again → exec ${rerunId}`);
			rerun = rerunId ? await waitExecution(ctx, rerunId, 240_000) : undefined;
		}
	}
	if (!checks.ok(rerunId && rerun, 'a second run exists')) return notes.join('; ');
	const worker = await expectOnWorker(checks, ctx, rerun!, `re-run ${rerunId}`);
	const out = nodeItems(rerun!, 'Create recording')[0]?.json ?? {};
	notes.push(
		`re-run ${rerunId} on ${worker}: ${rerun!.status}, alreadyCreated=${String(out.alreadyCreated)}`,
	);
	const original = await getExecution(ctx, id, false);
	notes.push(`killed execution ${id} ends ${original.status}`);

	const recordings = emu.recordings().filter((r) => r.body.title === title);
	checks.equal(recordings.length, 1, 'recordings with that title (no duplicate)');
	checks.equal(
		emu.requests.filter((r) => r.method === 'POST' && r.path === '/v1/recordings').length,
		1,
		'creates received',
	);
	const recording = recordings[0];
	if (recording) {
		checks.equal(recording.media?.bytes, BIG_FILE_BYTES, 'media bytes stored');
		checks.equal(recording.media?.sha256, bigSha, 'media sha256 (byte-exact)');
		checks.equal(out.id, recording.id, "re-run output id = the first run's recording");
		checks.equal(
			await waitForState(emu, recording.id, 'Ready', 30_000),
			'Ready',
			'recording state',
		);
	}
	rmSync(bigPath, { force: true });
	return notes.join('; ');
}

/** A delivery of the event with this ID: to the webhook processor (`'webhook'`) or the main. */
interface Delivery {
	eventId: string;
	to: 'webhook' | 'main';
	/** Counted (the package's promise) or only reported (what n8n 2.41.1's static-data defect causes). */
	counted: boolean;
	what: string;
}

/** What the trigger part keeps between its phases (before the minute, after it, after the restart). */
const triggerState: {
	payloads: Map<string, unknown>;
	order: string[];
	lastNewAt: number;
	reports: string[];
} = {
	payloads: new Map(),
	order: [],
	lastNewAt: 0,
	reports: [],
};

const triggerRuns = (chat: ChatSink, eventId: string) =>
	chat.messages.filter((m) => m.eventId === eventId).length;

/** Delivers each event again (a Claap redelivery: same body, same eventId), then checks or reports what ran. */
async function redeliver(
	ctx: Ctx,
	checks: Checks,
	phase: string,
	deliveries: Delivery[],
): Promise<string[]> {
	// Counted ones first: a reported one that runs again must not be taken for a counted one's run.
	const counted = deliveries.filter((d) => d.counted);
	const reported = deliveries.filter((d) => !d.counted);
	return [
		...(counted.length ? await redeliverOnce(ctx, checks, phase, counted) : []),
		...(reported.length ? await redeliverOnce(ctx, checks, phase, reported) : []),
	];
}

async function redeliverOnce(
	ctx: Ctx,
	checks: Checks,
	phase: string,
	deliveries: Delivery[],
): Promise<string[]> {
	const runsBefore = new Map(deliveries.map((d) => [d.eventId, triggerRuns(ctx.chat, d.eventId)]));
	const answers: Answer[] = [];
	for (const d of deliveries) {
		const url = `${d.to === 'webhook' ? ctx.webhookUrl : ctx.mainUrl}/webhook/${TRIGGER_WEBHOOK_PATH}`;
		answers.push(await callWebhook(url, () => eventInit(triggerState.payloads.get(d.eventId))));
	}
	// A run that was started reaches the chat within seconds (the first event took well under that).
	await sleep(6000);
	const reports: string[] = [];
	deliveries.forEach((d, i) => {
		const label = `${phase}: ${d.what} (${d.eventId}) redelivered to the ${d.to === 'webhook' ? 'webhook processor' : 'main'}`;
		const ranAgain = triggerRuns(ctx.chat, d.eventId) - (runsBefore.get(d.eventId) ?? 0);
		if (d.counted) {
			checks.equal(
				answers[i].json,
				{ received: true, started: false, duplicate: true },
				`${label}: answer`,
			);
			checks.equal(ranAgain, 0, `${label}: runs`);
		} else {
			const line = `REPORT (not counted; n8n 2.41.1 saves static data for a workflow's first event only): ${label} → ${answers[i].status} ${answers[i].text.slice(0, 60)}; ${ranAgain > 0 ? `RAN AGAIN (${ranAgain}×)` : 'ran nothing'}`;
			log(`     ${line}`);
			reports.push(line);
		}
	});
	return reports;
}

function eventInit(payload: unknown): RequestInit & { timeoutMs?: number } {
	return {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'X-Claap-Webhook-Secret': WEBHOOK_SECRET,
			'X-Claap-Webhook-Id': WEBHOOK_ID,
		},
		body: JSON.stringify(payload),
		timeoutMs: 30_000,
	};
}

const EVENTS = 50;

/**
 * Phase 1: the workflow's 1st event comes from the emulator (a recording created at Claap), events
 * 2–50 are posted to the webhook processor; each runs once, on a worker. Then redeliveries at once.
 */
async function claapTrigger(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu, chat } = ctx;
	const hookUrl = `${ctx.webhookUrl}/webhook/${TRIGGER_WEBHOOK_PATH}`;
	// Wait until the webhook processor knows the trigger: a wrong secret gets 401 instead of 404.
	const probe = await callWebhook(hookUrl, () => ({
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'X-Claap-Webhook-Secret': 'wrong-secret-000000',
			'X-Claap-Webhook-Id': WEBHOOK_ID,
		},
		body: JSON.stringify({
			eventId: 'evt_probe',
			event: { type: 'recording_added', recording: { id: 'rec_probe' } },
		}),
	}));
	checks.equal(probe.status, 401, 'a wrong secret is refused by the webhook processor');

	const before = await executionIds(ctx, WORKFLOWS.trigger);
	const from = chat.messages.length;
	emu.setWebhook({
		url: hookUrl,
		secret: WEBHOOK_SECRET,
		webhookId: WEBHOOK_ID,
		redeliveryDelaysMs: [0, 500, 1000],
	});
	const created = await http(`${emu.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'X-Claap-Key': emu.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			authorEmail: 'grace@example.com',
			title: 'Trigger in queue mode',
			downloadUrl: 'https://example.com/q.mp4',
		}),
	});
	const recordingId = String(at(created.json, 'result', 'recording', 'id'));
	try {
		await chat.waitFor(from + 1, 60_000);
	} catch (error) {
		checks.ok(false, 'the event reached the chat', (error as Error).message);
	}
	await emu.webhooksSettled();
	emu.setWebhook(undefined);
	const delivery = emu.webhookDeliveries()[0];
	checks.ok(
		delivery?.state === 'delivered' && delivery.attempts.length === 1,
		'delivered on the first attempt',
		delivery,
	);
	const [firstId] = await newExecutions(ctx, WORKFLOWS.trigger, before, 1);
	if (checks.ok(firstId, 'an execution was recorded'))
		await expectOnWorker(checks, ctx, await waitExecution(ctx, firstId), 'trigger');
	checks.equal(
		chat.messages.slice(from).map((m) => m.recordingId),
		[recordingId],
		'chat message for the recording',
	);
	const first = String(delivery?.eventId);
	triggerState.payloads.set(first, delivery?.payload);
	triggerState.order = [first];

	// Events 2–50 (the 1st was the emulator's), a few at a time, to the webhook processor.
	const startedAt = Date.now();
	const answers: Answer[] = [];
	for (let n = 2; n <= EVENTS; n += 7) {
		const batch = Array.from({ length: Math.min(7, EVENTS + 1 - n) }, (_, i) => n + i);
		answers.push(
			...(await Promise.all(
				batch.map((k) => {
					const eventId = `evt_qm_${k}_${Date.now().toString(36)}`;
					const payload = {
						eventId,
						event: {
							type: 'recording_added',
							recording: { id: `rec_qm_${k}`, title: `Event ${k}` },
						},
					};
					triggerState.payloads.set(eventId, payload);
					triggerState.order.push(eventId);
					return callWebhook(hookUrl, () => eventInit(payload));
				}),
			)),
		);
	}
	triggerState.lastNewAt = Date.now();
	checks.equal(
		answers
			.filter((a) => a.text !== JSON.stringify({ received: true, started: true }))
			.map((a) => `${a.status} ${a.text}`),
		[],
		`events 2–${EVENTS} answered {received, started: true}`,
	);
	const ids = await newExecutions(ctx, WORKFLOWS.trigger, before, EVENTS, 120_000);
	checks.equal(ids.length, EVENTS, 'executions recorded, one per event');
	const statuses: Record<string, number> = {};
	for (const id of ids) {
		const execution = await waitExecution(ctx, id, 60_000);
		statuses[String(execution.status)] = (statuses[String(execution.status)] ?? 0) + 1;
	}
	checks.equal(statuses, { success: EVENTS }, 'execution statuses');
	const notOnWorker: string[] = [];
	for (const id of ids) if (!(await waitWorkerOf(ctx.cluster!, id, 2000))) notOnWorker.push(id);
	checks.equal(notOnWorker, [], 'executions without "Worker finished execution" in a worker log');
	await chat.waitFor(from + EVENTS, 60_000).catch(() => undefined);
	const perEvent = triggerState.order.map((eventId) => triggerRuns(chat, eventId));
	checks.equal(
		perEvent.join(','),
		Array(EVENTS).fill(1).join(','),
		`chat messages per event (each of the ${EVENTS} exactly once)`,
	);
	const events = `${EVENTS} events → ${ids.length} executions on workers in ${secondsSince(startedAt)}`;

	const [e1, e2, e50] = [
		triggerState.order[0],
		triggerState.order[1],
		triggerState.order[EVENTS - 1],
	];
	const reports = await redeliver(ctx, checks, 'at once', [
		{ eventId: e1, to: 'webhook', counted: true, what: '1st event' },
		{ eventId: e2, to: 'webhook', counted: true, what: '2nd event' },
		{ eventId: e50, to: 'webhook', counted: true, what: '50th event' },
		{ eventId: e1, to: 'main', counted: true, what: '1st event' },
		{ eventId: e2, to: 'main', counted: false, what: '2nd event' },
	]);
	triggerState.reports.push(...reports);
	return `${events}; at once: 1st, 2nd, 50th redelivered to the webhook processor and the 1st to the main → duplicate, nothing run`;
}

/** Phase 2, more than a minute after the events (Claap's first timed redelivery). */
async function claapTriggerMinuteLater(ctx: Ctx, checks: Checks): Promise<string> {
	const waited = Math.max(0, triggerState.lastNewAt + 65_000 - Date.now());
	await sleep(waited);
	const [e1, e2, e50] = [
		triggerState.order[0],
		triggerState.order[1],
		triggerState.order[EVENTS - 1],
	];
	const since = secondsSince(triggerState.lastNewAt);
	const reports = await redeliver(ctx, checks, `${since} later`, [
		{ eventId: e1, to: 'webhook', counted: true, what: '1st event' },
		{ eventId: e2, to: 'webhook', counted: true, what: '2nd event' },
		{ eventId: e50, to: 'webhook', counted: true, what: '50th event' },
		{ eventId: e1, to: 'main', counted: true, what: '1st event' },
		{ eventId: e50, to: 'main', counted: false, what: '50th event' },
	]);
	triggerState.reports.push(...reports);
	return `${since} later (${(waited / 1000).toFixed(0)} s of it waited here): 1st, 2nd, 50th to the webhook processor and the 1st to the main → duplicate, nothing run`;
}

/** Phase 3, after all n8n processes were restarted. */
async function claapTriggerAfterRestart(ctx: Ctx, checks: Checks): Promise<string> {
	const [e1, e2, e50] = [
		triggerState.order[0],
		triggerState.order[1],
		triggerState.order[EVENTS - 1],
	];
	const reports = await redeliver(ctx, checks, 'after a restart', [
		{ eventId: e1, to: 'webhook', counted: true, what: '1st event' },
		{ eventId: e1, to: 'main', counted: true, what: '1st event' },
		{ eventId: e2, to: 'webhook', counted: false, what: '2nd event' },
		{ eventId: e50, to: 'main', counted: false, what: '50th event' },
	]);
	triggerState.reports.push(...reports);
	const ran = triggerState.reports.filter((r) => r.includes('RAN AGAIN')).length;
	return `after a restart of all processes: the 1st event to both → duplicate, nothing run; ${ran} of ${triggerState.reports.length} reported redeliveries (2nd/50th event to the other process or after the restart) RAN AGAIN`;
}

// The Claap Polling Trigger: polled by the main, executions on workers.
const ONE_POLL_MS = 100_000;
const pollState: { from: number; before?: string; during?: string; executionsBefore: Set<string> } =
	{ from: 0, executionsBefore: new Set() };
const polled = (chat: ChatSink) =>
	chat.messages.slice(pollState.from).filter((m) => m.type === 'polled');

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
	for (const started = Date.now(); !done(); ) {
		if (Date.now() - started > timeoutMs) return false;
		await sleep(250);
	}
	return true;
}

async function createRecordingAtClaap(emu: ClaapEmulator, title: string): Promise<string> {
	const created = await http(`${emu.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'X-Claap-Key': emu.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			authorEmail: 'grace@example.com',
			title,
			downloadUrl: 'https://example.com/poll.mp4',
		}),
	});
	return String(at(created.json, 'result', 'recording', 'id'));
}

/** Activation, one poll from the saved position, a new recording posted (before the restart). */
async function pollingTrigger(ctx: Ctx, checks: Checks): Promise<string> {
	const { emu, chat } = ctx;
	const started = Date.now();
	pollState.from = chat.messages.length;
	pollState.executionsBefore = await executionIds(ctx, WORKFLOWS.polling);
	const listings = () =>
		emu.requests.filter((r) => r.path === '/v1/recordings' && r.query.sort === 'created_asc')
			.length;
	const listingsBefore = listings();
	const activated = await api(ctx, 'POST', `/workflows/${WORKFLOWS.polling}/activate`);
	checks.equal(
		[activated.status, at(activated.json, 'active')],
		[200, true],
		'polling workflow activated',
	);
	const positionSaved = await waitUntil(() => listings() > listingsBefore, 2 * ONE_POLL_MS);
	checks.ok(positionSaved, 'the main noted where Claap is, then polled from there');
	if (!positionSaved) return 'no poll from a saved position';
	pollState.before = await createRecordingAtClaap(emu, 'Polled before the restart');
	checks.ok(
		await waitUntil(() => polled(chat).length >= 1, ONE_POLL_MS),
		'the next poll posted the new recording',
		polled(chat),
	);
	return `activated, polled from its position, ${pollState.before} posted (${secondsSince(started)})`;
}

/** After the restart: the recording added while n8n was down comes once, the first one not again; all runs on workers. */
async function pollingTriggerAfterRestart(ctx: Ctx, checks: Checks): Promise<string> {
	const { chat } = ctx;
	const started = Date.now();
	checks.ok(
		await waitUntil(() => polled(chat).length >= 2, ONE_POLL_MS + 15_000),
		'a poll after the restart posted the recording added meanwhile',
		polled(chat),
	);
	await sleep(2000);
	checks.equal(
		polled(chat).map((m) => m.recordingId),
		[pollState.before, pollState.during],
		'recordings posted, each once, in order',
	);
	const ids = await newExecutions(ctx, WORKFLOWS.polling, pollState.executionsBefore, 2, 30_000);
	checks.equal(ids.length, 2, 'polling executions, one per poll that found something');
	for (const id of ids) {
		const execution = await waitExecution(ctx, id, 60_000);
		await expectOnWorker(checks, ctx, execution, `poll exec ${id}`);
		checks.equal(execution.mode, 'trigger', `poll exec ${id} mode`);
	}
	const mainLog = logText(ctx.cluster!.main);
	checks.ok(
		!ids.some((id) => mainLog.includes(`Worker finished execution ${id} (`)),
		'no polling execution finished on the main',
	);
	return `after the restart ${pollState.during} (added while n8n was down) posted once in ${secondsSince(started)}, ${pollState.before} not again; executions ${ids.join(', ')} (mode trigger) on ${ids.map((id) => workerOf(ctx.cluster!, id)).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------

interface Scenario {
	name: string;
	run: (ctx: Ctx, checks: Checks) => Promise<string>;
	checks: Checks;
	summaries: string[];
	ran: boolean;
	ms: number;
}

const scenario = (name: string, run: Scenario['run']): Scenario => ({
	name,
	run,
	checks: new Checks(),
	summaries: [],
	ran: false,
	ms: 0,
});

const SCENARIOS = {
	files: scenario(
		'1. Read/Write Files → Create (binary + transcript) on a worker, database and filesystem binary modes',
		filesToCreate,
	),
	multipart: scenario(
		'2. Multipart file POSTed to the webhook processor → Create on a worker',
		multipartUpload,
	),
	load: scenario(
		'3. Load: 60 Create items, 7 simultaneous executions, two workers, real rate limits',
		load,
	),
	kill: scenario(
		'4. Worker SIGKILLed mid-upload (200 MB WAV), Skip If Already Created: Always',
		killMidUpload,
	),
	trigger: scenario(
		'5. Claap Trigger on the webhook processor and the main: 50 events, each run once; redeliveries at once, >1 min later, after a restart of all processes',
		claapTrigger,
	),
	polling: scenario(
		'6. Claap Polling Trigger on the main, executions on workers: each new recording posted once, across a restart',
		pollingTrigger,
	),
};

const ORDER = Object.values(SCENARIOS);
const only = process.env.QUEUE_ONLY?.split(',').map((n) => n.trim());
const selected = (s: Scenario) => !only || only.includes(String(ORDER.indexOf(s) + 1));

/** Runs a scenario, or one phase of it (`run`) with the emulator left as the previous phase left it. */
async function runScenario(ctx: Ctx, s: Scenario, run?: Scenario['run']): Promise<void> {
	if (!selected(s) || suiteState.interrupted) return;
	if (!run) {
		ctx.emu.reset();
		ctx.emu.clearFaults();
		ctx.proxy.reset();
	}
	s.ran = true;
	const started = Date.now();
	try {
		s.summaries.push(await (run ?? s.run)(ctx, s.checks));
	} catch (error) {
		s.checks.failures.push(`threw: ${(error as Error).stack ?? String(error)}`);
	}
	s.ms += Date.now() - started;
	log(
		`  … ${s.name.split('.')[0]}. done in ${secondsSince(started)} (${s.checks.failures.length} failures so far)`,
	);
}

const ctxForCleanup: Partial<Ctx> & { pg?: Postgres; redis?: Redis; dataDir?: string } = {};

async function main(): Promise<number> {
	const suiteStarted = Date.now();
	log(
		`queue mode: n8n ${N8N_VERSION} on Node ${NODE24_VERSION}; main + 2 workers + webhook processor, Postgres, Redis`,
	);
	let setupError: string | undefined;
	const cleanup = ctxForCleanup;
	try {
		let phase = Date.now();
		const rt = await ensureRuntime(log);
		const { pgBin } = ensureDatabases(log);
		// QUEUE_PORT_BASE pins the range (base … base+9), e.g. to stay inside ports set aside for one run.
		const pinned = Number(process.env.QUEUE_PORT_BASE);
		const base = await pickPortBase(
			Number.isInteger(pinned) && pinned > 0 ? [pinned] : [15700, 15800, 15900, 16100, 16200],
			Object.values(PORT),
		);
		log(
			`  ports ${base}–${base + 9} (main ${base + PORT.main}, webhook ${base + PORT.webhook}, workers' health ${base + PORT.w1Health}/${base + PORT.w2Health}, Postgres ${base + PORT.pg}, Redis ${base + PORT.redis})`,
		);

		await buildPackage(log, process.env.QUEUE_BUILD === '1');
		const tarball = await packPackage();
		rmSync(WORK_DIR, { recursive: true, force: true });
		mkdirSync(LOG_DIR, { recursive: true });
		await installPackage(rt, USER_FOLDER, tarball);
		log(`  packed and installed into the shared user folder: ${secondsSince(phase)}`);

		phase = Date.now();
		const dataDir = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
		traversable(dataDir);
		cleanup.dataDir = dataDir;
		const pg = new Postgres(pgBin, join(dataDir, 'pg'), base + PORT.pg);
		cleanup.pg = pg;
		pg.start();
		const redis = new Redis(join(dataDir, 'redis'), base + PORT.redis);
		cleanup.redis = redis;
		await redis.start();
		log(
			`  Postgres (${pgBin.split('/').slice(-2, -1)[0]}) and Redis started: ${secondsSince(phase)}`,
		);

		const samples = writeSampleFiles(FILES_DIR);
		const emu = await startEmulator({
			storage: 'hash',
			processingDelayMs: 100,
			quotaPerAuthor: 1000,
			rateLimit: { perSecond: 3, burst: 5, perDay: 3000 },
		});
		const proxy = await startCountingProxy(emu.url);
		const chat = await startChatSink();
		const ctx: Ctx = {
			rt,
			base,
			emu,
			proxy,
			chat,
			samples,
			mainUrl: `http://127.0.0.1:${base + PORT.main}`,
			webhookUrl: `http://127.0.0.1:${base + PORT.webhook}`,
			cookie: '',
			apiKey: '',
		};
		Object.assign(cleanup, ctx);

		phase = Date.now();
		const cliEnv = envFor(ctx, 'database', undefined, base + PORT.mainBroker);
		const cliLog = join(LOG_DIR, 'n8n-cli.log');
		const credentialsFile = join(WORK_DIR, 'credentials.json');
		writeCredentialsFile(credentialsFile, [
			// The API goes through the counting proxy; upload URLs point at the emulator itself.
			{ ...EMULATOR_CREDENTIAL, apiKey: emu.apiKey, baseUrl: proxy.url },
			{ ...WEBHOOK_CREDENTIAL, secret: WEBHOOK_SECRET, webhookId: WEBHOOK_ID },
		]);
		await n8nChecked(rt, cliEnv, ['import:credentials', `--input=${credentialsFile}`], {
			logFile: cliLog,
		});
		rmSync(credentialsFile, { force: true });
		const examples = loadExamples(FILES_DIR, { [EXAMPLE_CHAT_WEBHOOK_URL]: chat.url }).filter(
			(e) => e.id === WORKFLOWS.files || e.id === WORKFLOWS.trigger || e.id === WORKFLOWS.polling,
		);
		const all = [...examples.map((e) => e.json), ...queueWorkflows()];
		const workflowsFile = join(WORK_DIR, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(all, null, 2));
		await n8nChecked(rt, cliEnv, ['import:workflow', `--input=${workflowsFile}`], {
			logFile: cliLog,
		});
		log(
			`  imported 2 credentials and ${all.length} workflows into Postgres (migrations included): ${secondsSince(phase)}`,
		);

		const wantsDb = selected(SCENARIOS.files) || selected(SCENARIOS.multipart);
		let first = true;
		if (wantsDb) {
			ctx.cluster = await startCluster(ctx, 'database');
			await authenticate(ctx, first);
			first = false;
			await runScenario(ctx, SCENARIOS.files);
			await runScenario(ctx, SCENARIOS.multipart);
			await stopCluster(ctx.cluster);
			ctx.cluster = undefined;
		}
		if (!suiteState.interrupted) {
			ctx.cluster = await startCluster(ctx, 'filesystem');
			await authenticate(ctx, first);
			for (const s of [SCENARIOS.files, SCENARIOS.multipart, SCENARIOS.load, SCENARIOS.kill])
				await runScenario(ctx, s);
			if ((selected(SCENARIOS.trigger) || selected(SCENARIOS.polling)) && !suiteState.interrupted) {
				// 5 and 6 share one emulator state, the wait of more than a minute (the polling part
				// fills it) and one restart of all n8n processes.
				ctx.emu.reset();
				ctx.emu.clearFaults();
				ctx.proxy.reset();
				await runScenario(ctx, SCENARIOS.trigger, claapTrigger);
				await runScenario(ctx, SCENARIOS.polling, pollingTrigger);
				await runScenario(ctx, SCENARIOS.trigger, claapTriggerMinuteLater);
				if (!suiteState.interrupted) {
					const restartStarted = Date.now();
					await stopCluster(ctx.cluster);
					if (selected(SCENARIOS.polling))
						pollState.during = await createRecordingAtClaap(ctx.emu, 'Added while n8n was stopped');
					ctx.cluster = await startCluster(ctx, 'filesystem');
					await authenticate(ctx, false);
					log(
						`  restart of all n8n processes (stop, start, ready, login): ${secondsSince(restartStarted)}`,
					);
				}
				await runScenario(ctx, SCENARIOS.trigger, claapTriggerAfterRestart);
				await runScenario(ctx, SCENARIOS.polling, pollingTriggerAfterRestart);
			}
			await stopCluster(ctx.cluster);
			ctx.cluster = undefined;
		}
	} catch (error) {
		setupError = (error as Error).stack ?? String(error);
	} finally {
		await teardown();
	}

	log('');
	let passed = 0;
	let failed = 0;
	for (const s of ORDER) {
		if (!selected(s)) continue;
		if (!s.ran) {
			failed++;
			log(`FAIL ${s.name}: not run${setupError ? ' (setup failed)' : ''}`);
			continue;
		}
		const took = `${(s.ms / 1000).toFixed(1)} s`;
		if (s.checks.failures.length === 0) {
			passed++;
			log(`PASS ${s.name} (${took}, ${s.checks.count} checks)`);
		} else {
			failed++;
			log(
				`FAIL ${s.name} (${took}): ${s.checks.failures.length} of ${s.checks.count} checks failed`,
			);
			for (const failure of s.checks.failures) log(`     - ${failure}`);
		}
		for (const summary of s.summaries) log(`     ${summary}`);
	}
	if (setupError) log(`setup error: ${setupError}`);
	log('');
	log(`queue-mode wall time: ${secondsSince(suiteStarted)} (logs: ${LOG_DIR})`);
	log(`${passed} passed, ${failed} failed`);
	// For test/summary.js, the closing line of `npm run test:all`.
	writeFileSync(QUEUE_RESULTS_FILE, JSON.stringify({ passed, failed }));
	return failed === 0 ? 0 : 1;
}

const QUEUE_RESULTS_FILE = join(__dirname, '..', '..', '.queue-results.json');

async function teardown(): Promise<void> {
	const c = ctxForCleanup;
	await Promise.all([...processes].map((proc) => stopProcess(proc, 15_000)));
	killAllProcesses();
	killRunning('SIGKILL');
	c.redis?.stop();
	c.pg?.stop();
	await Promise.race([
		Promise.all([c.emu?.close(), c.proxy?.close(), c.chat?.close()]),
		sleep(5000),
	]);
	if (c.dataDir && existsSync(c.dataDir)) rmSync(c.dataDir, { recursive: true, force: true });
	rmSync(join(FILES_DIR, 'big.wav'), { force: true });
	// n8n's copies of the 200 MB file (filesystem binary data); the logs stay.
	rmSync(join(USER_FOLDER, '.n8n', 'storage'), { recursive: true, force: true });
}

runSuite(main, {
	stopping: 'n8n, Postgres and Redis',
	stop: () => {
		killAllProcesses();
		ctxForCleanup.redis?.stop();
		ctxForCleanup.pg?.stop();
		if (ctxForCleanup.dataDir) rmSync(ctxForCleanup.dataDir, { recursive: true, force: true });
	},
	graceMs: 0,
	afterError: killAllProcesses,
});
