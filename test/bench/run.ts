/**
 * `npm run bench [-- --sizes=100,1024 --runs=1 --items=200 --skip-items --skip-transcript --skip-heap --skip-wait]`
 * `npm run bench -- --queue-db [--sizes=100,400]`: a queue-mode worker's memory in `database` binary mode (test/bench/queueDb.ts).
 *
 * Upload speed and memory of the Claap node inside a real n8n (the pinned 2.41.1 on Node 24 that
 * the end-to-end suite installs in .e2e/), against the local emulator, compared on the same files
 * and the same upload endpoint with:
 *   (a) the Claap node: Recording → Create (Media Source Binary File) on a file already in n8n's
 *       filesystem binary storage (placed there by the bench, handed on by a Code node);
 *   (b) `curl -T file <upload URL>`, the floor;
 *   (c) n8n's HTTP Request node PUTting the same stored binary, what a user would build otherwise.
 * Then the whole workflow a user would run, Read/Write Files from Disk → Claap node, and its
 * control (Read/Write Files only), which shows what copying the file into the storage costs.
 *
 * Throughput is measured where the bytes land: from the PUT's arrival at the emulator to its last
 * byte hashed, so n8n's start-up (3–5 s) does not dilute it. Peak RSS is the sum of VmRSS over
 * n8n's process tree sampled every 50 ms from outside; its growth is peak(file) − peak(tiny file)
 * for the same workflow. Also runs the 10-hour transcript benchmark and `--items` creates with
 * Media Source None in one execution (the node paces itself to 3 calls/s per endpoint).
 *
 * Then the API calls Create + Wait Until Ready cost per recording (test/bench/waitCalls.ts).
 *
 * Not a test: it prints a table and, last, `throughput_vs_curl=… throughput_vs_http_request_node=…
 * rss_growth_mib_per_gib=… api_calls_per_recording=…` for the largest size and a recording Claap
 * takes 20 minutes to process. Files and n8n's data live in .bench/ (gitignored);
 * the generated media are kept for the next run.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';

import {
	startEmulator,
	type ClaapEmulator,
	type ReceivedRequest,
} from '../../scripts/lib/emulator';
import {
	at,
	buildPackage,
	ensureRuntime,
	installPackage,
	n8nChecked,
	n8nEnv,
	N8N_VERSION,
	NODE24_VERSION,
	packPackage,
	parseRawOutput,
	ROOT,
	run,
	secondsSince,
	type JsonObject,
	type Runtime,
} from '../../scripts/lib/runtime';
import { EMULATOR_CREDENTIAL, writeCredentialsFile } from '../../scripts/lib/workflows';
import { GiB, growthDuring, killMeasured, MiB, runMeasured, type MeasuredRun } from './measure';
import { runQueueDbBench } from './queueDb';
import { ensureWavFile, sha256OfFile } from './wav';
import {
	BENCH_AUTHOR,
	CLAAP_NODE_NAME,
	claapWorkflow,
	httpRequestWorkflow,
	itemsWorkflow,
	readFile,
	readOnlyWorkflow,
	storedFile,
	workflowId,
	type WorkflowKind,
} from './workflows';

const BENCH_DIR = join(ROOT, '.bench');
const FILES_DIR = join(BENCH_DIR, 'files');
const USER_FOLDER = join(BENCH_DIR, 'home');
const LOG_DIR = join(BENCH_DIR, 'logs');
const ENCRYPTION_KEY = 'bench-only-encryption-key-not-secret';
// Away from the e2e suite's 5698, in case both run at once (which would skew the figures anyway).
const BROKER_PORT = Number(process.env.BENCH_N8N_BROKER_PORT ?? 5696);
const CURL = '/usr/bin/curl';
const TINY_BYTES = 64 * 1024;
const EXECUTE_TIMEOUT_MS = 15 * 60_000;

const log = (line = '') => console.log(line);

interface Options {
	sizesMiB: number[];
	runs: number;
	items: number;
	skipItems: boolean;
	skipTranscript: boolean;
	skipHeap: boolean;
	skipWait: boolean;
	build: boolean;
}

function parseOptions(argv: string[]): Options {
	const options: Options = {
		sizesMiB: [100, 1024],
		runs: 1,
		items: 200,
		skipItems: false,
		skipTranscript: false,
		skipHeap: false,
		skipWait: false,
		build: false,
	};
	for (const arg of argv) {
		const [name, value = ''] = arg.replace(/^--/, '').split('=');
		if (name === 'sizes') options.sizesMiB = value.split(',').map(Number);
		else if (name === 'runs') options.runs = Number(value);
		else if (name === 'items') options.items = Number(value);
		else if (name === 'skip-items') options.skipItems = true;
		else if (name === 'skip-transcript') options.skipTranscript = true;
		else if (name === 'skip-heap') options.skipHeap = true;
		else if (name === 'skip-wait') options.skipWait = true;
		else if (name === 'build') options.build = true;
		else
			throw new Error(
				`unknown option ${arg} (known: --sizes=100,1024 --runs=N --items=N --skip-items --skip-transcript --skip-heap --skip-wait --build)`,
			);
	}
	if (!options.sizesMiB.length || options.sizesMiB.some((size) => !(size > 0)))
		throw new Error('--sizes takes sizes in MiB, e.g. --sizes=100,1024');
	if (!(options.runs >= 1)) throw new Error('--runs takes a number ≥ 1');
	options.sizesMiB.sort((left, right) => left - right);
	return options;
}

interface MediaFile {
	label: string;
	path: string;
	bytes: number;
	sha256: string;
}

type Method = 'claap' | 'curl' | 'http' | 'read' | 'claapRead';
type N8nMethod = Exclude<Method, 'curl'>;

const METHOD_LABEL: Record<Method, string> = {
	claap: '(a) Claap node',
	curl: '(b) curl -T',
	http: '(c) HTTP Request node',
	read: 'control: Read/Write Files only',
	claapRead: 'Read/Write Files → Claap node',
};

const WORKFLOW_KIND: Record<N8nMethod, WorkflowKind> = {
	claap: 'claap',
	http: 'http',
	read: 'read',
	claapRead: 'cread',
};

/** Where the bench puts each media file in n8n's filesystem binary storage (its key there). */
const storageKey = (file: MediaFile) =>
	`workflows/bench/executions/stored/binary_data/${basename(file.path)}`;

