/**
 * The n8n the editor suite drives: the pinned n8n with the packed package, the Claap emulator with
 * a few recordings, the example credentials and one workflow per screen the suite opens, as
 * `npm run dev` sets them up, on free loopback ports.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { LATEST_VERSION } from '../../nodes/Claap/actions/versions';
import { startEmulator, type ClaapEmulator } from '../../scripts/lib/emulator';
import { writeSampleFiles, type SampleFiles } from '../../scripts/lib/fixtures';
import {
	buildPackage,
	CLAAP_NODE_TYPE,
	E2E_DIR,
	ensureRuntime,
	installPackage,
	n8nChecked,
	n8nEnv,
	packPackage,
	secondsSince,
	startN8n,
	stopN8n,
	waitForReady,
	type Log,
	type Runtime,
} from '../../scripts/lib/runtime';
import {
	EMULATOR_CREDENTIAL,
	WEBHOOK_CREDENTIAL,
	writeCredentialsFile,
} from '../../scripts/lib/workflows';

export const WORK_DIR = join(E2E_DIR, 'editor');
const USER_FOLDER = join(WORK_DIR, 'home');
const FILES_DIR = join(WORK_DIR, 'files');
export const LOG_DIR = join(WORK_DIR, 'logs');
export const N8N_LOG = join(LOG_DIR, 'n8n.log');
const ENCRYPTION_KEY = 'editor-suite-only-encryption-key';

/** The local-only owner account the suite creates through n8n's REST API. */
export const OWNER = {
	email: 'editor@n8n-nodes-claap.local',
	password: 'ClaapEditor1234',
	firstName: 'Editor',
	lastName: 'Suite',
};

export const WEBHOOK_SECRET = 'whsec_editor_0123456789';

/** Recordings the emulator holds before the editor opens, for the recording picker. */
export const SEEDED_TITLES = [
	'Discovery call with Acme',
	'Weekly product sync',
	'Pricing review with Globex',
];

