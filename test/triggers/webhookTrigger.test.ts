import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	INodeParameters,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ClaapWebhookApi } from '../../credentials/ClaapWebhookApi.credentials';
import { ClaapTrigger } from '../../nodes/Claap/ClaapTrigger.node';
import { startEmulator, type ClaapEmulator } from '../../scripts/lib/emulator';
import { startWebhookTrigger, type WebhookTrigger } from '../harness/triggers';
import { createReadyRecordings, createRecording } from './claapFixtures';

const SECRET = 'whsec_3f7b9c2e8a1d4f6b0c5e';
const WEBHOOK_ID = 'whk_acme_main';

let claap: ClaapEmulator;
let trigger: WebhookTrigger | undefined;
let proxy: Server | undefined;

beforeAll(async () => {
	claap = await startEmulator({ rateLimit: false, processingDelayMs: 2 });
});

afterEach(async () => {
	claap.setWebhook(undefined);
	claap.reset();
	await trigger?.close();
	trigger = undefined;
	if (proxy) {
		proxy.closeAllConnections();
		await new Promise((resolve) => proxy!.close(resolve));
		proxy = undefined;
	}
});

afterAll(async () => {
	await claap.close();
});

async function startTrigger(
	parameters: INodeParameters = {},
	credential: ICredentialDataDecryptedObject = { secret: SECRET, webhookId: WEBHOOK_ID },
	mode: 'webhook' | 'manual' = 'webhook',
): Promise<WebhookTrigger> {
	trigger = await startWebhookTrigger({
		nodeType: new ClaapTrigger(),
		credentialTypes: [new ClaapWebhookApi()],
		credentials: { claapWebhookApi: credential },
		parameters,
		mode,
	});
	return trigger;
}

/** Points the emulator's webhook at the trigger, with short redelivery delays. */
function deliverTo(url: string, overrides: { secret?: string; webhookId?: string } = {}): void {
	claap.setWebhook({
		url,
		secret: overrides.secret ?? SECRET,
		webhookId: overrides.webhookId ?? WEBHOOK_ID,
		redeliveryDelaysMs: [0, 20, 40],
		timeoutMs: 2000,
	});
}