/** The binary data an item carries for a stored file, as n8n's own nodes write it. */
function storedBinary(file: MediaFile): JsonObject {
	return {
		id: `filesystem-v2:${storageKey(file)}`,
		data: 'filesystem-v2',
		mimeType: 'audio/wav',
		fileName: basename(file.path),
		fileExtension: 'wav',
		fileSize: `${fixed(file.bytes / MiB)} MB`,
		bytes: file.bytes,
	};
}

/**
 * Puts the file into n8n's binary storage (a hard link: no copy, no memory in n8n) with the
 * metadata file n8n writes next to each stored file.
 */
function placeInStorage(file: MediaFile): void {
	const path = join(USER_FOLDER, '.n8n', 'storage', storageKey(file));
	mkdirSync(dirname(path), { recursive: true });
	try {
		linkSync(file.path, path);
	} catch {
		copyFileSync(file.path, path); // another filesystem: a copy, still outside n8n
	}
	writeFileSync(
		`${path}.metadata`,
		JSON.stringify({ fileName: basename(file.path), mimeType: 'audio/wav', fileSize: file.bytes }),
	);
}

interface Measurement {
	method: Method;
	file: MediaFile;
	wallMs: number;
	/** PUT duration seen by the emulator: headers arrived → last byte hashed. */
	putMs?: number;
	peakRssBytes: number;
	/** n8n's main process alone, where the nodes run (the task runner only runs Code nodes). */
	rootPeakBytes: number;
	processes: number;
	/** Peak during the PUT minus RSS just before it: what the upload itself added. */
	putGrowthBytes?: number;
	/** Exact byte count and sha256 at the emulator (read: not applicable). */
	verified?: boolean;
	contentType?: string;
	note: string;
}

interface Context {
	rt: Runtime;
	env: NodeJS.ProcessEnv;
	emu: ClaapEmulator;
	contentType: string;
}

const isMediaPut = (request: ReceivedRequest) =>
	request.method === 'PUT' && request.path.startsWith('/storage/media/');

/**
 * Notes when each media PUT arriving after now is complete. Polled every 2 ms: the emulator sets
 * sha256 on the request's log entry once the last byte is hashed, just before it answers.
 */
function watchUploads(emu: ClaapEmulator): { stop(): Map<ReceivedRequest, number> } {
	const from = emu.requests.length;
	const finishedAt = new Map<ReceivedRequest, number>();
	const poll = () => {
		for (let index = from; index < emu.requests.length; index++) {
			const request = emu.requests[index];
			if (isMediaPut(request) && request.sha256 && !finishedAt.has(request))
				finishedAt.set(request, Date.now());
		}
	};
	const timer = setInterval(poll, 2);
	return {
		stop() {
			clearInterval(timer);
			poll();
			return finishedAt;
		},
	};
}

function onlyUpload(finished: Map<ReceivedRequest, number>): {
	request?: ReceivedRequest;
	putMs?: number;
	note: string;
} {
	if (finished.size !== 1) return { note: `${finished.size} media PUTs completed` };
	const [[request, end]] = [...finished];
	return { request, putMs: end - request.at, note: '' };
}

