/**
 * A stand-in for the chat webhook the trigger example posts to (Slack, Teams, …): a local HTTP
 * server that keeps every JSON message it receives.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatSink {
	url: string;
	messages: Array<Record<string, unknown>>;
	/** Resolves once `count` messages have arrived, or rejects after `timeoutMs`. */
	waitFor(count: number, timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

export async function startChatSink(
	onMessage?: (message: Record<string, unknown>) => void,
): Promise<ChatSink> {
	const messages: Array<Record<string, unknown>> = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
					string,
					unknown
				>;
				messages.push(message);
				onMessage?.(message);
			} catch {
				messages.push({ unreadable: Buffer.concat(chunks).toString('utf8') });
			}
			response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/chat`,
		messages,
		async waitFor(count, timeoutMs = 15_000) {
			const started = Date.now();
			while (messages.length < count) {
				if (Date.now() - started > timeoutMs)
					throw new Error(`${messages.length} of ${count} chat messages after ${timeoutMs} ms`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
