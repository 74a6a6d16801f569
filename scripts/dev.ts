/**
 * `npm run dev`: a local n8n with this package installed, wired to a local Claap emulator.
 *
 * 1. Installs (first run, ~4 minutes) or reuses the pinned n8n 2.41.1 + Node 24 in `.e2e/`.
 * 2. Builds the package, packs it and installs the tarball into the n8n user folder's
 *    `.n8n/nodes`, as n8n installs community nodes: the node type is `n8n-nodes-claap.claap`.
 * 3. Starts the Claap emulator on 127.0.0.1:4010 with a fixed API key (uploads kept on disk).
 * 4. Imports the "Claap (local emulator)" credential and the workflows of examples/, publishes the
 *    webhook example, starts `n8n start` on 127.0.0.1:5678 and creates the owner account.
 * 5. Prints the URLs and the login; Ctrl-C stops n8n (its whole process group) and the emulator.
 *
 * Options: `npm run dev -- --fresh` starts from an empty n8n database.
 * Environment: CLAAP_API_KEY adds a "Claap" credential for the real Claap (https://api.claap.io);
 * N8N_DEV_PORT (5678), CLAAP_EMULATOR_PORT (4010), CLAAP_EMULATOR_KEY (cla_local_dev_key).
 *
 * n8n's user folder (.e2e/dev/home) survives restarts, so executions and your own workflows stay;
 * the credentials and examples are re-imported at every start (edit copies of the examples, not
 * the examples themselves).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';

import { startEmulator, type ClaapEmulator } from './lib/emulator';
import { SAMPLE_MEDIA_NAME, SAMPLE_TRANSCRIPT_NAME, writeSampleFiles } from './lib/fixtures';
import {
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
	ROOT,
	secondsSince,
	startN8n,
	stopN8n,
	waitForReady,
	CLAAP_NODE_TYPE,
	PACKAGE_NAME,
} from './lib/runtime';
import {
	CLAAP_CREDENTIAL,
	EMULATOR_CREDENTIAL,
	EXAMPLE_CHAT_WEBHOOK_URL,
	TRIGGER_WEBHOOK_PATH,
	WEBHOOK_CREDENTIAL,
	WEBHOOK_PATH,
	WORKFLOWS,
	writeCredentialsFile,
	writeExamplesForImport,
	type CredentialToImport,
	type WebhookCredentialToImport,
} from './lib/workflows';
import { startChatSink, type ChatSink } from './lib/chatSink';

const N8N_PORT = Number(process.env.N8N_DEV_PORT ?? 5678);
/** The task runner broker of the dev n8n (n8n's default); a concurrent `n8n execute` needs another. */
const BROKER_PORT = 5679;
const EMULATOR_PORT = Number(process.env.CLAAP_EMULATOR_PORT ?? 4010);
const EMULATOR_KEY = process.env.CLAAP_EMULATOR_KEY || 'cla_local_dev_key';
const CLAAP_BASE_URL = 'https://api.claap.io';
/** The local Claap Trigger's webhook secret and id: test values, local only. */
const DEV_WEBHOOK_SECRET = 'whsec_local_dev_0123456789';
const DEV_WEBHOOK_ID = 'whk_local_dev';

/** The local-only owner account, created on first start. Not a secret: n8n listens on 127.0.0.1 only. */
export const DEV_OWNER = {
	email: 'dev@n8n-nodes-claap.local',
	password: 'ClaapDev1234',
	firstName: 'Local',
	lastName: 'Developer',
};
/** Fixed so the imported credentials stay readable across restarts; local only. */
const ENCRYPTION_KEY = 'n8n-nodes-claap-local-dev-only';

const DEV_DIR = join(E2E_DIR, 'dev');
const USER_FOLDER = join(DEV_DIR, 'home');
const FILES_DIR = join(DEV_DIR, 'files');
const EMULATOR_DATA = join(DEV_DIR, 'emulator-data');
const LOG_DIR = join(DEV_DIR, 'logs');
const N8N_LOG = join(LOG_DIR, 'n8n.log');

const say = (line = '') => console.log(line ? `[dev] ${line}` : '');
const rel = (path: string) => relative(ROOT, path) || '.';

let emulator: ClaapEmulator | undefined;
let chat: ChatSink | undefined;
let n8nProcess: ChildProcess | undefined;
let stopping = false;
let watcher: NodeJS.Timeout | undefined;

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
	});
}

async function requirePort(port: number, what: string, variable?: string): Promise<void> {
	if (await portIsFree(port)) return;
	throw new Error(
		`Port ${port} (${what}) is already in use on 127.0.0.1: is another \`npm run dev\` running?` +
			(variable ? ` Set ${variable} to use another port.` : ''),
	);
}

