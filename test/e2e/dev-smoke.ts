/**
 * Checks `npm run dev` from the outside, as a developer would use it:
 * `npx ts-node --transpile-only test/e2e/dev-smoke.ts [--fresh]`.
 *
 * Starts `npm run dev` in its own process group (with a made-up CLAAP_API_KEY), waits for the
 * banner, then checks: the editor's /healthz/readiness; the documented login; that the node type
 * `n8n-nodes-claap.claap` and the credential type are loaded; that both credentials exist; that two
 * imported examples run through the REST API and reach the emulator (recording Ready, asked through
 * the emulator's own API); the published webhook. Then it sends SIGINT to the group, as Ctrl-C
 * does, and checks that dev exited, that none of its processes is left and that the ports are free.
 * The made-up key must never appear in dev's output.
 *
 * Ends with `N passed, N failed`; exits non-zero on any failure.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { ROOT } from '../../scripts/lib/runtime';
import { WEBHOOK_PATH, WORKFLOWS } from '../../scripts/lib/workflows';

const EDITOR = 'http://127.0.0.1:5678';
const EMULATOR = 'http://127.0.0.1:4010';
const EMULATOR_KEY = 'cla_local_dev_key';
const OWNER = { email: 'dev@n8n-nodes-claap.local', password: 'ClaapDev1234' };
const FAKE_REAL_KEY = `cla_smoke_${Math.random().toString(36).slice(2)}_must_not_be_printed`;

let passed = 0;
let failed = 0;
function check(condition: unknown, label: string, detail?: unknown): void {
	if (condition) {
		passed++;
		console.log(`PASS ${label}`);
	} else {
		failed++;
		console.log(
			`FAIL ${label}${detail === undefined ? '' : `: ${JSON.stringify(detail)?.slice(0, 500)}`}`,
		);
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process descending from `root`, read from /proc. */
function descendants(root: number): number[] {
	const parents = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// exited meanwhile
		}
	}
	const found: number[] = [];
	const queue = [root];
	while (queue.length > 0) {
		const pid = queue.shift() as number;
		for (const [child, parent] of parents) {
			if (parent === pid) {
				found.push(child);
				queue.push(child);
			}
		}
	}
	return found;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
	});
}

class Session {
	cookie = '';