async function freePort(preferred: number | undefined): Promise<number> {
	if (preferred !== undefined) return preferred;
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

const envPort = (name: string): number | undefined =>
	process.env[name] ? Number(process.env[name]) : undefined;

export interface EditorEnvironment {
	rt: Runtime;
	emu: ClaapEmulator;
	samples: SampleFiles;
	baseUrl: string;
	n8n: ChildProcess;
	/** The ids of the workflows imported for the scenarios, by key. */
	workflows: Record<string, string>;
	stop(): Promise<void>;
}

export interface WorkflowToImport {
	key: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
}

/** The Claap node's default version: the one users get when they add the node. */
export const CLAAP_NODE_VERSION = LATEST_VERSION;

/** A Claap node with the suite's emulator credential. */
export function claapNode(
	name: string,
	parameters: Record<string, unknown>,
	position: [number, number] = [400, 300],
): Record<string, unknown> {
	return {
		id: `node-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
		name,
		type: CLAAP_NODE_TYPE,
		typeVersion: CLAAP_NODE_VERSION,
		position,
		parameters,
		credentials: { claapApi: { id: EMULATOR_CREDENTIAL.id, name: EMULATOR_CREDENTIAL.name } },
	};
}

/** A further Claap API credential pointing at the emulator, e.g. one with a wrong key. */
export interface ExtraCredential {
	id: string;
	name: string;
	apiKey: string;
}

export async function startEnvironment(
	log: Log,
	workflows: WorkflowToImport[] | ((samples: SampleFiles) => WorkflowToImport[]),
	extraCredentials: ExtraCredential[] = [],
): Promise<EditorEnvironment> {
	let phase = Date.now();
	const rt = await ensureRuntime(log);
	await buildPackage(log, process.env.EDITOR_BUILD === '1');
	const tarball = await packPackage();
	rmSync(WORK_DIR, { recursive: true, force: true });
	mkdirSync(LOG_DIR, { recursive: true });
	await installPackage(rt, USER_FOLDER, tarball);
	log(`  packed and installed ${tarball.split('/').pop()}: ${secondsSince(phase)}`);

	const samples = writeSampleFiles(FILES_DIR);
	const emu = await startEmulator({
		port: await freePort(envPort('EDITOR_EMULATOR_PORT')),
		storage: 'hash',
		processingDelayMs: 50,
	});
	// Meetings of different lengths, so the picker's entries show durations as they would.
	for (const [index, title] of SEEDED_TITLES.entries()) {
		const startedAt = new Date(Date.UTC(2026, 10, 24 + index, 9));
		const endedAt = new Date(startedAt.getTime() + [32, 47, 65][index] * 60_000);
		const response = await fetch(`${emu.url}/v1/recordings`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Claap-Key': emu.apiKey },
			body: JSON.stringify({
				authorEmail: 'grace@example.com',
				title,
				downloadUrl: `https://example.com/${encodeURIComponent(title)}.mp4`,
				meeting: { startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString() },
			}),
		});
		if (!response.ok)
			throw new Error(`seeding the emulator failed: ${response.status} ${await response.text()}`);
	}

	const port = await freePort(envPort('EDITOR_N8N_PORT'));
	const brokerPort = await freePort(envPort('EDITOR_N8N_BROKER_PORT'));
	const env = n8nEnv(rt, {
		userFolder: USER_FOLDER,
		filesDir: FILES_DIR,
		port,
		brokerPort,
		encryptionKey: ENCRYPTION_KEY,
		extra: { N8N_HOST: '127.0.0.1', N8N_PROTOCOL: 'http' },
	});

	phase = Date.now();
	const cliLog = join(LOG_DIR, 'n8n-cli.log');
	const credentialsFile = join(WORK_DIR, 'credentials.json');
	writeCredentialsFile(credentialsFile, [
		{ ...EMULATOR_CREDENTIAL, apiKey: emu.apiKey, baseUrl: emu.url },
		{ ...WEBHOOK_CREDENTIAL, secret: WEBHOOK_SECRET, webhookId: '' },
		...extraCredentials.map((credential) => ({ ...credential, baseUrl: emu.url })),
	]);
	await n8nChecked(rt, env, ['import:credentials', `--input=${credentialsFile}`], {
		logFile: cliLog,
	});
	rmSync(credentialsFile, { force: true });
	const workflowsDir = join(WORK_DIR, 'workflows');
	mkdirSync(workflowsDir, { recursive: true });
	const ids: Record<string, string> = {};
	const toImport = typeof workflows === 'function' ? workflows(samples) : workflows;
	toImport.forEach((workflow, index) => {
		const id = `claapEditor${String(index).padStart(5, '0')}`;
		ids[workflow.key] = id;
		writeFileSync(
			join(workflowsDir, `${id}.json`),
			JSON.stringify({
				id,
				name: workflow.name,
				active: false,
				nodes: workflow.nodes,
				connections: workflow.connections ?? {},
				pinData: workflow.pinData ?? {},
				settings: { executionOrder: 'v1' },
			}),
		);
	});
	await n8nChecked(rt, env, ['import:workflow', '--separate', `--input=${workflowsDir}`], {
		logFile: cliLog,
	});
	log(
		`  imported ${2 + extraCredentials.length} credentials and ${toImport.length} workflows: ${secondsSince(phase)}`,
	);

	phase = Date.now();
	const child = startN8n(rt, env, N8N_LOG);
	const baseUrl = `http://127.0.0.1:${port}`;
	try {
		await waitForReady(baseUrl, child);
		const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
	} catch (error) {
		await stopN8n(child);
		await emu.close();
		throw error;
	}
	log(`  n8n ready at ${baseUrl}, owner account created: ${secondsSince(phase)}`);
	return {
		rt,
		emu,
		samples,
		baseUrl,
		n8n: child,
		workflows: ids,
		async stop() {
			await stopN8n(child);
			await emu.close();
		},
	};
}

/** Lines of n8n's log that mention the package and read as a problem. */
export function n8nLogProblems(): string[] {
	let text = '';
	try {
		text = readFileSync(N8N_LOG, 'utf8');
	} catch {
		return [];
	}
	return text
		.split('\n')
		.filter((line) => /claap/i.test(line) && /error|warn|fail|exception|cannot|unable/i.test(line));
}
