/**
 * A local, OpenAI-compatible chat model for tests: `POST /v1/chat/completions` answers from a
 * script instead of a model. Each answer is chosen by a function of the request (so a script can
 * pick a recording ID out of an earlier tool result), either tool calls or a final text. Tools are
 * named by n8n node name; the server finds the tool's name in the request's `tools`, as a model
 * would. Every request is kept, so a test can check what the model was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatTool {
	type: string;
	function: {
		name: string;
		description?: string;
		parameters?: {
			properties?: Record<string, { type?: string; description?: string }>;
			required?: string[];
		};
	};
}

export interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages: ChatMessage[];
	tools?: ChatTool[];
}

/** Tool calls by n8n node name, with the arguments the script chose. */
export type ScriptedReply =
	| { toolCalls: Array<{ node: string; arguments: Record<string, unknown> }> }
	| { content: string };

/** One answer: a function of the request and of the requests before it. */
export type ScriptedTurn = (request: ChatRequest) => ScriptedReply;

export interface ScriptedModel {
	/** Base URL for an OpenAI credential: `http://127.0.0.1:<port>/v1`. */
	url: string;
	/** Chat requests as received, in order. */
	requests: ChatRequest[];
	/** Requests the server could not answer (wrong path, streaming, script exhausted, unknown tool). */
	problems: string[];
	/** The tool calls answered so far, with the tool names used. */
	toolCalls: Array<{ id: string; name: string; node: string; arguments: Record<string, unknown> }>;
	setScript(turns: ScriptedTurn[]): void;
	close(): Promise<void>;
}

/** n8n names a node's tool after the node: characters outside [A-Za-z0-9_-] become `_`. */
export function toolNameOf(request: ChatRequest, node: string): string | undefined {
	const expected = node.replace(/[^A-Za-z0-9_-]/g, '_');
	return request.tools?.find((tool) => tool.function.name === expected)?.function.name;
}

/** The content of the tool message answering a call, parsed when it is JSON. */
export function toolResultOf(request: ChatRequest, callId: string): unknown {
	const message = request.messages.find(
		(candidate) => candidate.role === 'tool' && candidate.tool_call_id === callId,
	);
	if (!message) return undefined;
	const content =
		typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
	try {
		return JSON.parse(content);
	} catch {
		return content;
	}
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export async function startScriptedModel(port = 0): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const problems: string[] = [];
	const toolCalls: ScriptedModel['toolCalls'] = [];
	let script: ScriptedTurn[] = [];
	let callCount = 0;

	const refuse = (response: ServerResponse, status: number, problem: string) => {
		problems.push(problem);
		send(response, status, { error: { message: problem, type: 'invalid_request_error' } });
	};

	const server = createServer((request, response) => {
		void (async () => {
			const text = await readBody(request);
			if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
				refuse(response, 404, `unexpected ${request.method} ${request.url}`);
				return;
			}
			const body = JSON.parse(text) as ChatRequest;
			requests.push(body);
			if (body.stream)
				return refuse(
					response,
					400,
					'streaming requested; the script answers whole responses only',
				);
			const turn = script[requests.length - 1];
			if (!turn) return refuse(response, 500, `request ${requests.length} has no scripted answer`);
			let reply: ScriptedReply;
			try {
				reply = turn(body);
			} catch (error) {
				return refuse(
					response,
					500,
					`scripted turn ${requests.length} failed: ${(error as Error).message}`,
				);
			}
			const created = Math.floor(Date.now() / 1000);
			const usage = {
				prompt_tokens: Math.ceil(text.length / 4),
				completion_tokens: 20,
				total_tokens: Math.ceil(text.length / 4) + 20,
			};
			if ('content' in reply) {
				send(response, 200, {
					id: `chatcmpl-${requests.length}`,
					object: 'chat.completion',
					created,
					model: body.model ?? 'scripted',
					choices: [
						{
							index: 0,
							message: { role: 'assistant', content: reply.content },
							finish_reason: 'stop',
						},
					],
					usage,
				});
				return;
			}
			const calls = [];
			for (const call of reply.toolCalls) {
				const name = toolNameOf(body, call.node);
				if (!name) {
					const offered = (body.tools ?? []).map((tool) => tool.function.name).join(', ');
					return refuse(response, 400, `no tool for node "${call.node}" among: ${offered}`);
				}
				const id = `call_${++callCount}`;
				toolCalls.push({ id, name, node: call.node, arguments: call.arguments });
				calls.push({
					id,
					type: 'function',
					function: { name, arguments: JSON.stringify(call.arguments) },
				});
			}
			send(response, 200, {
				id: `chatcmpl-${requests.length}`,
				object: 'chat.completion',
				created,
				model: body.model ?? 'scripted',
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: null, tool_calls: calls },
						finish_reason: 'tool_calls',
					},
				],
				usage,
			});
		})().catch((error: Error) => refuse(response, 500, `server error: ${error.message}`));
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}/v1`,
		requests,
		problems,
		toolCalls,
		setScript(turns) {
			script = turns;
			requests.length = 0;
			problems.length = 0;
			toolCalls.length = 0;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