	async request(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; json: Record<string, unknown> }> {
		const response = await fetch(`${EDITOR}${path}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				...(this.cookie ? { Cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json: Record<string, unknown> = {};
		try {
			json = JSON.parse(text) as Record<string, unknown>;
		} catch {
			json = { text: text.slice(0, 200) };
		}
		return { status: response.status, json };
	}
}

/** Runs an imported workflow as the editor's "Execute workflow" button does, and waits for it. */
async function runWorkflow(
	session: Session,
	id: string,
): Promise<{ status?: string; executionId?: string }> {
	const started = await session.request('POST', `/rest/workflows/${id}/run`, {
		triggerToStartFrom: { name: 'Start' },
	});
	const executionId = (started.json.data as { executionId?: string } | undefined)?.executionId;
	if (!executionId)
		return {
			status: `run refused: ${started.status} ${JSON.stringify(started.json).slice(0, 300)}`,
		};
	for (let attempt = 0; attempt < 60; attempt++) {
		const execution = await session.request('GET', `/rest/executions/${executionId}`);
		const data = execution.json.data as { status?: string; finished?: boolean } | undefined;
		if (data?.status && !['new', 'running', 'waiting'].includes(data.status))
			return { status: data.status, executionId };
		await sleep(500);
	}
	return { status: 'timeout', executionId };
}

async function emulatorRecordings(): Promise<{ id: string; title?: string; state: string }[]> {
	const response = await fetch(`${EMULATOR}/v1/recordings?limit=100`, {
		headers: { 'X-Claap-Key': EMULATOR_KEY },
	});
	const body = (await response.json()) as {
		result?: { recordings?: { id: string; title?: string; state: string }[] };
	};
	return body.result?.recordings ?? [];
}

async function main(): Promise<void> {
	const started = Date.now();
	const args = ['run', 'dev', ...(process.argv.includes('--fresh') ? ['--', '--fresh'] : [])];
	const dev = spawn('npm', args, {
		cwd: ROOT,
		env: { ...process.env, CLAAP_API_KEY: FAKE_REAL_KEY },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolvePromise) =>
		dev.on('exit', (code) => resolvePromise(code)),
	);

	const deadline = Date.now() + 15 * 60_000;
	while (!output.includes('Press Ctrl-C') && dev.exitCode === null && Date.now() < deadline)
		await sleep(500);
	const upAfter = ((Date.now() - started) / 1000).toFixed(1);
	check(
		output.includes('Press Ctrl-C'),
		`npm run dev printed its banner (after ${upAfter} s)`,
		output.slice(-2000),
	);
	check(output.includes(`Editor          ${EDITOR}`), 'banner: editor URL');
	check(output.includes(`Claap emulator  ${EMULATOR}`), 'banner: emulator URL');
	check(output.includes(`${OWNER.email} / ${OWNER.password}`), 'banner: how to log in');
	check(
		output.includes('"Claap" → https://api.claap.io'),
		'banner: real Claap credential mentioned',
	);

	if (dev.exitCode === null && dev.signalCode === null) {
		const readiness = await fetch(`${EDITOR}/healthz/readiness`);
		check(readiness.status === 200, 'GET /healthz/readiness → 200', readiness.status);

		const session = new Session();
		const login = await session.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		check(login.status === 200, 'documented owner login works', login);

		const nodeTypes = await fetch(`${EDITOR}/types/nodes.json`, {
			headers: { Cookie: session.cookie },
		});
		const types = (await nodeTypes.json()) as { name: string; version: number | number[] }[];
		check(
			types.some((type) => type.name === 'n8n-nodes-claap.claap'),
			'node type n8n-nodes-claap.claap is loaded',
		);
		const credentialTypes = (await (
			await fetch(`${EDITOR}/types/credentials.json`, { headers: { Cookie: session.cookie } })
		).json()) as { name: string }[];
		check(
			credentialTypes.some((type) => type.name === 'claapApi'),
			'credential type claapApi is loaded',
		);

		const credentials = await session.request('GET', '/rest/credentials');
		const names = (
			(credentials.json.data as { name: string; type: string }[] | undefined) ?? []
		).map((c) => `${c.name}:${c.type}`);
		check(
			names.includes('Claap (local emulator):claapApi') && names.includes('Claap:claapApi'),
			'credentials "Claap (local emulator)" and "Claap" exist',
			names,
		);

		const workflows = await session.request('GET', '/rest/workflows');
		const ids = ((workflows.json.data as { id: string }[] | undefined) ?? []).map((w) => w.id);
		check(
			Object.values(WORKFLOWS).every((id) => ids.includes(id)),
			'all example workflows imported',
			ids,
		);

		for (const [id, title] of [
			[WORKFLOWS.files, 'Demo call with Ada'],
			[WORKFLOWS.url, 'Weekly sync'],
		]) {
			const before = (await emulatorRecordings()).length;
			const run = await runWorkflow(session, id);
			check(
				run.status === 'success',
				`REST run of ${id} → success (execution ${run.executionId})`,
				run,
			);
			await sleep(500);
			const recordings = await emulatorRecordings();
			const recording = recordings.find((r) => r.title === title);
			check(
				recordings.length === before + 1 && recording?.state === 'Ready',
				`emulator holds "${title}", Ready`,
				recordings,
			);
		}

		const hook = await fetch(`${EDITOR}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				authorEmail: 'grace@example.com',
				mediaUrl: 'https://example.com/demo.mp4',
				title: 'From smoke',
			}),
		});
		const hookBody = (await hook.json()) as { id?: string };
		check(
			hook.status === 200 && hookBody.id?.startsWith('rec_'),
			'published webhook example answers with a recording',
			hookBody,
		);

		// What Ctrl-C does: SIGINT to the foreground process group.
		const tree = descendants(dev.pid as number);
		const stopAt = Date.now();
		process.kill(-(dev.pid as number), 'SIGINT');
		// npm itself dies of the SIGINT at once (as for any npm script); dev.ts, which got it too, stops
		// n8n and the emulator: wait for the whole tree.
		await Promise.race([exited, sleep(60_000)]);
		while (tree.some(alive) && Date.now() - stopAt < 60_000) await sleep(200);
		const left = tree.filter(alive);
		check(
			left.length === 0,
			`after SIGINT, all ${tree.length} processes under npm (ts-node, n8n, task runner…) ended within ${((Date.now() - stopAt) / 1000).toFixed(1)} s`,
			left,
		);
		check(!alive(dev.pid as number), `npm exited (${dev.exitCode ?? dev.signalCode})`);
		for (const port of [5678, 5679, 4010]) check(await portIsFree(port), `port ${port} is free`);
		check(output.includes('[dev] Stopped.'), 'dev reported a clean stop', output.slice(-500));
	}
	check(!output.includes(FAKE_REAL_KEY), 'CLAAP_API_KEY never printed');
	if (dev.exitCode === null && dev.signalCode === null) {
		try {
			process.kill(-(dev.pid as number), 'SIGKILL');
		} catch {
			// already gone
		}
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed === 0 ? 0 : 1);
}

void main();