/** Creates a recording with Media Source None through the emulator's API and returns its upload URL. */
async function createUploadUrl(
	emu: ClaapEmulator,
	title: string,
): Promise<{ id: string; url: string }> {
	const response = await fetch(`${emu.url}/v1/recordings`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'X-Claap-Key': emu.apiKey },
		body: JSON.stringify({ authorEmail: BENCH_AUTHOR, title }),
	});
	const body = (await response.json()) as JsonObject;
	const id = at(body, 'result', 'recording', 'id');
	const url = at(body, 'result', 'recording', 'upload', 'url');
	if (typeof id !== 'string' || typeof url !== 'string')
		throw new Error(`creating a recording failed: ${response.status} ${JSON.stringify(body)}`);
	return { id, url };
}

function verifyAtEmulator(
	emu: ClaapEmulator,
	recordingId: unknown,
	file: MediaFile,
): { verified: boolean; note: string } {
	const media = typeof recordingId === 'string' ? emu.getRecording(recordingId)?.media : undefined;
	if (!media) return { verified: false, note: `no media stored for ${String(recordingId)}` };
	if (media.bytes !== file.bytes)
		return { verified: false, note: `${media.bytes} bytes received, ${file.bytes} sent` };
	if (media.sha256 !== file.sha256) return { verified: false, note: 'sha256 differs' };
	return { verified: true, note: '' };
}

/** Drops the binary data n8n kept from earlier runs and flushes dirty pages, outside the measurement. */
function settle(): void {
	rmSync(join(USER_FOLDER, '.n8n', 'storage'), { recursive: true, force: true });
	execFileSync('sync');
}

async function executeMeasured(
	ctx: Context,
	id: string,
	label: string,
	prepare?: () => void,
): Promise<{ run: MeasuredRun; json: JsonObject; error?: string }> {
	settle();
	prepare?.();
	const measured = await runMeasured(
		ctx.rt.node,
		[ctx.rt.n8nBin, 'execute', `--id=${id}`, '--rawOutput'],
		{
			cwd: USER_FOLDER,
			env: ctx.env,
			timeoutMs: EXECUTE_TIMEOUT_MS,
		},
	);
	writeFileSync(
		join(LOG_DIR, `${label}.out`),
		`${measured.stdout}\n--- stderr ---\n${measured.stderr}`,
	);
	let json: JsonObject = {};
	try {
		json = parseRawOutput(measured.stdout);
	} catch {
		return {
			run: measured,
			json,
			error: `no run JSON (exit ${measured.code}), see ${join(LOG_DIR, `${label}.out`)}`,
		};
	}
	const runError = at(json, 'data', 'resultData', 'error', 'message');
	const error =
		at(json, 'status') !== 'success' || measured.code !== 0
			? `run ${String(at(json, 'status'))}: ${String(runError ?? '')}`
			: undefined;
	return { run: measured, json, error };
}

function firstOutput(json: JsonObject, nodeName: string): JsonObject | undefined {
	return at(json, 'data', 'resultData', 'runData', nodeName, 0, 'data', 'main', 0, 0, 'json') as
		| JsonObject
		| undefined;
}

async function measureN8n(
	ctx: Context,
	method: N8nMethod,
	file: MediaFile,
	index: number,
	recordingId?: string,
): Promise<Measurement> {
	const watcher = watchUploads(ctx.emu);
	const stored = method === 'claap' || method === 'http';
	const {
		run: measured,
		json,
		error,
	} = await executeMeasured(
		ctx,
		workflowId(WORKFLOW_KIND[method], index),
		`${method}-${file.label}`,
		stored ? () => placeInStorage(file) : undefined,
	);
	const finished = watcher.stop();
	const upload = onlyUpload(finished);
	const result: Measurement = {
		method,
		file,
		wallMs: measured.wallMs,
		peakRssBytes: measured.rss.peakBytes,
		rootPeakBytes: measured.rss.rootPeakBytes,
		processes: measured.rss.maxProcesses,
		note: error ?? '',
	};
	if (method === 'read' || error) return result;
	result.putMs = upload.putMs;
	if (upload.request && upload.putMs !== undefined) {
		result.putGrowthBytes = growthDuring(
			measured.rss,
			upload.request.at,
			upload.request.at + upload.putMs,
		);
	}
	result.contentType = upload.request?.headers['content-type'];
	const id = method === 'http' ? recordingId : at(firstOutput(json, CLAAP_NODE_NAME), 'id');
	const check = verifyAtEmulator(ctx.emu, id, file);
	result.verified = check.verified;
	result.note = [upload.note, check.note].filter(Boolean).join('; ');
	return result;
}

