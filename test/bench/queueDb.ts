/**
 * `npm run bench -- --queue-db [--sizes=100,400]`: memory of a queue-mode worker uploading a file
 * in `database` binary-data mode, the queue-mode default.
 *
 * In that mode n8n hands the node the whole file in memory (`getBinaryStream` is
 * `Readable.from(buffer)` after loading the row), so the node must not add a second copy. Main +
 * one worker (`n8n worker`) in queue mode, Postgres and Redis started as in the queue suite
 * (test/queue/infra.ts). For each size, two manual runs offloaded to the worker, each on a freshly
 * started worker: Read/Write Files alone (n8n's own cost: the file read, stored as a `bytea` row)
 * and Read/Write Files → Claap Create (Binary File). Their difference holds n8n loading the row
 * back for the node (`getAsBuffer`: the `bytea` arrives as text, then becomes a Buffer) and the
 * node's upload; a copy made by the node would add one file size more. The worker's VmRSS (/proc/<pid>/status, the worker process alone) is sampled every 50 ms;
 * growth is peak minus the median of the 3 s before the run. Ports: QUEUE_PORT_BASE (default 16300).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type ClaapEmulator } from '../../scripts/lib/emulator';
import {
	buildPackage,
	ensureRuntime,
	installPackage,
	n8nChecked,
	n8nEnv,
	packPackage,
	ROOT,
	secondsSince,
} from '../../scripts/lib/runtime';
import { EMULATOR_CREDENTIAL, writeCredentialsFile } from '../../scripts/lib/workflows';
import {
	ensureDatabases,
	killAllProcesses,
	pickPortBase,
	Postgres,
	processes,
	Redis,
	sleep,
	spawnN8n,
	stopProcess,
	traversable,
	waitReady,
	type N8nProcess,
} from '../queue/infra';
import { MiB } from './measure';
import { ensureWavFile, sha256OfFile } from './wav';

const DIR = join(ROOT, '.bench', 'queue-db');
const USER_FOLDER = join(DIR, 'home');
const FILES_DIR = join(ROOT, '.bench', 'files');
const LOG_DIR = join(DIR, 'logs');
const ENCRYPTION_KEY = 'bench-queue-db-key-not-secret-0123';
const PORT = { main: 0, mainBroker: 1, health: 2, broker: 3, pg: 8, redis: 9 };
const OWNER = {
	email: 'bench@example.com',
	firstName: 'Bench',
	lastName: 'Queue',
	password: 'Passw0rd-QB-123',
};
const CREDENTIALS = { claapApi: { id: EMULATOR_CREDENTIAL.id, name: EMULATOR_CREDENTIAL.name } };

type Log = (line?: string) => void;

function workflow(id: string, path: string, withClaap: boolean): object {
	const nodes: object[] = [
		{
			id: `${id}-1`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: `${id}-2`,
			name: 'Read file',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: { fileSelector: path, options: {} },
		},
	];
	const connections: Record<string, object> = {
		Start: { main: [[{ node: 'Read file', type: 'main', index: 0 }]] },
	};
	if (withClaap) {
		nodes.push({
			id: `${id}-3`,
			name: 'Create recording',
			type: 'n8n-nodes-claap.claap',
			typeVersion: 1,
			position: [440, 0],
			parameters: {
				resource: 'recording',
				operation: 'create',
				authorEmail: 'grace@example.com',
				transcriptSource: 'none',
				mediaSource: 'binary',
				binaryPropertyName: 'data',
				additionalFields: { title: `queue-db ${id}` },
				options: { uploadTimeoutSeconds: 900 },
			},
			credentials: CREDENTIALS,
		});
		connections['Read file'] = { main: [[{ node: 'Create recording', type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `Bench queue-db ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes,
		connections,
	};
}

function vmRssBytes(pid: number): number | undefined {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

interface Row {
	size: number;
	what: string;
	wallS: number;
	baselineMiB: number;
	peakMiB: number;
	growthMiB: number;
	status: string;
	verified: string;
}

export async function queueDbBench(sizesMiB: number[], log: Log): Promise<Row[]> {
	const rt = await ensureRuntime(log);
	const { pgBin } = ensureDatabases(log);
	const pinned = Number(process.env.QUEUE_PORT_BASE);
	const base = await pickPortBase(
		Number.isInteger(pinned) && pinned > 0 ? [pinned] : [16300, 16400, 16500],
		Object.values(PORT),
	);
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(LOG_DIR, { recursive: true });
	mkdirSync(FILES_DIR, { recursive: true });
	await buildPackage(log, true);
	await installPackage(rt, USER_FOLDER, await packPackage());
	const dataDir = join(DIR, 'data');
	traversable(DIR);
	traversable(dataDir);
	const pg = new Postgres(pgBin, join(dataDir, 'pg'), base + PORT.pg);
	const redis = new Redis(join(dataDir, 'redis'), base + PORT.redis);
	let emu: ClaapEmulator | undefined;
	process.once('SIGINT', () => {
		killAllProcesses();
		redis.stop();
		pg.stop();
		process.exit(130);
	});
	try {
		pg.start();
		await redis.start();
		emu = await startEmulator({ storage: 'hash', processingDelayMs: 100, quotaPerAuthor: 1000 });
		const env = (port: number | undefined, broker: number, extra: NodeJS.ProcessEnv = {}) =>
			n8nEnv(rt, {
				userFolder: USER_FOLDER,
				filesDir: FILES_DIR,
				port,
				brokerPort: broker,
				encryptionKey: ENCRYPTION_KEY,
				extra: {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(base + PORT.redis),
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(base + PORT.pg),
					DB_POSTGRESDB_DATABASE: 'n8n',
					DB_POSTGRESDB_USER: 'n8n',
					DB_POSTGRESDB_PASSWORD: 'n8n',
					N8N_DEFAULT_BINARY_DATA_MODE: 'database',
					OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
					...extra,
				},
			});
		const files = new Map<number, { path: string; sha: string }>();
		for (const size of sizesMiB) {
			const path = join(FILES_DIR, `queue-db-${size}MiB.wav`);
			await ensureWavFile(path, size * MiB);
			files.set(size, { path, sha: await sha256OfFile(path) });
		}
		const cliEnv = env(undefined, base + PORT.mainBroker);
		const cliLog = join(LOG_DIR, 'cli.log');
		const credentialsFile = join(DIR, 'credentials.json');
		writeCredentialsFile(credentialsFile, [
			{ ...EMULATOR_CREDENTIAL, apiKey: emu.apiKey, baseUrl: emu.url },
		]);
		await n8nChecked(rt, cliEnv, ['import:credentials', `--input=${credentialsFile}`], {
			logFile: cliLog,
		});
		const workflows = sizesMiB.flatMap((size) => [
			workflow(`qdbRead${size}`.padEnd(16, '0'), files.get(size)!.path, false),
			workflow(`qdbClaap${size}`.padEnd(16, '0'), files.get(size)!.path, true),
		]);
		const workflowsFile = join(DIR, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(workflows));
		await n8nChecked(rt, cliEnv, ['import:workflow', `--input=${workflowsFile}`], {
			logFile: cliLog,
		});

		const mainUrl = `http://127.0.0.1:${base + PORT.main}`;
		const main = spawnN8n(
			rt,
			env(base + PORT.main, base + PORT.mainBroker),
			'main',
			['start'],
			join(LOG_DIR, 'main.log'),
			`${mainUrl}/healthz/readiness`,
		);
		const startWorker = (): N8nProcess =>
			spawnN8n(
				rt,
				env(undefined, base + PORT.broker, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(base + PORT.health),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}),
				'worker',
				['worker', '--concurrency=5'],
				join(LOG_DIR, 'worker.log'),
				`http://127.0.0.1:${base + PORT.health}/healthz/readiness`,
			);
		let worker = startWorker();
		await Promise.all([waitReady(main), waitReady(worker)]);
		const setup = await fetch(`${mainUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const cookie = setup.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error(`owner setup: ${setup.status}`);

		const rows: Row[] = [];
		for (const size of sizesMiB) {
			for (const withClaap of [false, true]) {
				const id = `${withClaap ? 'qdbClaap' : 'qdbRead'}${size}`.padEnd(16, '0');
				// A fresh worker for each run: a heap grown by the previous run would hide growth.
				await stopProcess(worker);
				worker = startWorker();
				await waitReady(worker);
				await sleep(5000);
				const pid = worker.child.pid!;
				const before: number[] = [];
				for (let i = 0; i < 60; i++) {
					before.push(vmRssBytes(pid) ?? 0);
					await sleep(50);
				}
				const baseline = before.sort((a, b) => a - b)[Math.floor(before.length / 2)];
				const from = emu.recordings().length;
				const started = Date.now();
				const answer = await fetch(`${mainUrl}/rest/workflows/${id}/run`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', Cookie: cookie },
					body: JSON.stringify({ triggerToStartFrom: { name: 'Start' } }),
				});
				const executionId = String(
					((await answer.json()) as { data?: { executionId?: string } }).data?.executionId,
				);
				let peak = baseline;
				let status = '';
				for (;;) {
					const rss = vmRssBytes(pid);
					if (rss !== undefined && rss > peak) peak = rss;
					if (Date.now() % 1000 < 60) {
						status = execFileSync(
							'psql',
							[
								'-h',
								'127.0.0.1',
								'-p',
								String(pg.port),
								'-U',
								'n8n',
								'-d',
								'n8n',
								'-tAc',
								`select status from execution_entity where id = ${Number(executionId)}`,
							],
							{ encoding: 'utf8', timeout: 30_000 },
						).trim();
						if (['success', 'error', 'crashed', 'canceled'].includes(status)) break;
					}
					if (Date.now() - started > 10 * 60_000) {
						status = `timeout (${status})`;
						break;
					}
					await sleep(50);
				}
				const wallS = (Date.now() - started) / 1000;
				let verified = '';
				if (withClaap) {
					const recording = emu.recordings().slice(from)[0];
					verified =
						recording?.media?.bytes === size * MiB &&
						recording.media.sha256 === files.get(size)!.sha
							? 'ok'
							: `MISMATCH (${recording?.media?.bytes ?? 'no'} bytes)`;
				}
				const row: Row = {
					size,
					what: withClaap ? 'Read/Write Files → Claap Create' : 'Read/Write Files only',
					wallS,
					baselineMiB: baseline / MiB,
					peakMiB: peak / MiB,
					growthMiB: (peak - baseline) / MiB,
					status,
					verified,
				};
				log(
					`  ${size} MiB, ${row.what}: exec ${executionId} ${status} in ${wallS.toFixed(1)} s; worker RSS ${row.baselineMiB.toFixed(0)} → peak ${row.peakMiB.toFixed(0)} MiB (+${row.growthMiB.toFixed(0)})${verified ? `; upload ${verified}` : ''}`,
				);
				rows.push(row);
			}
		}
		return rows;
	} finally {
		await Promise.all([...processes].map((proc) => stopProcess(proc, 15_000)));
		killAllProcesses();
		redis.stop();
		pg.stop();
		await emu?.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

export function queueDbTable(rows: Row[]): string[] {
	const header = [
		'file',
		'workflow (queue mode, database binary data)',
		'wall s',
		'worker RSS before MiB',
		'peak MiB',
		'growth MiB',
		'more than Read/Write only MiB',
		'status',
		'bytes+sha256',
	];
	const cells = rows.map((row) => {
		const control = rows.find(
			(other) => other.size === row.size && !other.verified && other !== row,
		);
		return [
			`${row.size} MiB`,
			row.what,
			row.wallS.toFixed(1),
			row.baselineMiB.toFixed(0),
			row.peakMiB.toFixed(0),
			row.growthMiB.toFixed(0),
			row.verified && control ? (row.growthMiB - control.growthMiB).toFixed(0) : '',
			row.status,
			row.verified,
		];
	});
	const widths = header.map((title, column) =>
		Math.max(title.length, ...cells.map((row) => row[column].length)),
	);
	const line = (values: string[]) =>
		`| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)];
}

export async function runQueueDbBench(argv: string[], log: Log): Promise<number> {
	const sizes = argv
		.find((arg) => arg.startsWith('--sizes='))
		?.slice('--sizes='.length)
		.split(',')
		.map(Number) ?? [100, 400];
	const started = Date.now();
	const rows = await queueDbBench(sizes, log);
	log('');
	for (const line of queueDbTable(rows)) log(line);
	log(`Command: npm run bench -- ${argv.join(' ')}; ${secondsSince(started)}`);
	return rows.every(
		(row) =>
			row.status === 'success' &&
			row.verified !== 'MISMATCH' &&
			!row.verified.startsWith('MISMATCH'),
	)
		? 0
		: 1;
}
