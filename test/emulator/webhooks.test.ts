import { once } from 'node:events';
import {
	createServer,
	type IncomingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	startEmulator,
	type ClaapEmulator,
	type EmulatorOptions,
	type WebhookPayload,
} from '../../scripts/lib/emulator/index';
import {
	DEFAULT_REDELIVERY_DELAYS_MS,
	DEFAULT_WEBHOOK_TIMEOUT_MS,
	resolveWebhookOptions,
} from '../../scripts/lib/emulator/webhooks';

const AUTHOR = 'jane.doe@acme.io';
const SECRET = 'whsec_emulator_test_secret';
const WAV = Buffer.concat([
	Buffer.from('RIFF'),
	Buffer.alloc(4),
	Buffer.from('WAVEfmt '),
	Buffer.alloc(32),
]);
const NOT_MEDIA = Buffer.from('This is a text file, not a recording.');

interface Received {
	headers: IncomingHttpHeaders;
	payload: WebhookPayload;
}

/**
 * A webhook receiver whose answer to each request the test decides: a status, or `'hang'` to
 * never answer (the sender's timeout must kick in).
 */
class Receiver {
	readonly received: Received[] = [];
	answer: (request: number) => number | 'hang' = () => 200;
	private readonly server: Server;
	private readonly hanging: ServerResponse[] = [];