async function measureCurl(ctx: Context, file: MediaFile): Promise<Measurement> {
	const { id, url } = await createUploadUrl(ctx.emu, `bench curl ${file.label}`);
	settle();
	const watcher = watchUploads(ctx.emu);
	const measured = await runMeasured(
		CURL,
		[
			'-sS',
			'--fail',
			'-o',
			'/dev/null',
			'-w',
			'%{time_total}',
			'-T',
			file.path,
			'-H',
			`Content-Type: ${ctx.contentType}`,
			url,
		],
		{ timeoutMs: EXECUTE_TIMEOUT_MS },
	);
	const upload = onlyUpload(watcher.stop());
	const check = verifyAtEmulator(ctx.emu, id, file);
	return {
		method: 'curl',
		file,
		wallMs: measured.wallMs,
		putMs: upload.putMs,
		peakRssBytes: measured.rss.peakBytes,
		rootPeakBytes: measured.rss.rootPeakBytes,
		processes: measured.rss.maxProcesses,
		verified: check.verified,
		contentType: upload.request?.headers['content-type'],
		note:
			measured.code === 0
				? `curl time_total ${Number(measured.stdout).toFixed(2)} s`
				: `curl exit ${measured.code}: ${measured.stderr.trim()}`,
	};
}

interface HeapProbe {
	paddingMiB: number;
	heapUsedMiB?: number;
	putMs?: number;
	cpuMs?: number;
	peakRssBytes: number;
	gcCounts?: Record<string, number>;
	verified: boolean;
	note: string;
}

/** Padding of the probe's heap, in MiB of live objects: none, then about n8n's. */
const HEAP_PADDINGS_MIB = [0, 150, 300];

/** test/bench/heapProbe.ts on n8n's Node: the same upload with `paddingMiB` of live objects. */
async function probeHeap(ctx: Context, file: MediaFile, paddingMiB: number): Promise<HeapProbe> {
	const { id, url } = await createUploadUrl(ctx.emu, `bench heap probe ${paddingMiB} MiB`);
	settle();
	const watcher = watchUploads(ctx.emu);
	const n8nDir = dirname(dirname(ctx.rt.n8nBin));
	const measured = await runMeasured(
		ctx.rt.node,
		[
			'-r',
			'ts-node/register/transpile-only',
			join(ROOT, 'test', 'bench', 'heapProbe.ts'),
			n8nDir,
			file.path,
			url,
			String(paddingMiB),
		],
		{ cwd: ROOT, env: { ...process.env, PATH: ctx.rt.path }, timeoutMs: EXECUTE_TIMEOUT_MS },
	);
	const upload = onlyUpload(watcher.stop());
	const check = verifyAtEmulator(ctx.emu, id, file);
	const result: HeapProbe = {
		paddingMiB,
		putMs: upload.putMs,
		peakRssBytes: measured.rss.peakBytes,
		verified: check.verified,
		note: [upload.note, check.note].filter(Boolean).join('; '),
	};
	let printed: {
		status?: number;
		heapUsedMiB?: number;
		cpuMs?: number;
		gcCounts?: Record<string, number>;
	} = {};
	try {
		printed = JSON.parse(measured.stdout.trim().split('\n').pop() ?? '') as typeof printed;
	} catch {
		// reported below
	}
	if (measured.code !== 0 || printed.status !== 200) {
		result.verified = false;
		result.note = [
			result.note,
			`probe exit ${measured.code}, status ${printed.status}: ${measured.stderr.trim().slice(-300)}`,
		]
			.filter(Boolean)
			.join('; ');
	}
	return {
		...result,
		heapUsedMiB: printed.heapUsedMiB,
		cpuMs: printed.cpuMs,
		gcCounts: printed.gcCounts,
	};
}

/** The run in the middle by `key` (the lower one of an even count), with the runs sorted by it. */
function medianRun<T>(runs: T[], key: (run: T) => number): { median: T; sorted: T[] } {
	const sorted = [...runs].sort((left, right) => key(left) - key(right));
	return { median: sorted[Math.floor((sorted.length - 1) / 2)], sorted };
}

