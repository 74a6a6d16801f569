import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryData } from 'n8n-workflow';

import { createHarness, type Harness, type RunNodeInput } from './index';
import { ProbeApi } from './fixtures/ProbeApi.credentials';
import { ProbeNode } from './fixtures/ProbeNode.node';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A tiny API: echoes requests, refuses one path, serves a file and hangs on request. */
interface TestServer {
	url: string;
	close(): Promise<void>;
	/** Resolves when a request to /hang is closed by the client. */
	hangClosed: Promise<void>;
}

type ServedFiles = Record<string, { body: Buffer; mimeType: string }>;

async function startServer(files: ServedFiles): Promise<TestServer> {
	let onHangClosed: () => void = () => {};
	const hangClosed = new Promise<void>((resolve) => (onHangClosed = resolve));

	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const sendJson = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const file = files[req.url ?? ''];
		if (req.url === '/echo') return sendJson(200, { method: req.method, headers: req.headers });
		if (req.url === '/forbidden') return sendJson(403, { message: 'Invalid API key' });
		if (req.url === '/hang') return void req.socket.once('close', onHangClosed);
		if (file) {
			res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.body.length });
			return void res.end(file.body);
		}
		sendJson(404, { message: 'Not found' });
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		hangClosed,
		async close() {
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}

