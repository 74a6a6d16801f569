/**
 * E2E scenario: an n8n AI Agent uses the Claap node as its tools, in a real n8n.
 *
 * The example workflow examples/claap-ai-agent.json (Manual Trigger → AI Agent with an OpenAI Chat
 * Model and four Claap tools) runs with `n8n execute`. Its OpenAI credential points at a local
 * scripted model (scriptedModel.ts), which answers with tool calls naming the Claap tools, then
 * with a final text; the Claap credential points at the emulator. Checked: the tools' schemas as
 * the model sees them, each tool call reaching the emulator with the script's arguments, each tool
 * result reaching the model in the next request, two tool errors (a recording that does not exist;
 * a link Claap cannot download, refused before any call) reaching the model as messages that say
 * what to change, without failing the run, and the final answer.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ClaapEmulator } from '../../scripts/lib/emulator';
import type { Checks } from './checks';
import {
	at,
	n8n,
	n8nChecked,
	parseRawOutput,
	type JsonObject,
	type Runtime,
} from '../../scripts/lib/runtime';
import {
	startScriptedModel,
	toolResultOf,
	type ChatRequest,
	type ScriptedModel,
} from './scriptedModel';

export interface AgentContext {
	rt: Runtime;
	env: NodeJS.ProcessEnv;
	emu: ClaapEmulator;
}

/** The example workflow and the OpenAI credential it references. */
export const AGENT_WORKFLOW_ID = 'claapExAgent0001';
export const OPENAI_CREDENTIAL = { id: 'openAiLocal00001', name: 'OpenAI' };

const MISSING_ID = 'rec_doesnotexist01';
const NEW_MEDIA_URL = 'https://example.com/recordings/all-hands.mp4';
const BAD_MEDIA_URL = 'ftp://example.com/recordings/all-hands.mp4';
const FINAL_ANSWER_START = 'Decided in "Pricing review":';

export const SEED_TRANSCRIPT = {
	transcript: {
		langIso2: 'en',
		segments: [
			{ start: 0, end: 4.5, speakerId: '1', text: 'Let us settle the pricing today.' },
			{
				start: 4.5,
				end: 9,
				speakerId: '2',
				text: 'I propose we keep the annual discount at 15 percent.',
			},
			{ start: 9, end: 12, speakerId: '1', text: 'Agreed, and the new plan ships in March.' },
		],
		speakers: [
			{ speakerId: '1', name: 'Grace Hopper' },
			{ speakerId: '2', name: 'Ada Lovelace' },
		],
	},
};

async function api(emu: ClaapEmulator, path: string, init: RequestInit = {}): Promise<JsonObject> {
	const response = await fetch(`${emu.url}${path}`, {
		...init,
		headers: {
			'X-Claap-Key': emu.apiKey,
			'Content-Type': 'application/json',
			...(init.headers ?? {}),
		},
	});
	return (await response.json()) as JsonObject;
}

