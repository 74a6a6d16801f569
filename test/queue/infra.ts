/**
 * The queue-mode suite's infrastructure: PostgreSQL and Redis as this suite's own processes on
 * free loopback ports (installed with apt when missing), n8n processes in their own process groups,
 * and a counting proxy in front of the Claap emulator's API (the emulator does not log statuses).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
} from 'node:fs';
import { request as httpRequest, createServer, type Server } from 'node:http';
import { createConnection, createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { Runtime } from '../../scripts/lib/runtime';

export type Log = (line: string) => void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createNetServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
	});
}

/** The first base among `bases` where base+offset is free for every offset. */
export async function pickPortBase(bases: number[], offsets: number[]): Promise<number> {
	for (const base of bases) {
		const free = await Promise.all(offsets.map((offset) => portIsFree(base + offset)));
		if (free.every(Boolean)) return base;
	}
	throw new Error(`no free port range among ${bases.join(', ')} (offsets ${offsets.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
// Postgres and Redis

function findInitdb(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function onPath(command: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs postgresql and redis-server with apt when missing; returns Postgres's bin folder. */
export function ensureDatabases(log: Log): { pgBin: string } {
	const missing: string[] = [];
	if (!findInitdb() || !onPath('psql')) missing.push('postgresql');
	if (!onPath('redis-server')) missing.push('redis-server');
	if (missing.length > 0) {
		if (process.getuid?.() !== 0)
			throw new Error(`${missing.join(' and ')} missing and not root: install them first`);
		const started = Date.now();
		log(`  installing ${missing.join(', ')} with apt-get…`);
		execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
			stdio: 'ignore',
			timeout: 600_000,
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		log(`  apt-get install ${missing.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	const pgBin = findInitdb();
	if (!pgBin)
		throw new Error('initdb not found under /usr/lib/postgresql/*/bin after installing postgresql');
	return { pgBin };
}

export class Postgres {
	private started = false;
	constructor(
		private readonly pgBin: string,
		private readonly dir: string,
		readonly port: number,
	) {}

	private asPostgres(binary: string, args: string[], timeout = 120_000): void {
		const asRoot = process.getuid?.() === 0;
		const command = asRoot ? 'runuser' : join(this.pgBin, binary);
		const fullArgs = asRoot ? ['-u', 'postgres', '--', join(this.pgBin, binary), ...args] : args;
		execFileSync(command, fullArgs, { stdio: 'pipe', timeout, cwd: '/' });
	}

	start(): void {
		mkdirSync(this.dir, { recursive: true });
		if (process.getuid?.() === 0) {
			const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
			const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
			chownSync(this.dir, uid, gid);
		}
		const data = join(this.dir, 'data');
		this.asPostgres('initdb', [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--locale=C.UTF-8',
		]);
		this.asPostgres('pg_ctl', [
			'-D',
			data,
			'-l',
			join(this.dir, 'postgres.log'),
			'-o',
			`-c listen_addresses=127.0.0.1 -c port=${this.port} -c unix_socket_directories=${this.dir} -c fsync=off`,
			'-w',
			'start',
		]);
		this.started = true;
		this.psql(`CREATE USER n8n PASSWORD 'n8n'`);
		this.psql('CREATE DATABASE n8n OWNER n8n');
	}

	psql(sql: string): string {
		return execFileSync(
			'psql',
			['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-tAc', sql],
			{
				stdio: 'pipe',
				timeout: 30_000,
			},
		).toString();
	}

	stop(): void {
		if (!this.started) return;
		this.started = false;
		try {
			this.asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', 'stop'], 30_000);
		} catch {
			// already stopped
		}
	}
}

export class Redis {
	child?: ChildProcess;
	constructor(
		private readonly dir: string,
		readonly port: number,
	) {}

	async start(): Promise<void> {
		mkdirSync(this.dir, { recursive: true });
		const log = createWriteStream(join(this.dir, 'redis.log'));
		this.child = spawn(
			'redis-server',
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--dir',
				this.dir,
				'--save',
				'',
				'--appendonly',
				'no',
			],
			{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		this.child.stdout?.pipe(log);
		this.child.stderr?.pipe(log);
		for (const started = Date.now(); Date.now() - started < 20_000; ) {
			if (this.child.exitCode !== null)
				throw new Error(`redis-server exited (${this.child.exitCode})`);
			if ((await this.ping()) === '+PONG') return;
			await sleep(200);
		}
		throw new Error('redis-server did not answer PING within 20 s');
	}

	ping(): Promise<string> {
		return new Promise((resolvePromise) => {
			const socket = createConnection(this.port, '127.0.0.1');
			let answer = '';
			socket.setTimeout(1000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (chunk) => {
				answer += chunk.toString();
				if (answer.includes('\r\n')) socket.end();
			});
			socket.on('close', () => resolvePromise(answer.trim()));
			socket.on('error', () => resolvePromise(''));
		});
	}

	stop(): void {
		if (this.child?.pid && this.child.exitCode === null) {
			try {
				process.kill(-this.child.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
	}
}

/** A scratch folder the postgres user can traverse. */
export function traversable(dir: string): void {
	mkdirSync(dir, { recursive: true });
	chmodSync(dir, 0o755);
}

// ---------------------------------------------------------------------------------------------
// n8n processes

export interface N8nProcess {
	name: string;
	child: ChildProcess;
	logFile: string;
	/** The readiness probe. */
	readyUrl: string;
	/** Stopped or killed on purpose by the suite. */
	ended?: boolean;
}

/** Every n8n process started here, so a signal handler can end them. */
export const processes = new Set<N8nProcess>();

export function spawnN8n(
	rt: Runtime,
	env: NodeJS.ProcessEnv,
	name: string,
	args: string[],
	logFile: string,
	readyUrl: string,
): N8nProcess {
	const log = createWriteStream(logFile, { flags: 'a' });
	log.write(`\n--- n8n ${args.join(' ')} at ${new Date().toISOString()} ---\n`);
	const child = spawn(rt.node, [rt.n8nBin, ...args], {
		cwd: env.N8N_USER_FOLDER,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	child.on('close', () => log.end());
	const proc: N8nProcess = { name, child, logFile, readyUrl };
	processes.add(proc);
	child.once('exit', () => processes.delete(proc));
	return proc;
}

export function alive(proc: N8nProcess): boolean {
	return proc.child.exitCode === null && proc.child.signalCode === null;
}

export async function waitReady(proc: N8nProcess, timeoutMs = 300_000): Promise<number> {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (!alive(proc))
			throw new Error(
				`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready; see ${proc.logFile}`,
			);
		try {
			const response = await fetch(proc.readyUrl, { signal: AbortSignal.timeout(2000) });
			if (response.status === 200) return Date.now() - started;
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	throw new Error(`${proc.name} was not ready after ${timeoutMs} ms (${proc.readyUrl})`);
}

export function signalGroup(proc: N8nProcess, signal: NodeJS.Signals): void {
	const pid = proc.child.pid;
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// group gone
	}
}

function waitExit(proc: N8nProcess, timeoutMs: number): Promise<boolean> {
	if (!alive(proc)) return Promise.resolve(true);
	return new Promise((resolvePromise) => {
		const timer = setTimeout(() => resolvePromise(false), timeoutMs);
		proc.child.once('exit', () => {
			clearTimeout(timer);
			resolvePromise(true);
		});
	});
}

/** SIGTERM to the group, SIGKILL after `graceMs`; then SIGKILL whatever is left in the group (task runners). */
export async function stopProcess(proc: N8nProcess, graceMs = 20_000): Promise<void> {
	proc.ended = true;
	if (alive(proc)) {
		signalGroup(proc, 'SIGTERM');
		if (!(await waitExit(proc, graceMs))) {
			signalGroup(proc, 'SIGKILL');
			await waitExit(proc, 5000);
		}
	}
	signalGroup(proc, 'SIGKILL');
}

export function killAllProcesses(): void {
	for (const proc of processes) signalGroup(proc, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// A proxy in front of the emulator, counting answers by status

export interface CountingProxy {
	url: string;
	statuses: Map<number, number>;
	count(status: number): number;
	reset(): void;
	close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
	const { hostname, port } = new URL(target);
	const statuses = new Map<number, number>();
	const server: Server = createServer((req, res) => {
		const upstream = httpRequest(
			{
				host: hostname,
				port: Number(port),
				method: req.method,
				path: req.url,
				headers: req.headers,
			},
			(answer) => {
				const status = answer.statusCode ?? 0;
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
				res.writeHead(status, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.on('error', () => upstream.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const address = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}`,
		statuses,
		count: (status) => statuses.get(status) ?? 0,
		reset: () => statuses.clear(),
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}