function medianOf(values: number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The median run by PUT time (wall time for the control), with the median peaks: when the task
 * runner starts and how far it has grown at exit varies by tens of MiB from run to run.
 */
function summarize(runs: Measurement[]): Measurement {
	const key = (m: Measurement) => m.putMs ?? m.wallMs;
	const { median, sorted } = medianRun(runs, key);
	const note =
		runs.length > 1
			? `median of ${runs.length}: ${median.method === 'read' ? 'wall' : 'PUT'} ${sorted.map((m) => fixed(key(m) / 1000, 2)).join('/')} s, ` +
				`peak ${runs.map((m) => fixed(mib(m.peakRssBytes), 0)).join('/')} MiB`
			: '';
	return {
		...median,
		peakRssBytes: medianOf(runs.map((m) => m.peakRssBytes)),
		rootPeakBytes: medianOf(runs.map((m) => m.rootPeakBytes)),
		putGrowthBytes: runs.every((m) => m.putGrowthBytes !== undefined)
			? medianOf(runs.map((m) => m.putGrowthBytes ?? 0))
			: undefined,
		verified: runs.every((m) => m.verified !== false) ? median.verified : false,
		note: [median.note, note].filter(Boolean).join('; '),
	};
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const mib = (bytes: number) => bytes / MiB;
const throughputMiBps = (m: Measurement) =>
	m.putMs ? mib(m.file.bytes) / (m.putMs / 1000) : undefined;

function table(results: Measurement[], baselines: Map<Method, Measurement>): string[] {
	const header = [
		'file',
		'method',
		'wall s',
		'PUT s',
		'MiB/s',
		'peak RSS MiB',
		'growth MiB',
		'main MiB',
		'main growth',
		'PUT adds MiB',
		'bytes+sha256',
		'notes',
	];
	const rows = results.map((m) => {
		const throughput = throughputMiBps(m);
		const baseline =
			m.method === 'curl' || m.file.label === 'tiny' ? undefined : baselines.get(m.method);
		const growth = baseline ? fixed(mib(m.peakRssBytes - baseline.peakRssBytes)) : '';
		const rootGrowth = baseline ? fixed(mib(m.rootPeakBytes - baseline.rootPeakBytes)) : '';
		return [
			m.file.label,
			METHOD_LABEL[m.method],
			fixed(m.wallMs / 1000, 2),
			m.putMs === undefined ? '' : fixed(m.putMs / 1000, 3),
			throughput === undefined || m.file.label === 'tiny' ? '' : fixed(throughput, 0),
			`${fixed(mib(m.peakRssBytes))}${m.processes > 1 ? ` (${m.processes} proc)` : ''}`,
			growth,
			m.method === 'curl' ? '' : fixed(mib(m.rootPeakBytes)),
			rootGrowth,
			m.putGrowthBytes === undefined || m.file.label === 'tiny' ? '' : fixed(mib(m.putGrowthBytes)),
			m.verified === undefined ? '' : m.verified ? 'ok' : 'MISMATCH',
			m.note,
		];
	});
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column].length)),
	);
	const line = (cells: string[]) =>
		`| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

interface ItemsResult {
	items: number;
	wallMs: number;
	creates: number;
	perSecond: number;
	peakRssBytes: number;
	error?: string;
}

async function measureItems(ctx: Context, count: number): Promise<ItemsResult> {
	const from = ctx.emu.requests.length;
	const {
		run: measured,
		json,
		error,
	} = await executeMeasured(ctx, workflowId('items', 0), 'items');
	const creates = ctx.emu.requests
		.slice(from)
		.filter((request) => request.method === 'POST' && request.path === '/v1/recordings');
	const outputs = at(json, 'data', 'resultData', 'runData', CLAAP_NODE_NAME, 0, 'data', 'main', 0);
	const spanMs = creates.length > 1 ? creates[creates.length - 1].at - creates[0].at : 0;
	return {
		items: Array.isArray(outputs) ? outputs.length : 0,
		wallMs: measured.wallMs,
		creates: creates.length,
		perSecond: spanMs > 0 ? (creates.length - 1) / (spanMs / 1000) : 0,
		peakRssBytes: measured.rss.peakBytes,
		error:
			error ??
			(creates.length !== count ? `${creates.length} creates for ${count} items` : undefined),
	};
}

function machine(): string {
	const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
	const curlVersion = execFileSync(CURL, ['--version'], { encoding: 'utf8' })
		.split('\n')[0]
		.split(' ')
		.slice(0, 2)
		.join(' ');
	return `${cpus().length} cores (${cpuModel}), ${fixed(totalmem() / GiB, 0)} GiB RAM; n8n ${N8N_VERSION} on Node ${NODE24_VERSION}; bench and emulator on Node ${process.version.slice(1)}; ${curlVersion}`;
}

async function main(): Promise<void> {
	if (process.argv.includes('--queue-db')) {
		process.exitCode = await runQueueDbBench(process.argv.slice(2), log);
		return;
	}
	const options = parseOptions(process.argv.slice(2));
	const started = Date.now();
	// Anything else running on the 2 cores skews every figure: say how busy the machine was.
	const loadAtStart = loadavg()[0];
	log(`bench: ${machine()}`);

	let phase = Date.now();
	const rt = await ensureRuntime(log);
	await buildPackage(log, options.build);
	const tarball = await packPackage();
	rmSync(USER_FOLDER, { recursive: true, force: true });
	rmSync(LOG_DIR, { recursive: true, force: true });
	mkdirSync(LOG_DIR, { recursive: true });
	mkdirSync(FILES_DIR, { recursive: true });
	await installPackage(rt, USER_FOLDER, tarball);
	log(`  runtime and package ready: ${secondsSince(phase)}`);

	phase = Date.now();
	const files: MediaFile[] = [];
	const wanted: Array<{ label: string; name: string; bytes: number }> = [
		{ label: 'tiny', name: 'tiny.wav', bytes: TINY_BYTES },
		...options.sizesMiB.map((size) => ({
			label: `${size} MiB`,
			name: `media-${size}MiB.wav`,
			bytes: Math.round(size * MiB),
		})),
	];
	for (const { label, name, bytes } of wanted) {
		const path = join(FILES_DIR, name);
		const wrote = await ensureWavFile(path, bytes);
		files.push({ label, path, bytes, sha256: await sha256OfFile(path) });
		log(`  ${wrote ? 'wrote' : 'reusing'} ${path} (${bytes} bytes)`);
	}
	log(`  media files ready: ${secondsSince(phase)}`);

	const emu = await startEmulator({ storage: 'hash', rateLimit: false, quotaPerAuthor: 1_000_000 });
	// BENCH_N8N_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the n8n processes.
	const extra = process.env.BENCH_N8N_NODE_OPTIONS
		? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS }
		: undefined;
	const env = n8nEnv(rt, {
		userFolder: USER_FOLDER,
		filesDir: FILES_DIR,
		encryptionKey: ENCRYPTION_KEY,
		brokerPort: BROKER_PORT,
		extra,
	});
	const ctx: Context = { rt, env, emu, contentType: 'audio/wav' };
	const results: Measurement[] = [];
	let items: ItemsResult | undefined;
	const heapProbes: HeapProbe[] = [];
	try {
		phase = Date.now();
		// Upload URLs for the HTTP Request runs, created up front so one import covers every workflow.
		const httpRecordings: string[][] = [];
		const workflowsDir = join(BENCH_DIR, 'workflows');
		rmSync(workflowsDir, { recursive: true, force: true });
		mkdirSync(workflowsDir, { recursive: true });
		const write = (workflow: JsonObject) =>
			writeFileSync(join(workflowsDir, `${String(workflow.id)}.json`), JSON.stringify(workflow));
		for (const [index, file] of files.entries()) {
			write(readOnlyWorkflow(workflowId('read', index), file.path));
			write(claapWorkflow(workflowId('claap', index), storedFile(storedBinary(file))));
			write(claapWorkflow(workflowId('cread', index), readFile(file.path)));
			httpRecordings[index] = [];
			for (let attempt = 0; attempt < Math.max(3, options.runs); attempt++) {
				const { id, url } = await createUploadUrl(emu, `bench HTTP Request ${file.label}`);
				httpRecordings[index].push(id);
				write(
					httpRequestWorkflow(
						workflowId('http', index * 100 + attempt),
						storedFile(storedBinary(file)),
						url,
					),
				);
			}
		}
		write(itemsWorkflow(workflowId('items', 0), options.items));
		const credentialsFile = join(BENCH_DIR, 'credentials.json');
		writeCredentialsFile(credentialsFile, [
			{ ...EMULATOR_CREDENTIAL, apiKey: emu.apiKey, baseUrl: emu.url },
		]);
		const cliLog = join(LOG_DIR, 'n8n-cli.log');
		await n8nChecked(rt, env, ['import:credentials', `--input=${credentialsFile}`], {
			logFile: cliLog,
		});
		rmSync(credentialsFile, { force: true });
		await n8nChecked(rt, env, ['import:workflow', '--separate', `--input=${workflowsDir}`], {
			logFile: cliLog,
		});
		log(`  n8n database, credential and workflows imported: ${secondsSince(phase)}`);
		log(`  emulator at ${emu.url} (hash storage, no rate limit)`);

		for (const [index, file] of files.entries()) {
			phase = Date.now();
			const runsOf: Record<Method, Measurement[]> = {
				claap: [],
				curl: [],
				http: [],
				read: [],
				claapRead: [],
			};
			// The tiny file is the RSS baseline: a few runs steady it, and they are short.
			const runs = file.label === 'tiny' ? Math.max(3, options.runs) : options.runs;
			for (let attempt = 0; attempt < runs; attempt++) {
				runsOf.claap.push(await measureN8n(ctx, 'claap', file, index));
				// curl sends what the Claap node sent, as the tiny run showed.
				if (file.label === 'tiny' && runsOf.claap[0].contentType)
					ctx.contentType = runsOf.claap[0].contentType;
				runsOf.curl.push(await measureCurl(ctx, file));
				const http = await measureN8n(
					ctx,
					'http',
					file,
					index * 100 + attempt,
					httpRecordings[index][attempt],
				);
				runsOf.http.push(http);
				runsOf.read.push(await measureN8n(ctx, 'read', file, index));
				runsOf.claapRead.push(await measureN8n(ctx, 'claapRead', file, index));
			}
			for (const method of ['claap', 'curl', 'http', 'read', 'claapRead'] as const)
				results.push(summarize(runsOf[method]));
			log(`  ${file.label}: measured in ${secondsSince(phase)}`);
		}

		if (!options.skipHeap) {
			phase = Date.now();
			for (const padding of HEAP_PADDINGS_MIB) {
				const runs: HeapProbe[] = [];
				for (let attempt = 0; attempt < options.runs; attempt++)
					runs.push(await probeHeap(ctx, files[files.length - 1], padding));
				// The median run by PUT time; a failed run counts as the slowest.
				const { median, sorted } = medianRun(runs, (run) => run.putMs ?? Infinity);
				const times =
					runs.length > 1
						? `median of ${runs.length}: PUT ${sorted.map((run) => fixed((run.putMs ?? NaN) / 1000, 2)).join('/')} s`
						: '';
				heapProbes.push({
					...median,
					verified: runs.every((run) => run.verified),
					note: [...new Set(runs.map((run) => run.note).filter(Boolean)), times]
						.filter(Boolean)
						.join('; '),
				});
			}
			log(`  heap probe: measured in ${secondsSince(phase)}`);
		}

		if (!options.skipItems) {
			phase = Date.now();
			items = await measureItems(ctx, options.items);
			log(`  ${options.items} items: measured in ${secondsSince(phase)}`);
		}
	} finally {
		await emu.close();
		settle();
	}

	let transcript = '';
	if (!options.skipTranscript) {
		const result = await run(
			'npx',
			['ts-node', '--transpile-only', 'test/transcriptFormats/bench.ts'],
			{ cwd: ROOT, env: process.env, timeoutMs: 20 * 60_000 },
		);
		transcript =
			result.code === 0
				? result.stdout.trimEnd()
				: `test/transcriptFormats/bench.ts failed (exit ${result.code}): ${result.stderr.trim().slice(-800)}`;
	}

	let wait = '';
	let callsPerRecording = 'n/a';
	if (!options.skipWait) {
		// Its own process: it scales the clock the node's wait reads.
		const result = await run(
			'npx',
			['ts-node', '--transpile-only', '--prefer-ts-exts', 'test/bench/waitCalls.ts'],
			{ cwd: ROOT, env: process.env, timeoutMs: 20 * 60_000 },
		);
		const lines = result.stdout.trimEnd().split('\n');
		const headline = lines.at(-1) ?? '';
		if (result.code === 0 && headline.startsWith('api_calls_per_recording=')) {
			callsPerRecording = headline.slice('api_calls_per_recording='.length);
			wait = lines.slice(0, -1).join('\n');
		} else {
			wait = `test/bench/waitCalls.ts failed (exit ${result.code}): ${result.stderr.trim().slice(-800)}`;
		}
	}

	// ----- report -----
	const baselines = new Map<Method, Measurement>();
	for (const m of results) if (m.file.label === 'tiny') baselines.set(m.method, m);
	log('');
	log(`Machine: ${machine()}`);
	log(
		`Load average (1 min): ${fixed(loadAtStart, 2)} at start, ${fixed(loadavg()[0], 2)} at the end${loadAtStart > 0.5 ? ' (the machine was not idle: figures are pessimistic)' : ''}`,
	);
	log(
		`Command: npm run bench -- ${process.argv.slice(2).join(' ') || `--sizes=${options.sizesMiB.join(',')}`}`,
	);
	log('');
	for (const line of table(results, baselines)) log(line);
	log('');
	log(
		'PUT s: from the request reaching the emulator to its last byte hashed (what MiB/s is computed from).',
	);
	log('wall s: the whole `n8n execute` (start-up, the workflow, exit) or curl.');
	log(
		"(a) and (c) start from the file already in n8n's filesystem binary storage; the last two rows copy it there first with Read/Write Files.",
	);
	log(
		'peak RSS: n8n execute + task runner, VmRSS summed, sampled every 50 ms; growth = peak(file) − peak(tiny) of the same workflow.',
	);
	log(
		"PUT adds: the tree's peak while the PUT was under way minus its RSS just before the PUT (what the upload itself added).",
	);
	log(
		"main: the same for n8n's main process alone, where the nodes run (the task runner only serves Code nodes).",
	);
	const uploadTypes = [
		...new Set(
			results
				.map((m) => `${METHOD_LABEL[m.method]}: ${m.contentType}`)
				.filter((text) => !text.endsWith('undefined')),
		),
	];
	log(`Content-Type sent: ${uploadTypes.join('; ')}`);

	if (heapProbes.length) {
		const largestFile = files[files.length - 1];
		const curlRun = results.find((m) => m.method === 'curl' && m.file === largestFile);
		const curlThroughput = curlRun ? throughputMiBps(curlRun) : undefined;
		log('');
		log(
			`Why (a) trails (b): the same ${largestFile.label} upload outside n8n (test/bench/heapProbe.ts: n8n's Node and axios, 256 KiB file chunks), with live objects standing in for n8n's heap:`,
		);
		for (const probe of heapProbes) {
			const throughput = probe.putMs ? mib(largestFile.bytes) / (probe.putMs / 1000) : NaN;
			const gc = probe.gcCounts ?? {};
			log(
				`  heap ${probe.heapUsedMiB ?? '?'} MiB used (process RSS peak ${fixed(mib(probe.peakRssBytes), 0)} MiB): ` +
					`${fixed(throughput, 0)} MiB/s (${fixed(curlThroughput ? throughput / curlThroughput : NaN, 2)} × curl), ` +
					`CPU ${fixed((probe.cpuMs ?? NaN) / 1000, 2)} s, GC: ${gc.major ?? 0} major, ${gc.incremental ?? 0} incremental, ${gc.minor ?? 0} minor` +
					`${probe.verified ? '' : ' FAILED'}${probe.note ? `; ${probe.note}` : ''}`,
			);
		}
	}

	if (items) {
		log('');
		log(
			`${items.items} items of Create (Media Source None) in one n8n execute: ${fixed(items.wallMs / 1000, 1)} s wall, ` +
				`${items.creates} creates at ${fixed(items.perSecond, 2)}/s (${fixed(1000 / items.perSecond, 0)} ms per item), ` +
				`peak RSS ${fixed(mib(items.peakRssBytes))} MiB${items.error ? `; ERROR ${items.error}` : ''}`,
		);
	}
	if (transcript) {
		log('');
		log(transcript);
	}
	if (wait) {
		log('');
		log(wait);
	}

	const largest = files[files.length - 1];
	const find = (method: Method) => results.find((m) => m.method === method && m.file === largest);
	const [claap, curl, http, claapRead, control] = [
		find('claap'),
		find('curl'),
		find('http'),
		find('claapRead'),
		find('read'),
	];
	const ratio = (left?: Measurement, right?: Measurement) => {
		const [a, b] = [left && throughputMiBps(left), right && throughputMiBps(right)];
		return a && b ? a / b : NaN;
	};
	const growthPerGiB = (m?: Measurement) =>
		m && baselines.has(m.method)
			? mib(m.peakRssBytes - (baselines.get(m.method)?.peakRssBytes ?? 0)) / (largest.bytes / GiB)
			: NaN;
	const r1 = ratio(claap, curl);
	const r2 = ratio(claap, http);
	const growth = growthPerGiB(claap);
	const httpGrowth = growthPerGiB(http);
	const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
	log('');
	log(`Targets on ${largest.label}:`);
	log(`  throughput ≥ 0.9 × curl: ${fixed(r1, 2)} → ${verdict(r1 >= 0.9)}`);
	log(`  RSS growth ≤ 64 MiB per GiB: ${fixed(growth)} MiB/GiB → ${verdict(growth <= 64)}`);
	log(`  not slower than the HTTP Request node: ${fixed(r2, 2)} → ${verdict(r2 >= 1)}`);
	log(
		`  not more memory than the HTTP Request node: ${fixed(growth)} vs ${fixed(httpGrowth)} MiB/GiB → ${verdict(growth <= httpGrowth)}`,
	);
	log(
		`  whole workflow with Read/Write Files: ${fixed(growthPerGiB(claapRead))} MiB/GiB, ` +
			`of which copying into the storage (control) ${fixed(growthPerGiB(control))}; ` +
			`the upload in it ${fixed(claapRead?.putGrowthBytes === undefined ? NaN : mib(claapRead.putGrowthBytes))} MiB (PUT adds)`,
	);
	const failures = results.filter(
		(m) =>
			m.verified === false ||
			(m.note && /run |no run JSON|exit/.test(m.note) && m.method !== 'curl'),
	);
	const failedProbes = heapProbes.filter((probe) => !probe.verified).length;
	if (failures.length + failedProbes)
		log(
			`  WARNING: ${failures.length + failedProbes} run(s) failed or mismatched; see the notes and ${LOG_DIR}`,
		);
	log(
		`  API calls per recording, Claap taking 20 min: ${callsPerRecording} → ${verdict(Number(callsPerRecording) <= 8)} (≤ 8)`,
	);
	log(`bench wall time: ${secondsSince(started)}`);
	log(
		`throughput_vs_curl=${fixed(r1, 2)} throughput_vs_http_request_node=${fixed(r2, 2)} rss_growth_mib_per_gib=${fixed(growth)} api_calls_per_recording=${callsPerRecording}`,
	);
}

/** Ctrl-C: end n8n or curl (each in its own process group) before leaving. */
function onSignal(signal: NodeJS.Signals): void {
	log(`\n${signal}: stopping…`);
	killMeasured('SIGKILL');
	process.exit(130);
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
	() => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0),
	(error: Error) => {
		killMeasured('SIGKILL');
		console.error(error.stack ?? String(error));
		process.exit(1);
	},
);