/** A Ready recording at Claap, with the transcript when given. */
export async function seedRecording(
	emu: ClaapEmulator,
	title: string,
	transcript?: unknown,
): Promise<string> {
	const created = await api(emu, '/v1/recordings', {
		method: 'POST',
		body: JSON.stringify({
			authorEmail: 'grace@example.com',
			title,
			downloadUrl: 'https://example.com/recordings/seed.mp4',
			...(transcript ? { transcript: { type: 'upload' } } : {}),
		}),
	});
	const id = String(at(created, 'result', 'recording', 'id'));
	const metaUrl = at(created, 'result', 'recording', 'upload', 'metaUrl');
	if (transcript && typeof metaUrl === 'string') {
		await fetch(metaUrl, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(transcript),
		});
	}
	for (const started = Date.now(); emu.getRecording(id)?.state !== 'Ready'; ) {
		if (Date.now() - started > 10_000)
			throw new Error(`seeded recording ${id} is ${emu.getRecording(id)?.state}, not Ready`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return id;
}

/** The content of the tool message answering a call of an earlier turn. */
function resultOfCall(model: ScriptedModel, request: ChatRequest, index: number): unknown {
	const call = model.toolCalls[index];
	return call ? toolResultOf(request, call.id) : undefined;
}

/** The model's script: list, then read the newest recording and its transcript, two mistakes, a create, an answer. */
function agentScript(model: ScriptedModel) {
	return [
		() => ({ toolCalls: [{ node: 'List recordings', arguments: { limit: 2 } }] }),
		(request: ChatRequest) => {
			const listed = resultOfCall(model, request, 0) as Array<{ id?: string }>;
			const newest = Array.isArray(listed) ? listed[0]?.id : undefined;
			if (!newest)
				throw new Error(`no recording in the List recordings result: ${JSON.stringify(listed)}`);
			return {
				toolCalls: [
					{ node: 'Get recording', arguments: { recordingId: newest } },
					{ node: 'Read transcript', arguments: { recordingId: newest } },
				],
			};
		},
		// Two mistakes: an ID Claap does not know (404), and a link Claap cannot download (refused before any call).
		() => ({
			toolCalls: [
				{ node: 'Get recording', arguments: { recordingId: MISSING_ID } },
				{
					node: 'Create recording from link',
					arguments: { mediaUrl: BAD_MEDIA_URL, title: 'All hands' },
				},
			],
		}),
		() => ({
			toolCalls: [
				{
					node: 'Create recording from link',
					arguments: { mediaUrl: NEW_MEDIA_URL, title: 'All hands' },
				},
			],
		}),
		(request: ChatRequest) => {
			const created = resultOfCall(model, request, 5) as Array<{ id?: string }>;
			return {
				content: `${FINAL_ANSWER_START} keep the 15% annual discount; ship the new plan in March. Created "All hands" as ${String(created?.[0]?.id)}.`,
			};
		},
	];
}

function writeOpenAiCredential(file: string, url: string): void {
	const rows = [
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-test-key', url } },
	];
	writeFileSync(file, JSON.stringify(rows), { mode: 0o600 });
}

interface ToolRun {
	executionStatus?: string;
	error?: unknown;
	json: unknown[];
}

function toolRuns(run: JsonObject, node: string): ToolRun[] {
	const runs = at(run, 'data', 'resultData', 'runData', node);
	if (!Array.isArray(runs)) return [];
	return runs.map((taskData) => {
		const items = at(taskData, 'data', 'ai_tool', 0);
		return {
			executionStatus: at(taskData, 'executionStatus') as string | undefined,
			error: at(taskData, 'error'),
			json: Array.isArray(items) ? items.map((item) => at(item, 'json')) : [],
		};
	});
}

export async function aiAgentScenario(
	ctx: AgentContext,
	checks: Checks,
	dirs: { work: string; logs: string },
): Promise<string> {
	const { rt, env, emu } = ctx;
	const port = Number(process.env.E2E_MODEL_PORT ?? 0);
	const model = await startScriptedModel(port);
	try {
		const credentialFile = join(dirs.work, 'openai-credential.json');
		writeOpenAiCredential(credentialFile, model.url);
		await n8nChecked(rt, env, ['import:credentials', `--input=${credentialFile}`], {
			logFile: join(dirs.logs, 'n8n-cli.log'),
		});
		rmSync(credentialFile, { force: true });

		const older = await seedRecording(emu, 'Kickoff');
		await new Promise((resolve) => setTimeout(resolve, 20));
		const newest = await seedRecording(emu, 'Pricing review', SEED_TRANSCRIPT);
		emu.requests.length = 0;
		model.setScript(agentScript(model));

		const result = await n8n(rt, env, ['execute', `--id=${AGENT_WORKFLOW_ID}`, '--rawOutput']);
		writeFileSync(
			join(dirs.logs, 'agent.out'),
			`${result.stdout}\n--- stderr ---\n${result.stderr}`,
		);
		writeFileSync(
			join(dirs.logs, 'agent-model-requests.json'),
			JSON.stringify(model.requests, null, 2),
		);
		const run = parseRawOutput(result.stdout);

		checks.equal(model.problems, [], 'the scripted model answered every request');
		checks.equal(at(run, 'status'), 'success', 'n8n run status');
		checks.equal(result.code, 0, 'n8n execute exit code');
		checks.equal(
			model.requests.length,
			5,
			'chat requests (list, get + transcript, two mistakes, create, answer)',
		);

		// What the model is offered: the four Claap tools, with the $fromAI parameters only.
		const [first] = model.requests;
		const tools = Object.fromEntries(
			(first?.tools ?? []).map((tool) => [tool.function.name, tool.function]),
		);
		checks.equal(
			Object.keys(tools).sort(),
			['Create_recording_from_link', 'Get_recording', 'List_recordings', 'Read_transcript'],
			'tools offered',
		);
		const properties = (name: string) => tools[name]?.parameters?.properties ?? {};
		checks.equal(
			Object.keys(properties('List_recordings')),
			['limit'],
			'List recordings parameters',
		);
		checks.equal(properties('List_recordings').limit?.type, 'number', 'limit is a number');
		checks.equal(
			Object.keys(properties('Get_recording')),
			['recordingId'],
			'Get recording parameters',
		);
		checks.ok(
			/rec_/.test(String(properties('Get_recording').recordingId?.description)),
			'recordingId description says what an ID looks like',
			properties('Get_recording'),
		);
		checks.equal(
			Object.keys(properties('Create_recording_from_link')).sort(),
			['mediaUrl', 'title'],
			'Create parameters',
		);
		checks.ok(
			String(tools.List_recordings?.description).startsWith(
				'Lists Claap meeting recordings, newest first',
			),
			'the tool description written in the node',
			tools.List_recordings?.description,
		);
		checks.ok(
			String(tools.Create_recording_from_link?.description).includes('once per file'),
			"Create's description warns the model",
			tools.Create_recording_from_link?.description,
		);
		const userMessage = first?.messages.find((message) => message.role === 'user');
		checks.ok(
			String(userMessage?.content).includes('most recent Claap recording'),
			'the prompt reached the model',
			userMessage,
		);

		// Tool calls reached Claap with the script's arguments.
		const calls = emu.requests.filter((request) => request.path.startsWith('/v1/'));
		const described = calls.map((request) => `${request.method} ${request.path}`);
		checks.equal(
			[...described].sort(),
			[
				'GET /v1/recordings',
				`GET /v1/recordings/${MISSING_ID}`,
				`GET /v1/recordings/${newest}`,
				`GET /v1/recordings/${newest}/transcript`,
				'POST /v1/recordings',
			].sort(),
			'Claap API calls',
		);
		checks.equal(
			calls.find((request) => request.path === '/v1/recordings' && request.method === 'GET')?.query
				.limit,
			'2',
			"list limit = the script's 2",
		);
		const post = calls.find((request) => request.method === 'POST');
		checks.equal(
			post?.json,
			{ authorEmail: 'grace@example.com', title: 'All hands', downloadUrl: NEW_MEDIA_URL },
			"create body = the script's URL and title",
		);
		checks.equal(emu.recordings().length, 3, 'one recording created (two seeded)');

		// Each tool result went back to the model in the next request.
		const listed = resultOfCall(model, model.requests[1], 0) as Array<Record<string, unknown>>;
		checks.equal(
			Array.isArray(listed) ? listed.map((recording) => recording.id) : listed,
			[newest, older],
			'list result sent to the model',
		);
		checks.ok(
			Array.isArray(listed) && listed[0].title === 'Pricing review' && !('upload' in listed[0]),
			'simplified recordings',
			listed?.[0],
		);
		const got = resultOfCall(model, model.requests[2], 1) as Array<Record<string, unknown>>;
		checks.equal(got?.[0]?.id, newest, 'Get recording result sent to the model');
		const transcript = resultOfCall(model, model.requests[2], 2) as Array<Record<string, unknown>>;
		checks.equal(
			transcript?.[0]?.text,
			'00:00 Grace Hopper: Let us settle the pricing today.\n00:04 Ada Lovelace: I propose we keep the annual discount at 15 percent.\n00:09 Grace Hopper: Agreed, and the new plan ships in March.',
			'transcript text sent to the model',
		);
		checks.equal(transcript?.[0]?.truncated, false, 'transcript not cut');
		const failed = resultOfCall(model, model.requests[3], 3) as Array<Record<string, unknown>>;
		const message = String(failed?.[0]?.error ?? '');
		checks.ok(
			message.startsWith(
				'Claap answered 404 not_found: Recording not found. Check the recording ID, e.g. one that Recording → Get Many lists',
			),
			'the model got what happened and what to change',
			failed,
		);
		checks.ok(!message.includes(emu.apiKey), 'no API key in the error');
		const refused = resultOfCall(model, model.requests[3], 4) as Array<Record<string, unknown>>;
		checks.equal(
			refused?.[0]?.error,
			`Media URL: "${BAD_MEDIA_URL}" is not an http(s) URL [item 0]. Give a public link Claap can download the media from (under 2 GiB, served within 5 minutes).`,
			'a link Claap cannot download is refused with the fix, before any call',
		);
		const created = resultOfCall(model, model.requests[4], 5) as Array<Record<string, unknown>>;
		const createdId = String(created?.[0]?.id);
		checks.ok(
			createdId.startsWith('rec_') && createdId !== newest && createdId !== older,
			'create result sent to the model',
			created,
		);

		// The tool error: the Get recording tool's second run failed, the run did not.
		const getRuns = toolRuns(run, 'Get recording');
		checks.equal(
			getRuns.map((toolRun) => toolRun.executionStatus),
			['success', 'error'],
			'Get recording tool runs',
		);
		checks.equal(
			toolRuns(run, 'Create recording from link')
				.map((toolRun) => toolRun.executionStatus)
				.sort(),
			['error', 'success'],
			'Create tool runs: one refused, one created',
		);

		// The agent's final answer.
		const answer = at(
			run,
			'data',
			'resultData',
			'runData',
			'AI Agent',
			0,
			'data',
			'main',
			0,
			0,
			'json',
			'output',
		);
		checks.ok(
			String(answer).startsWith(FINAL_ANSWER_START) && String(answer).includes(createdId),
			'final answer',
			answer,
		);
		return `5 model turns, 7 tool calls, ${calls.length} Claap calls (list, get, transcript, a missing ID → 404 to the model, a bad link refused before Claap, create ${createdId}); final answer produced`;
	} finally {
		await model.close();
	}
}