/** Creates the owner account on a fresh database, or checks the documented login on an existing one. */
async function ensureOwner(baseUrl: string): Promise<string> {
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(DEV_OWNER),
	});
	if (setup.ok) return 'owner account created';
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: DEV_OWNER.email, password: DEV_OWNER.password }),
	});
	if (login.ok) return 'owner account already set up';
	return `the owner account exists with other credentials (owner setup: ${setup.status}, login: ${login.status}); \`npm run dev -- --fresh\` resets it`;
}

/** Prints what the emulator receives and how recordings progress, as Claap's side of the story. */
function watchEmulator(emu: ClaapEmulator): NodeJS.Timeout {
	let seenRequests = 0;
	const states = new Map<string, string>();
	return setInterval(() => {
		for (; seenRequests < emu.requests.length; seenRequests++) {
			const request = emu.requests[seenRequests];
			const size = request.bodyBytes ? ` (${request.bodyBytes} B)` : '';
			const path = request.path.startsWith('/storage/')
				? request.path.replace(/[0-9a-f]{16,}$/, '…')
				: request.path;
			console.log(`[claap] ${request.method} ${path}${size}`);
		}
		for (const recording of emu.recordings()) {
			if (states.get(recording.id) === recording.state) continue;
			states.set(recording.id, recording.state);
			console.log(
				`[claap] ${recording.id} "${String(recording.body.title ?? '')}" is ${recording.state}`,
			);
		}
	}, 500);
}

async function shutdown(code: number): Promise<never> {
	if (watcher) clearInterval(watcher);
	if (n8nProcess) {
		say('Stopping n8n…');
		await stopN8n(n8nProcess);
	}
	killRunning('SIGKILL');
	if (emulator) {
		say('Stopping the Claap emulator…');
		await emulator.close();
	}
	await chat?.close();
	say('Stopped.');
	process.exit(code);
}

function onSignal(signal: NodeJS.Signals | 'parent exited'): void {
	if (stopping) {
		// A second Ctrl-C: no more waiting.
		killRunning('SIGKILL');
		process.exit(130);
	}
	stopping = true;
	console.log();
	say(signal === 'parent exited' ? 'npm exited: stopping.' : `${signal} received.`);
	void shutdown(0);
}