describe('node test harness', () => {
	const transcript = Buffer.from('00:00 Alice: Hello\n00:02 Bob: Hi\n');
	let harness: Harness;
	let server: TestServer;
	let workDir: string;

	/** Runs the probe node; credentials point at the local server. */
	const runProbe = async (input: Omit<RunNodeInput, 'nodeType'>) =>
		await harness.runNode({
			nodeType: new ProbeNode(),
			credentialTypes: [new ProbeApi()],
			credentials: { probeApi: { apiKey: 'key-123', baseUrl: server.url } },
			...input,
		});

	beforeAll(async () => {
		harness = await createHarness();
		server = await startServer({
			'/files/transcript.txt': { body: transcript, mimeType: 'text/plain' },
		});
		workDir = await mkdtemp(path.join(tmpdir(), 'harness-test-'));
	});

	afterAll(async () => {
		await server.close();
		await harness.cleanup();
		await rm(workDir, { recursive: true, force: true });
	});

	it('resolves expressions in parameters for each item', async () => {
		const { items, error } = await runProbe({
			parameters: {
				operation: 'echo',
				value: "={{ $json.name.toUpperCase() }}-{{ $itemIndex }}-{{ $('Input').item.json.name }}",
			},
			items: [{ json: { name: 'alice' } }, { json: { name: 'bob' } }],
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.value)).toEqual(['ALICE-0-alice', 'BOB-1-bob']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('streams a filesystem binary with its exact bytes and size', async () => {
		const content = randomBytes(3 * MiB + 17);
		const filePath = path.join(workDir, 'recording.mp4');
		await writeFile(filePath, content);

		const binary = await harness.storeBinary({
			filePath,
			fileName: 'recording.mp4',
			mimeType: 'video/mp4',
		});
		expect(binary).toMatchObject({
			id: expect.stringMatching(/^filesystem-v2:workflows\/.+\/binary_data\/.+/),
			data: 'filesystem-v2',
			fileName: 'recording.mp4',
			mimeType: 'video/mp4',
			fileExtension: 'mp4',
			fileType: 'video',
			bytes: content.length,
			fileSize: '3.15 MB',
		});
		const storedPath = path.join(harness.storageDir, (binary.id as string).split(':')[1]);
		expect(existsSync(storedPath)).toBe(true);

		const { items, error } = await runProbe({
			parameters: { operation: 'hashBinary' },
			items: [{ json: {}, binary: { data: binary } }],
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			via: 'stream',
			metadataFileSize: content.length,
			bytesRead: content.length,
			sha256: sha256(content),
		});
	});

	it('stores a Buffer and serves in-memory binaries through the Buffer branch', async () => {
		const stored = await harness.storeBinary({
			buffer: transcript,
			fileName: 'a.txt',
			mimeType: 'text/plain',
		});
		const inMemory = harness.memoryBinary(transcript, 'b.txt', 'text/plain');
		expect(inMemory.id).toBeUndefined();

		const { items } = await runProbe({
			parameters: { operation: 'hashBinary' },
			items: [
				{ json: {}, binary: { data: stored } },
				{ json: {}, binary: { data: inMemory } },
			],
		});

		expect(items.map((item) => [item.json.via, item.json.sha256])).toEqual([
			['stream', sha256(transcript)],
			['buffer', sha256(transcript)],
		]);
	});

	it("sends the credential's header through httpRequestWithAuthentication", async () => {
		const { items, error } = await runProbe({
			parameters: { operation: 'request', path: '/echo' },
			items: [{ json: {} }],
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ method: 'GET', headers: { 'x-claap-key': 'key-123' } });
	});

	it('surfaces an error thrown by the node', async () => {
		const { items, error } = await runProbe({
			parameters: { operation: 'fail' },
			items: [{ json: {} }],
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Probe failed on item 0');
	});

	it('surfaces HTTP errors as NodeApiError, wrapped by n8n-core', async () => {
		const { error } = await runProbe({
			parameters: { operation: 'request', path: '/forbidden' },
			items: [{ json: {} }],
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ httpCode: '403' });
	});

	it('turns errors into items when the node continues on fail', async () => {
		const { items, error } = await runProbe({
			parameters: { operation: 'fail' },
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { error: 'Probe failed on item 0' }, pairedItem: { item: 0 } },
			{ json: { error: 'Probe failed on item 1' }, pairedItem: { item: 1 } },
		]);
	});

	it('writes prepareBinaryData output to filesystem storage, readable back', async () => {
		const { items, error } = await runProbe({
			parameters: { operation: 'download', path: '/files/transcript.txt' },
			items: [{ json: {} }],
		});

		expect(error).toBeUndefined();
		const binary = items[0].binary?.data as IBinaryData;
		expect(binary).toMatchObject({
			id: expect.stringMatching(/^filesystem-v2:/),
			fileName: 'transcript.txt',
			mimeType: 'text/plain',
			bytes: transcript.length,
		});
		expect(await harness.readBinary(binary)).toEqual(transcript);
	});

	it('cancels a running request through the execution cancel signal', async () => {
		const abort = new AbortController();
		const started = Date.now();
		const running = runProbe({
			parameters: { operation: 'request', path: '/hang' },
			items: [{ json: {} }],
			abortSignal: abort.signal,
		});
		setTimeout(() => abort.abort(), 200);

		const { items, error, run } = await running;
		await server.hangClosed;

		expect(Date.now() - started).toBeLessThan(5000);
		expect(items).toEqual([]);
		// axios's abort, wrapped by n8n-core like any failed request.
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('canceled');
		expect(run.status).toBe('canceled');
	});

	it('streams a 200 MiB file without holding it in memory', async () => {
		const size = 200 * MiB;
		const filePath = path.join(workDir, 'big.mp4');
		const expectedSha = await writeRandomFile(filePath, size);
		// Warm up, so loading code during the first run does not count as growth.
		await runProbe({ parameters: { operation: 'echo' }, items: [{ json: {} }] });

		const sampler = startRssSampler();
		const binary = await harness.storeBinary({
			filePath,
			fileName: 'big.mp4',
			mimeType: 'video/mp4',
		});
		const { items, error } = await runProbe({
			parameters: { operation: 'hashBinary' },
			items: [{ json: {}, binary: { data: binary } }],
		});
		const growth = sampler.stop();

		const growthMiB = (growth / MiB).toFixed(1);
		console.log(`200 MiB via storeBinary + getBinaryStream: peak RSS growth ${growthMiB} MiB`);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ via: 'stream', bytesRead: size, sha256: expectedSha });
		expect(growth).toBeLessThan(64 * MiB);
	});
});

/** Writes `size` random bytes in 1 MiB chunks (never all in memory) and returns their SHA-256. */
async function writeRandomFile(filePath: string, size: number): Promise<string> {
	const hash = createHash('sha256');
	const out = createWriteStream(filePath);
	for (let written = 0; written < size; written += MiB) {
		const chunk = randomFillSync(Buffer.allocUnsafe(Math.min(MiB, size - written)));
		hash.update(chunk);
		if (!out.write(chunk)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
	return hash.digest('hex');
}

/** Samples the process's RSS every few milliseconds; `stop()` returns the peak growth in bytes. */
function startRssSampler(): { stop(): number } {
	const baseline = process.memoryUsage.rss();
	let peak = baseline;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 5);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, process.memoryUsage.rss());
			return peak - baseline;
		},
	};
}