/** A delivery sent by hand, to try what Claap itself would never send. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, body: await response.text() };
}

const AUTH = { 'X-Claap-Webhook-Secret': SECRET, 'X-Claap-Webhook-Id': WEBHOOK_ID };

function event(
	eventId: string,
	type = 'recording_added',
	recording: object = { id: 'rec_1', title: 'Weekly', state: 'Ready' },
) {
	return { eventId, event: { type, recording } };
}

describe('Claap Trigger: accepting events', () => {
	it('starts the workflow with the event when Claap announces a Ready recording, answering 200 at once', async () => {
		const { url } = await startTrigger();
		deliverTo(url);
		const [id] = await createReadyRecordings(claap, ['Quarterly review']);
		const [call] = await trigger!.waitForCalls(1);
		await claap.webhooksSettled();

		expect(call.status).toBe(200);
		// A deliberate small JSON, not n8n's default "firstEntryJson" text.
		expect(JSON.parse(call.responseBody)).toEqual({ received: true, started: true });
		const [delivery] = claap.webhookDeliveries();
		expect(delivery).toMatchObject({ type: 'recording_added', state: 'delivered' });
		expect(delivery.attempts).toHaveLength(1);

		const items = call.run?.data.resultData.runData['Claap Trigger'][0].data?.main[0];
		expect(call.run?.status).toBe('success');
		expect(items).toHaveLength(1);
		expect(items?.[0].json).toEqual({
			eventId: delivery.eventId,
			type: 'recording_added',
			recording: delivery.payload.event.recording,
		});
		expect(items?.[0].json.recording).toMatchObject({
			id,
			title: 'Quarterly review',
			state: 'Ready',
		});
	});

	it('outputs a simplified recording on request', async () => {
		const { url } = await startTrigger({ options: { simplify: true } });
		deliverTo(url);
		const [id] = await createReadyRecordings(claap, ['Simplified'], 'ch_sales');
		const [call] = await trigger!.waitForCalls(1);
		expect(call.workflowData?.[0][0].json).toEqual({
			eventId: expect.any(String),
			type: 'recording_added',
			recording: expect.objectContaining({
				id,
				title: 'Simplified',
				folderId: 'ch_sales',
				state: 'Ready',
			}),
		});
		expect(call.workflowData?.[0][0].json.recording).not.toHaveProperty('video');
	});

	it('accepts any webhook ID when the credential names none', async () => {
		const { url } = await startTrigger({}, { secret: SECRET });
		const answer = await post(url, event('evt_any_id'), {
			'X-Claap-Webhook-Secret': SECRET,
			'X-Claap-Webhook-Id': 'whk_other',
		});
		expect(answer.status).toBe(200);
		expect(trigger!.calls[0].workflowData).toBeDefined();
	});

	it('works on the test URL (manual mode) too', async () => {
		const { url } = await startTrigger({}, undefined, 'manual');
		expect(url).toContain('/webhook-test/');
		const answer = await post(url, event('evt_manual'), AUTH);
		expect(answer.status).toBe(200);
		expect(trigger!.calls[0].run?.status).toBe('success');
	});
});

describe('Claap Trigger: refusing deliveries', () => {
	it.each([
		['no secret', { 'X-Claap-Webhook-Id': WEBHOOK_ID }, 'Missing X-Claap-Webhook-Secret header'],
		[
			'a wrong secret',
			{ 'X-Claap-Webhook-Secret': `${SECRET}x`, 'X-Claap-Webhook-Id': WEBHOOK_ID },
			'Wrong X-Claap-Webhook-Secret',
		],
		[
			'an empty secret',
			{ 'X-Claap-Webhook-Secret': '', 'X-Claap-Webhook-Id': WEBHOOK_ID },
			'Wrong X-Claap-Webhook-Secret',
		],
		[
			'a wrong webhook ID',
			{ 'X-Claap-Webhook-Secret': SECRET, 'X-Claap-Webhook-Id': 'whk_other' },
			'does not match',
		],
		['no webhook ID', { 'X-Claap-Webhook-Secret': SECRET }, 'does not match'],
	])('answers 401 and starts nothing for %s', async (_, headers, message) => {
		const { url } = await startTrigger();
		const answer = await post(url, event('evt_refused'), headers);
		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body).message).toContain(message);
		const [call] = await trigger!.waitForCalls(1);
		expect(call.workflowData).toBeUndefined();
		expect(call.run).toBeUndefined();
		// A refused delivery is not remembered: the genuine one still gets through.
		expect(trigger!.savedNodeStaticData()).toEqual({});
	});

	it('lets Claap retry and drop events sent with another secret, without ever starting the workflow', async () => {
		const { url } = await startTrigger();
		deliverTo(url, { secret: 'whsec_some_other_workspace_secret' });
		await createReadyRecordings(claap, ['Not for us']);
		await sleep(10);
		await claap.webhooksSettled();
		const [delivery] = claap.webhookDeliveries();
		expect(delivery.state).toBe('dropped');
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);
		expect(trigger!.calls.every((call) => call.run === undefined)).toBe(true);
	});

	it('answers 400 to a body that is not a Claap event, after checking the secret', async () => {
		const { url } = await startTrigger();
		expect((await post(url, { hello: 'world' }, AUTH)).status).toBe(400);
		expect((await post(url, { eventId: 'evt_1', event: { recording: {} } }, AUTH)).status).toBe(
			400,
		);
		expect((await post(url, '{"eventId": ', AUTH)).status).toBe(400);
		expect((await post(url, { hello: 'world' })).status).toBe(401);
		expect(trigger!.calls.every((call) => call.run === undefined)).toBe(true);
	});
});

describe('Claap Trigger: event filter', () => {
	it('acknowledges events that are not picked, without starting the workflow', async () => {
		const { url } = await startTrigger({ events: ['recording_updated'] });
		deliverTo(url);
		const [id] = await createReadyRecordings(claap, ['Filtered']);
		const [added] = await trigger!.waitForCalls(1);
		expect(added.status).toBe(200);
		expect(added.run).toBeUndefined();

		claap.updateRecording(id, { labels: ['won'] });
		const [, updated] = await trigger!.waitForCalls(2);
		await claap.webhooksSettled();
		expect(updated.workflowData?.[0][0].json).toMatchObject({
			type: 'recording_updated',
			recording: { id, labels: ['won'] },
		});
		expect(
			claap
				.webhookDeliveries()
				.map((delivery) => [delivery.type, delivery.state, delivery.attempts.length]),
		).toEqual([
			['recording_added', 'delivered', 1],
			['recording_updated', 'delivered', 1],
		]);
	});

	it('passes both events by default', async () => {
		const { url } = await startTrigger();
		deliverTo(url);
		const [id] = await createReadyRecordings(claap, ['Both']);
		await trigger!.waitForCalls(1);
		claap.updateRecording(id, { channelId: 'ch_archive' });
		const calls = await trigger!.waitForCalls(2);
		expect(calls.map((call) => call.workflowData?.[0][0].json.type)).toEqual([
			'recording_added',
			'recording_updated',
		]);
	});
});

describe('Claap Trigger: redeliveries', () => {
	it('starts the workflow once when Claap redelivers an event whose 200 it did not get', async () => {
		const { url } = await startTrigger();
		// Between Claap and n8n: the first answer is lost on the way back, as on a flaky network.
		let forwarded = 0;
		proxy = createServer(async (req, res) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
			const answer = await fetch(url, {
				method: 'POST',
				headers: Object.fromEntries(
					Object.entries(req.headers).filter(
						([name]) => name.startsWith('x-claap') || name === 'content-type',
					),
				) as Record<string, string>,
				body: Buffer.concat(chunks),
			});
			forwarded += 1;
			res.writeHead(forwarded === 1 ? 502 : answer.status).end(await answer.text());
		});
		proxy.listen(0, '127.0.0.1');
		await once(proxy, 'listening');
		deliverTo(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/claap`);

		await createReadyRecordings(claap, ['Delivered twice']);
		const calls = await trigger!.waitForCalls(2);
		await claap.webhooksSettled();

		const [delivery] = claap.webhookDeliveries();
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([502, 200]);
		expect(calls.map((call) => call.status)).toEqual([200, 200]);
		expect(calls[0].run?.status).toBe('success');
		expect(calls[1].run).toBeUndefined();
		expect(JSON.parse(calls[1].responseBody)).toEqual({
			received: true,
			started: false,
			duplicate: true,
		});
		expect(trigger!.savedNodeStaticData()).toEqual({ eventIds: [delivery.eventId] });
	});

	it('starts the workflow once when two deliveries of one event arrive together', async () => {
		// n8n loads the static data afresh for each call and saves it once the call is answered:
		// both calls below read it before either has saved.
		let loaded = 0;
		let releaseCalls = () => {};
		const bothLoaded = new Promise<void>((resolve) => (releaseCalls = resolve));
		trigger = await startWebhookTrigger({
			nodeType: new ClaapTrigger(),
			credentialTypes: [new ClaapWebhookApi()],
			credentials: { claapWebhookApi: { secret: SECRET, webhookId: WEBHOOK_ID } },
			parameters: {},
			afterLoad: async () => {
				if (++loaded === 2) releaseCalls();
				await bothLoaded;
			},
		});
		const { url } = trigger;
		const answers = await Promise.all([
			post(url, event('evt_twice'), AUTH),
			post(url, event('evt_twice'), AUTH),
		]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		await trigger!.waitForCalls(2);
		expect(trigger!.calls.filter((call) => call.run !== undefined)).toHaveLength(1);
		expect(answers.map((answer) => JSON.parse(answer.body) as object)).toContainEqual({
			received: true,
			started: false,
			duplicate: true,
		});
	});

	it('knows the events of the static data saved before a restart', async () => {
		trigger = await startWebhookTrigger({
			nodeType: new ClaapTrigger(),
			credentialTypes: [new ClaapWebhookApi()],
			credentials: { claapWebhookApi: { secret: SECRET, webhookId: WEBHOOK_ID } },
			parameters: {},
			staticData: { 'node:Claap Trigger': { eventIds: ['evt_before'] } },
		});
		await post(trigger.url, event('evt_before'), AUTH);
		await post(trigger.url, event('evt_after'), AUTH);
		expect(trigger.calls.map((call) => call.run !== undefined)).toEqual([false, true]);
	});

	it('remembers event IDs across calls in the static data n8n saves', async () => {
		const { url } = await startTrigger();
		for (const id of ['evt_a', 'evt_b', 'evt_a', 'evt_c', 'evt_b'])
			await post(url, event(id), AUTH);
		expect(trigger!.calls.map((call) => call.run !== undefined)).toEqual([
			true,
			true,
			false,
			true,
			false,
		]);
		expect(trigger!.savedNodeStaticData()).toEqual({ eventIds: ['evt_a', 'evt_b', 'evt_c'] });
	});
});

describe('Claap Trigger: activation', () => {
	it('registers nothing at Claap: checkExists answers false, create checks the credential, delete does nothing', async () => {
		await startTrigger();
		const before = claap.requests.length;
		await trigger!.activate();
		expect(await trigger!.deactivate()).toBe(true);
		expect(trigger!.lifecycle).toEqual([
			{ method: 'checkExists', result: false },
			{ method: 'create', result: true },
			{ method: 'delete', result: true },
		]);
		expect(claap.requests.length).toBe(before);
	});

	it('fails to activate when the credential has no secret', async () => {
		await startTrigger({}, { secret: '' });
		await expect(trigger!.activate()).rejects.toThrow(NodeOperationError);
		await expect(trigger!.activate()).rejects.toThrow(
			'The Claap Webhook credential has no Webhook Secret',
		);
	});

	it('refuses every delivery when the credential has no secret, rather than accepting any', async () => {
		const { url } = await startTrigger({}, { secret: '' });
		const answer = await post(url, event('evt_no_secret'), { 'X-Claap-Webhook-Secret': '' });
		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body).message).toContain('no Webhook Secret');
	});
});

describe('Claap Webhook credential test', () => {
	/** The function n8n's credentials tester finds: the node's `testedBy`, in `methods.credentialTest`. */
	function credentialTest(): ICredentialTestFunction {
		const node = new ClaapTrigger();
		const testedBy = node.description.credentials?.find(
			(credential) => credential.name === 'claapWebhookApi',
		)?.testedBy;
		expect(typeof testedBy).toBe('string');
		return node.methods.credentialTest[testedBy as keyof typeof node.methods.credentialTest];
	}

	async function test(data: ICredentialDataDecryptedObject) {
		return await credentialTest().call(new CredentialTestContext(), {
			id: '1',
			name: 'Claap Webhook',
			type: 'claapWebhookApi',
			data,
		});
	}

	it('passes a usable secret, saying that Claap cannot confirm it', async () => {
		expect(await test({ secret: SECRET, webhookId: WEBHOOK_ID })).toEqual({
			status: 'OK',
			message: expect.stringContaining('Claap cannot be asked to confirm it'),
		});
		expect((await test({ secret: SECRET })).status).toBe('OK');
	});

	it.each([
		[{ secret: '' }, 'has no Webhook Secret'],
		[{}, 'has no Webhook Secret'],
		[{ secret: ` ${SECRET}` }, 'starts or ends with spaces'],
		[{ secret: 'short' }, 'shorter than 16 characters'],
		[{ secret: SECRET, webhookId: 'whk acme' }, 'Webhook ID contains spaces'],
	])('flags %j', async (data, message) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	it('calls nothing: there is no Claap API behind it', async () => {
		const before = claap.requests.length;
		await test({ secret: SECRET });
		expect(claap.requests.length).toBe(before);
	});
});

describe('Claap Trigger: what Claap sends before a recording is Ready', () => {
	it('sends no event for a recording still waiting for its media', async () => {
		const { url } = await startTrigger();
		deliverTo(url);
		await createRecording(claap, { title: 'Never uploaded', upload: false });
		await sleep(30);
		expect(claap.webhookDeliveries()).toEqual([]);
		expect(trigger!.calls).toEqual([]);
	});
});