async function main(): Promise<void> {
	const fresh = process.argv.includes('--fresh');
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	// `kill <npm's pid>` makes npm exit without passing the signal on: a dev process whose parent
	// went away stops as if it got SIGTERM, rather than leaving n8n running.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent && !stopping) onSignal('parent exited');
	}, 1000).unref();

	await requirePort(N8N_PORT, 'n8n', 'N8N_DEV_PORT');
	await requirePort(BROKER_PORT, "n8n's task runner broker");
	await requirePort(EMULATOR_PORT, 'Claap emulator', 'CLAAP_EMULATOR_PORT');

	const rt = await ensureRuntime(say);
	if (stopping) return;

	let phase = Date.now();
	await buildPackage(say, true);
	const tarball = await packPackage();
	if (fresh) {
		say(`--fresh: removing ${rel(USER_FOLDER)}`);
		rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	mkdirSync(LOG_DIR, { recursive: true });
	await installPackage(rt, USER_FOLDER, tarball);
	say(
		`Built, packed and installed ${tarball.split('/').pop()} into ${rel(join(USER_FOLDER, '.n8n', 'nodes'))} (${secondsSince(phase)})`,
	);
	if (stopping) return;

	writeSampleFiles(FILES_DIR);
	rmSync(EMULATOR_DATA, { recursive: true, force: true });
	mkdirSync(EMULATOR_DATA, { recursive: true });
	emulator = await startEmulator({
		port: EMULATOR_PORT,
		apiKeys: [EMULATOR_KEY],
		storage: 'disk',
		dataDir: EMULATOR_DATA,
	});

	const env = n8nEnv(rt, {
		userFolder: USER_FOLDER,
		filesDir: FILES_DIR,
		port: N8N_PORT,
		brokerPort: BROKER_PORT,
		encryptionKey: ENCRYPTION_KEY,
		extra: { N8N_HOST: '127.0.0.1', N8N_PROTOCOL: 'http' },
	});

	phase = Date.now();
	const firstRun = !existsSync(join(USER_FOLDER, '.n8n', 'database.sqlite'));
	say(
		firstRun
			? 'Importing credentials and examples (first run: n8n creates its database, ~20 s)…'
			: 'Importing credentials and examples…',
	);
	const credentials: Array<CredentialToImport | WebhookCredentialToImport> = [
		{ ...EMULATOR_CREDENTIAL, apiKey: EMULATOR_KEY, baseUrl: emulator.url },
		{ ...WEBHOOK_CREDENTIAL, secret: DEV_WEBHOOK_SECRET, webhookId: DEV_WEBHOOK_ID },
	];
	const realKey = process.env.CLAAP_API_KEY?.trim();
	if (realKey) credentials.push({ ...CLAAP_CREDENTIAL, apiKey: realKey, baseUrl: CLAAP_BASE_URL });
	const credentialsFile = join(DEV_DIR, `credentials.${process.pid}.json`);
	const cliLog = join(LOG_DIR, 'n8n-cli.log');
	try {
		writeCredentialsFile(credentialsFile, credentials);
		await n8nChecked(rt, env, ['import:credentials', `--input=${credentialsFile}`], {
			logFile: cliLog,
		});
	} finally {
		// The file holds the real key in plain text when CLAAP_API_KEY is set.
		rmSync(credentialsFile, { force: true });
	}
	const workflowsDir = join(DEV_DIR, 'workflows');
	// The trigger example's chat messages land in this console instead of a real chat.
	chat = await startChatSink((message) => say(`[chat] ${String(message.text)}`));
	const examples = writeExamplesForImport(FILES_DIR, workflowsDir, {
		[EXAMPLE_CHAT_WEBHOOK_URL]: chat.url,
	});
	await n8nChecked(rt, env, ['import:workflow', '--separate', `--input=${workflowsDir}`], {
		logFile: cliLog,
	});
	for (const id of [WORKFLOWS.webhook, WORKFLOWS.trigger]) {
		await n8nChecked(rt, env, ['publish:workflow', `--id=${id}`], { logFile: cliLog });
	}
	say(
		`Imported ${credentials.length} credential(s) and ${examples.length} example workflows (${secondsSince(phase)})`,
	);
	if (stopping) return;

	phase = Date.now();
	say(`Starting n8n on 127.0.0.1:${N8N_PORT} (log: ${rel(N8N_LOG)})…`);
	n8nProcess = startN8n(rt, env, N8N_LOG);
	n8nProcess.once('exit', (code, signal) => {
		if (stopping) return;
		stopping = true;
		say(`n8n exited unexpectedly (${code ?? signal}). Last lines of ${rel(N8N_LOG)}:`);
		const tail = readFileSync(N8N_LOG, 'utf8').trim().split('\n').slice(-20);
		for (const line of tail) console.log(`  ${line}`);
		void shutdown(1);
	});
	const editorUrl = `http://127.0.0.1:${N8N_PORT}`;
	await waitForReady(editorUrl, n8nProcess);
	if (stopping) return;
	const owner = await ensureOwner(editorUrl);
	// The emulator sends its webhooks to the published Claap Trigger, as Claap would.
	emulator.setWebhook({
		url: `${editorUrl}/webhook/${TRIGGER_WEBHOOK_PATH}`,
		secret: DEV_WEBHOOK_SECRET,
		webhookId: DEV_WEBHOOK_ID,
	});
	say(`n8n is ready (${secondsSince(phase)}); ${owner}`);

	const example = (id: string) => examples.find((workflow) => workflow.id === id)?.name ?? id;
	console.log(`
  n8n ${N8N_VERSION} (Node ${NODE24_VERSION}) with ${PACKAGE_NAME} (node type ${CLAAP_NODE_TYPE})

  Editor          ${editorUrl}
  Log in          ${DEV_OWNER.email} / ${DEV_OWNER.password}   (local-only account)
  Claap emulator  ${emulator.url}   API key ${EMULATOR_KEY}
  Credentials     "${EMULATOR_CREDENTIAL.name}" → the emulator${realKey ? `; "${CLAAP_CREDENTIAL.name}" → ${CLAAP_BASE_URL} (key from CLAAP_API_KEY)` : ''}
  Examples        ${examples.map((workflow) => `"${workflow.name}"`).join('\n                  ')}
  Sample files    ${rel(FILES_DIR)}/${SAMPLE_MEDIA_NAME}, ${SAMPLE_TRANSCRIPT_NAME} (the only folder Read/Write Files may use)
  Webhook         curl -X POST ${editorUrl}/webhook/${WEBHOOK_PATH} -H 'Content-Type: application/json' \\
                    -d '{"authorEmail":"grace@example.com","mediaUrl":"https://example.com/demo.mp4","title":"From curl"}'
                  ("${example(WORKFLOWS.webhook)}" is published)
  Claap Trigger   "${example(WORKFLOWS.trigger)}" is published; the emulator sends it
                  recording_added / recording_updated, and its chat messages print here as [chat]
  Uploads         ${rel(EMULATOR_DATA)}   n8n log ${rel(N8N_LOG)}

  Press Ctrl-C to stop n8n and the emulator.
`);
	watcher = watchEmulator(emulator);
}

main().catch(async (error: Error) => {
	console.error(`[dev] ${error.message}`);
	if (!stopping) {
		stopping = true;
		await shutdown(1);
	}
});
