/**
 * E2E scenario (server mode): the Claap tools behind n8n's MCP Server Trigger, called with the
 * official MCP client SDK over Streamable HTTP.
 *
 * The example workflow examples/claap-mcp-server.json (MCP Server Trigger with Bearer auth, three
 * read-only Claap tools) is published and n8n started. Checked: a call without the token is
 * refused; the tools listed with their $fromAI parameters; tool calls reach the emulator with the
 * client's arguments and their results come back; a recording that does not exist comes back as
 * a message saying what to change; nothing but reads reached Claap.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import type { Checks } from './checks';
import { n8nChecked } from '../../scripts/lib/runtime';
import { seedRecording, SEED_TRANSCRIPT, type AgentContext } from './agent';

export const MCP_WORKFLOW_ID = 'claapExMcp000001';
const MCP_PATH = 'claap';
const BEARER_CREDENTIAL = { id: 'claapMcpBearer01', name: 'Claap MCP token' };
const TOKEN = 'mcp-e2e-token-0123456789';
const MISSING_ID = 'rec_doesnotexist02';

/** The text of a tool result: MCP returns content parts; n8n puts the tool's output in text parts. */
function textOf(result: unknown): string {
	const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
	return content
		.filter((part) => part.type === 'text')
		.map((part) => part.text ?? '')
		.join('\n');
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** n8n answers readiness before it registers webhooks: wait until the MCP path stops answering 404. */
async function waitForEndpoint(url: string): Promise<number> {
	const started = Date.now();
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
		});
		await response.text();
		if (response.status !== 404 || Date.now() - started > 30_000) return response.status;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

export async function mcpScenario(
	ctx: AgentContext,
	checks: Checks,
	options: { work: string; logs: string; startServer: (publish: string[]) => Promise<string> },
): Promise<string> {
	const { rt, env, emu } = ctx;
	const credentialFile = join(options.work, 'mcp-credential.json');
	writeFileSync(
		credentialFile,
		JSON.stringify([{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: TOKEN } }]),
		{ mode: 0o600 },
	);
	await n8nChecked(rt, env, ['import:credentials', `--input=${credentialFile}`], {
		logFile: join(options.logs, 'n8n-cli.log'),
	});
	rmSync(credentialFile, { force: true });

	const older = await seedRecording(emu, 'Kickoff');
	await new Promise((resolve) => setTimeout(resolve, 20));
	const newest = await seedRecording(emu, 'Pricing review', SEED_TRANSCRIPT);
	emu.requests.length = 0;

	const baseUrl = await options.startServer([MCP_WORKFLOW_ID]);
	const url = `${baseUrl}/mcp/${MCP_PATH}`;
	const unauthenticated = await waitForEndpoint(url);
	checks.ok(
		unauthenticated === 401 || unauthenticated === 403,
		'a call without the bearer token is refused',
		unauthenticated,
	);

	const client = new Client({ name: 'claap-e2e', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
	});
	await client.connect(transport);
	try {
		const { tools } = await client.listTools();
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		checks.equal(
			Object.keys(byName).sort(),
			['Get_recording', 'List_recordings', 'Read_transcript'],
			'tools listed',
		);
		const properties = (name: string) =>
			Object.keys((byName[name]?.inputSchema as { properties?: object })?.properties ?? {});
		checks.equal(properties('List_recordings'), ['limit'], 'List recordings input schema');
		checks.equal(properties('Read_transcript'), ['recordingId'], 'Read transcript input schema');
		checks.ok(
			String(byName.Read_transcript?.description).startsWith(
				'Reads what was said in a Claap recording',
			),
			'tool description',
			byName.Read_transcript?.description,
		);

		const listed = parsed(
			textOf(await client.callTool({ name: 'List_recordings', arguments: { limit: 2 } })),
		);
		const listedItems = (Array.isArray(listed) ? listed : [listed]) as Array<
			Record<string, unknown>
		>;
		checks.equal(
			listedItems.map((recording) => recording.id),
			[newest, older],
			'List recordings result',
		);

		const transcriptText = textOf(
			await client.callTool({ name: 'Read_transcript', arguments: { recordingId: newest } }),
		);
		checks.ok(
			transcriptText.includes(
				'00:04 Ada Lovelace: I propose we keep the annual discount at 15 percent.',
			),
			'Read transcript result: text with speakers and times',
			transcriptText,
		);

		const missing = await client.callTool({
			name: 'Get_recording',
			arguments: { recordingId: MISSING_ID },
		});
		const missingText = textOf(missing);
		checks.ok(
			/Check the recording ID/.test(missingText) && !missingText.includes(emu.apiKey),
			'a missing recording: what to change, no key',
			missing,
		);

		const calls = emu.requests.filter((request) => request.path.startsWith('/v1/'));
		checks.equal(
			calls.map((request) => `${request.method} ${request.path}`),
			[
				'GET /v1/recordings',
				`GET /v1/recordings/${newest}/transcript`,
				`GET /v1/recordings/${MISSING_ID}`,
			],
			"Claap API calls: reads only, with the client's arguments",
		);
		checks.equal(calls[0]?.query.limit, '2', "list limit = the client's 2");
		return `3 tools over MCP (Streamable HTTP, bearer token): list, transcript, a missing ID → message; ${calls.length} Claap reads`;
	} finally {
		await client.close();
	}
}