	constructor() {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.received.push({
					headers: req.headers,
					payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
				});
				const answer = this.answer(this.received.length);
				if (answer === 'hang') {
					this.hanging.push(res);
					return;
				}
				res.writeHead(answer, { 'Content-Type': 'application/json' }).end('{}');
			});
		});
	}

	async listen(): Promise<string> {
		this.server.listen(0, '127.0.0.1');
		await once(this.server, 'listening');
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
	}

	async close(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

let receiver: Receiver;
let emulator: ClaapEmulator;

async function start(
	webhook: Partial<NonNullable<EmulatorOptions['webhook']>> = {},
	options: EmulatorOptions = {},
) {
	const url = await receiver.listen();
	emulator = await startEmulator({
		rateLimit: false,
		processingDelayMs: 5,
		webhook: {
			url,
			secret: SECRET,
			webhookId: 'whk_test',
			redeliveryDelaysMs: [0, 20, 40],
			timeoutMs: 500,
			...webhook,
		},
		...options,
	});
	return url;
}

/** The parts of Claap's answers these tests read. */
interface ApiJson {
	result: {
		recording: { id: string; labels: string[]; upload: { url: string } };
		recordings: Array<{ id: string }>;
	};
}

async function api(
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: ApiJson }> {
	const response = await fetch(`${emulator.url}${path}`, {
		method,
		headers: {
			'X-Claap-Key': emulator.apiKey,
			...(body !== undefined && { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as ApiJson };
}

/** Creates a recording and uploads media; it gets Ready (or Failed for unusable bytes). */
async function createUploaded(
	title: string,
	media: Buffer = WAV,
	channelId?: string,
): Promise<string> {
	const created = await api('POST', '/v1/recordings', {
		authorEmail: AUTHOR,
		title,
		...(channelId && { channelId }),
	});
	const { id, upload } = created.json.result.recording;
	const put = await fetch(upload.url, {
		method: 'PUT',
		headers: { 'Content-Type': 'audio/wav' },
		body: media,
	});
	expect(put.status).toBe(200);
	return id;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 3000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await sleep(5);
	}
}

beforeEach(() => {
	receiver = new Receiver();
});

afterEach(async () => {
	await emulator?.close();
	await receiver.close();
});

describe('webhook options', () => {
	it('defaults to the documented redeliveries (at once, 1 min, 5 min) and a 5 s timeout', () => {
		const resolved = resolveWebhookOptions({ url: 'http://127.0.0.1:5678/webhook', secret: 's' });
		expect(DEFAULT_REDELIVERY_DELAYS_MS).toEqual([0, 60_000, 300_000]);
		expect(resolved.redeliveryDelaysMs).toEqual([0, 60_000, 300_000]);
		expect(resolved.timeoutMs).toBe(DEFAULT_WEBHOOK_TIMEOUT_MS);
		expect(DEFAULT_WEBHOOK_TIMEOUT_MS).toBe(5000);
		expect(resolved.webhookId).toMatch(/^whk_[0-9a-f]{16}$/);
	});

	it.each([
		['https://hooks.example.com/claap', 'must point at this machine'],
		['http://10.0.0.5/claap', 'must point at this machine'],
		['ftp://127.0.0.1/claap', 'must be http or https'],
		['not a url', 'is not a URL'],
	])('refuses to deliver to %s', async (url, message) => {
		await expect(startEmulator({ webhook: { url, secret: SECRET } })).rejects.toThrow(message);
	});

	it('accepts localhost and [::1] receivers, and needs a secret', () => {
		expect(resolveWebhookOptions({ url: 'http://localhost:1/x', secret: 's' }).url.hostname).toBe(
			'localhost',
		);
		expect(resolveWebhookOptions({ url: 'http://[::1]:1/x', secret: 's' }).url.hostname).toBe(
			'[::1]',
		);
		expect(() => resolveWebhookOptions({ url: 'http://127.0.0.1:1/x', secret: '' })).toThrow(
			'webhook.secret',
		);
	});
});

describe('recording_added', () => {
	it('is POSTed once a recording becomes Ready, with the webhook id, the secret and the full recording', async () => {
		await start();
		const id = await createUploaded('Weekly sync');
		await waitFor(() => receiver.received.length === 1, 'one delivery');
		await emulator.webhooksSettled();

		const [{ headers, payload }] = receiver.received;
		expect(headers['content-type']).toBe('application/json');
		expect(headers['x-claap-webhook-id']).toBe('whk_test');
		expect(headers['x-claap-webhook-secret']).toBe(SECRET);
		expect(payload.eventId).toMatch(/^evt_[0-9a-f]{24}$/);
		expect(payload.event.type).toBe('recording_added');
		expect(payload.event.recording).toMatchObject({
			id,
			title: 'Weekly sync',
			state: 'Ready',
			labels: [],
		});
		expect(payload.event.recording.createdAt).toEqual(expect.any(String));

		expect(emulator.webhookDeliveries()).toEqual([
			{
				eventId: payload.eventId,
				type: 'recording_added',
				recordingId: id,
				payload,
				attempts: [{ at: expect.any(Number), status: 200, durationMs: expect.any(Number) }],
				state: 'delivered',
			},
		]);
	});

	it('is not sent for a recording that fails processing, nor while it is only uploaded', async () => {
		await start({}, { processingDelayMs: 100 });
		const id = await createUploaded('Broken', NOT_MEDIA);
		expect(emulator.getRecording(id)?.state).toBe('Uploaded');
		await waitFor(() => emulator.getRecording(id)?.state === 'Failed', 'Failed');
		await sleep(20);
		expect(receiver.received).toHaveLength(0);
		expect(emulator.webhookDeliveries()).toEqual([]);
	});

	it('is not sent without a configured webhook; setWebhook turns deliveries on and off', async () => {
		const url = await receiver.listen();
		emulator = await startEmulator({ rateLimit: false, processingDelayMs: 5 });
		expect(emulator.webhookId).toBeUndefined();
		const silent = await createUploaded('Before');
		await waitFor(() => emulator.getRecording(silent)?.state === 'Ready', 'Ready');

		emulator.setWebhook({ url, secret: SECRET, webhookId: 'whk_later' });
		expect(emulator.webhookId).toBe('whk_later');
		const announced = await createUploaded('After');
		await waitFor(() => receiver.received.length === 1, 'one delivery');
		expect(receiver.received[0].payload.event.recording.id).toBe(announced);

		emulator.setWebhook(undefined);
		const silentAgain = await createUploaded('Off again');
		await waitFor(() => emulator.getRecording(silentAgain)?.state === 'Ready', 'Ready');
		await sleep(20);
		expect(receiver.received).toHaveLength(1);
	});
});

describe('recording_updated and labels', () => {
	it('sends recording_updated when labels or the folder change, and the API reflects the change', async () => {
		await start();
		const id = await createUploaded('Discovery call', WAV, 'ch_sales');
		await waitFor(() => receiver.received.length === 1, 'recording_added');

		const updated = emulator.updateRecording(id, { labels: ['won', 'q3'] });
		expect(updated.labels).toEqual(['won', 'q3']);
		await waitFor(() => receiver.received.length === 2, 'recording_updated');
		expect(receiver.received[1].payload.event).toMatchObject({
			type: 'recording_updated',
			recording: { id, labels: ['won', 'q3'], channel: { id: 'ch_sales' } },
		});
		expect(receiver.received[1].payload.eventId).not.toBe(receiver.received[0].payload.eventId);

		emulator.updateRecording(id, { channelId: 'ch_archive' });
		await waitFor(() => receiver.received.length === 3, 'second recording_updated');
		expect(receiver.received[2].payload.event.recording).toMatchObject({
			channel: { id: 'ch_archive' },
			labels: ['won', 'q3'],
		});
		expect(emulator.getRecording(id)).toMatchObject({
			channelId: 'ch_archive',
			labels: ['won', 'q3'],
		});

		const ids = async (query: string) =>
			(await api('GET', `/v1/recordings?${query}`)).json.result.recordings.map(
				(recording) => recording.id,
			);
		expect(await ids('channelId=ch_archive')).toEqual([id]);
		expect(await ids('channelId=ch_sales')).toEqual([]);
		expect(await ids('channelId=ch_archive&labels=lost,won')).toEqual([id]);
		expect(await ids('channelId=ch_archive&labels=lost')).toEqual([]);
		expect((await api('GET', `/v1/recordings/${id}`)).json.result.recording.labels).toEqual([
			'won',
			'q3',
		]);
	});

	it('refuses unknown recordings and malformed changes', async () => {
		await start();
		expect(() => emulator.updateRecording('rec_missing', { labels: ['x'] })).toThrow(
			'No recording rec_missing',
		);
		const id = await createUploaded('Any');
		expect(() => emulator.updateRecording(id, { labels: [''] })).toThrow('labels');
		expect(() => emulator.updateRecording(id, { channelId: '' })).toThrow('channelId');
	});
});

describe('redelivery', () => {
	it('redelivers the same eventId and body until the receiver answers 200', async () => {
		await start();
		receiver.answer = (request) => (request < 3 ? 500 : 200);
		const id = await createUploaded('Retried');
		await waitFor(() => receiver.received.length === 3, 'three attempts');
		await emulator.webhooksSettled();

		const bodies = receiver.received.map((entry) => entry.payload);
		expect(new Set(bodies.map((body) => body.eventId)).size).toBe(1);
		expect(bodies[1]).toEqual(bodies[0]);
		expect(bodies[2]).toEqual(bodies[0]);
		const [delivery] = emulator.webhookDeliveries();
		expect(delivery).toMatchObject({ recordingId: id, state: 'delivered' });
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
		// The second attempt follows at once, the third after the second delay (20 ms).
		expect(delivery.attempts[2].at - delivery.attempts[1].at).toBeGreaterThanOrEqual(20);
	});

	it('counts an answer that does not come within the timeout as failed', async () => {
		await start({ timeoutMs: 100 });
		receiver.answer = (request) => (request === 1 ? 'hang' : 200);
		await createUploaded('Slow receiver');
		await waitFor(() => receiver.received.length === 2, 'a redelivery');
		await emulator.webhooksSettled();
		const [delivery] = emulator.webhookDeliveries();
		expect(delivery.attempts).toEqual([
			{ at: expect.any(Number), error: 'timeout', durationMs: expect.any(Number) },
			{ at: expect.any(Number), status: 200, durationMs: expect.any(Number) },
		]);
		expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(95);
		expect(delivery.state).toBe('delivered');
	});

	it('counts a 2xx other than 200 as failed, and drops the event after the last redelivery', async () => {
		await start();
		receiver.answer = () => 204;
		await createUploaded('Never acknowledged');
		await waitFor(() => receiver.received.length === 4, 'four attempts');
		await emulator.webhooksSettled();
		const [delivery] = emulator.webhookDeliveries();
		expect(delivery.state).toBe('dropped');
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([204, 204, 204, 204]);
		await sleep(60);
		expect(receiver.received).toHaveLength(4);
	});

	it('reports a receiver that is down as a network error', async () => {
		const url = await receiver.listen();
		await receiver.close();
		emulator = await startEmulator({
			rateLimit: false,
			processingDelayMs: 5,
			webhook: { url, secret: SECRET, redeliveryDelaysMs: [] },
		});
		receiver = new Receiver();
		await createUploaded('Nobody listening');
		await waitFor(() => emulator.webhookDeliveries()[0]?.state === 'dropped', 'a dropped delivery');
		expect(emulator.webhookDeliveries()[0].attempts[0].error).toMatch(/ECONNREFUSED/);
	});

	it('forgets deliveries on reset, stopping pending redeliveries', async () => {
		await start({ redeliveryDelaysMs: [10_000] });
		receiver.answer = () => 503;
		await createUploaded('Pending');
		await waitFor(() => emulator.webhookDeliveries()[0]?.attempts.length === 1, 'first attempt');
		expect(emulator.webhookDeliveries()[0].state).toBe('pending');
		emulator.reset();
		await emulator.webhooksSettled();
		expect(emulator.webhookDeliveries()).toEqual([]);
	});
});
