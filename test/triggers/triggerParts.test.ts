import { validateNodeDescription } from 'n8n-core/dist/nodes-loader/validate-node-description';
import type { IDataObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ClaapWebhookApi } from '../../credentials/ClaapWebhookApi.credentials';
import { ClaapPollingTrigger } from '../../nodes/Claap/ClaapPollingTrigger.node';
import { ClaapTrigger } from '../../nodes/Claap/ClaapTrigger.node';
import { simplifyRecording } from '../../nodes/Claap/helpers/simplify';
import { deliveryRefusal, secretsMatch } from '../../nodes/Claap/triggers/webhookAuth';
import {
	CLAIM_MS,
	claimEvent,
	parseWebhookEvent,
	rememberEvent,
	REMEMBERED_EVENT_IDS,
} from '../../nodes/Claap/triggers/webhookEvent';
import packageJson from '../../package.json';
import { HarnessNodeTypes } from '../harness/node-types';

describe('secretsMatch', () => {
	it('matches equal strings only, whatever their lengths', () => {
		expect(secretsMatch('s3cret-value', 's3cret-value')).toBe(true);
		expect(secretsMatch('s3cret-value', 's3cret-valuE')).toBe(false);
		expect(secretsMatch('s3cret', 's3cret-value')).toBe(false);
		expect(secretsMatch('', 's3cret-value')).toBe(false);
		expect(secretsMatch('clé-é', 'clé-é')).toBe(true);
		expect(secretsMatch('x'.repeat(10_000), 'x')).toBe(false);
	});
});

describe('deliveryRefusal', () => {
	const credential = { secret: 'whsec_0123456789abcdef', webhookId: '' };

	it('accepts the secret, and the webhook ID only when the credential names one', () => {
		expect(
			deliveryRefusal({ 'x-claap-webhook-secret': credential.secret }, credential),
		).toBeUndefined();
		expect(
			deliveryRefusal(
				{ 'x-claap-webhook-secret': credential.secret, 'x-claap-webhook-id': ' whk_1 ' },
				{ ...credential, webhookId: 'whk_1' },
			),
		).toBeUndefined();
	});

	it('refuses a header sent twice', () => {
		expect(
			deliveryRefusal(
				{ 'x-claap-webhook-secret': [credential.secret, credential.secret] },
				credential,
			),
		).toContain('Missing');
	});
});

describe('parseWebhookEvent', () => {
	it("reads Claap's body, passing the recording through", () => {
		const recording = { id: 'rec_1', extra: { nested: true } };
		expect(
			parseWebhookEvent({ eventId: 'evt_1', event: { type: 'recording_added', recording } }),
		).toEqual({
			eventId: 'evt_1',
			type: 'recording_added',
			recording,
		});
		expect(
			parseWebhookEvent({ eventId: 'evt_1', event: { type: 'recording_added' } })?.recording,
		).toEqual({});
	});

	it.each([
		null,
		[],
		'text',
		{},
		{ eventId: '', event: { type: 'x' } },
		{ eventId: 'e', event: [] },
		{ eventId: 'e', event: { type: '' } },
		{ eventId: 7, event: { type: 'x' } },
	])('refuses %j', (body) => {
		expect(parseWebhookEvent(body)).toBeUndefined();
	});
});

describe('rememberEvent', () => {
	it(`remembers the last ${REMEMBERED_EVENT_IDS} event IDs, reassigning the list so that n8n saves it`, () => {
		const staticData: IDataObject = {};
		for (let index = 0; index < REMEMBERED_EVENT_IDS + 10; index++)
			expect(rememberEvent(staticData, `evt_${index}`)).toBe(true);
		const list = staticData.eventIds as string[];
		expect(list).toHaveLength(REMEMBERED_EVENT_IDS);
		expect(list[0]).toBe('evt_10');
		expect(rememberEvent(staticData, 'evt_10')).toBe(false);
		expect(staticData.eventIds).toBe(list);
		// The oldest were forgotten: a very late redelivery of one would start the workflow again.
		expect(rememberEvent(staticData, 'evt_0')).toBe(true);
		expect(staticData.eventIds).not.toBe(list);
	});
});

describe('simplifyRecording', () => {
	it('keeps the everyday fields, flattened, and leaves out what a thin recording lacks', () => {
		const full = {
			id: 'rec_1',
			title: 'Demo',
			state: 'Ready',
			createdAt: '2026-11-20T10:00:00.000Z',
			url: 'https://app.claap.io/ws/c-rec_1',
			durationSeconds: 1800,
			source: 'Zoom',
			labels: ['won'],
			recorder: { id: 'usr_1', name: 'Ada', email: 'ada@acme.io', attended: true },
			channel: { id: 'ch_1', name: 'Sales' },
			meeting: {
				startingAt: '2026-11-20T09:00:00.000Z',
				endingAt: '2026-11-20T09:30:00.000Z',
				type: 'external',
				participants: [
					{ id: 'p1', name: 'Bob', email: 'bob@client.io', attended: true },
					{ id: 'p2', name: 'Eve' },
				],
			},
			transcripts: [{ langIso2: 'en', isActive: true }],
			video: { url: 'https://signed' },
			aiFields: [],
		};
		expect(simplifyRecording(full)).toEqual({
			id: 'rec_1',
			title: 'Demo',
			state: 'Ready',
			createdAt: '2026-11-20T10:00:00.000Z',
			url: 'https://app.claap.io/ws/c-rec_1',
			durationSeconds: 1800,
			source: 'Zoom',
			labels: ['won'],
			recorderName: 'Ada',
			recorderEmail: 'ada@acme.io',
			folderId: 'ch_1',
			folderName: 'Sales',
			meetingStartingAt: '2026-11-20T09:00:00.000Z',
			meetingEndingAt: '2026-11-20T09:30:00.000Z',
			meetingType: 'external',
			participants: [{ name: 'Bob', email: 'bob@client.io' }, { name: 'Eve' }],
			transcriptLanguages: ['en'],
		});
		expect(
			simplifyRecording({ id: 'rec_2', title: 'New', state: 'Empty', recorder: { name: 'Ada' } }),
		).toEqual({
			id: 'rec_2',
			title: 'New',
			state: 'Empty',
			recorderName: 'Ada',
		});
	});
});

describe('trigger node descriptions', () => {
	const webhookTrigger = new ClaapTrigger().description;
	const pollingTrigger = new ClaapPollingTrigger().description;

	it("pass n8n's own description checks and are registered in package.json", () => {
		expect(() => validateNodeDescription(webhookTrigger)).not.toThrow();
		expect(() => validateNodeDescription(pollingTrigger)).not.toThrow();
		expect(packageJson.n8n.nodes).toEqual(
			expect.arrayContaining([
				'dist/nodes/Claap/ClaapTrigger.node.js',
				'dist/nodes/Claap/ClaapPollingTrigger.node.js',
			]),
		);
		expect(packageJson.n8n.credentials).toContain(
			'dist/credentials/ClaapWebhookApi.credentials.js',
		);
	});

	it('are triggers: no inputs, not usable as AI tools', () => {
		for (const description of [webhookTrigger, pollingTrigger]) {
			expect(description.group).toEqual(['trigger']);
			expect(description.inputs).toEqual([]);
			expect(description.usableAsTool).toBeUndefined();
		}
		expect(pollingTrigger.polling).toBe(true);
		expect(webhookTrigger.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		]);
	});

	it('use the webhook credential, tested by the node', () => {
		expect(webhookTrigger.credentials).toEqual([
			{ name: 'claapWebhookApi', required: true, testedBy: 'claapWebhookCredentialTest' },
		]);
		const credential = new ClaapWebhookApi();
		expect(credential.name).toBe('claapWebhookApi');
		expect(
			credential.properties.find((property) => property.name === 'secret')?.typeOptions?.password,
		).toBe(true);
	});
});

describe('claimEvent', () => {
	const minutes = (count: number) => count * 60_000;
	// The claims live for the whole process: each test uses trigger keys of its own.
	const start = Date.UTC(2026, 10, 24);

	it("lets one call per trigger and event through across Claap's whole redelivery schedule", () => {
		expect(claimEvent('wf1/node1/webhook', 'evt_1', start)).toBe(true);
		// Claap redelivers at once, after 1 minute and after 5 minutes: all held back.
		for (const at of [0, 5_000, minutes(1), minutes(5), minutes(6)]) {
			expect(claimEvent('wf1/node1/webhook', 'evt_1', start + at)).toBe(false);
		}
		// Another event, another trigger, or the same trigger in test mode: each claims its own.
		expect(claimEvent('wf1/node1/webhook', 'evt_2', start + 29_999)).toBe(true);
		expect(claimEvent('wf2/node1/webhook', 'evt_1', start + 29_999)).toBe(true);
		expect(claimEvent('wf1/node1/manual', 'evt_1', start + 29_999)).toBe(true);
		// After the schedule, the claim lapses (Claap sends no more; memory stays bounded).
		expect(claimEvent('wf1/node1/webhook', 'evt_1', start + CLAIM_MS)).toBe(true);
	});

	it('holds at most 10,000 claims, forgetting the oldest first', () => {
		const later = start + minutes(60);
		for (let index = 0; index < 10_000; index++)
			expect(claimEvent('wf3/node1/webhook', `evt_${index}`, later)).toBe(true);
		expect(claimEvent('wf3/node1/webhook', 'evt_9999', later)).toBe(false);
		expect(claimEvent('wf3/node1/webhook', 'evt_10000', later)).toBe(true);
		expect(claimEvent('wf3/node1/webhook', 'evt_0', later)).toBe(true);
		expect(claimEvent('wf3/node1/webhook', 'evt_9999', later)).toBe(false);
	});

	it('does not confuse keys that only differ in where the separator falls', () => {
		expect(claimEvent('wf4/a', 'b/c', start)).toBe(true);
		expect(claimEvent('wf4/a/b', 'c', start)).toBe(true);
	});
});

describe('Claap Trigger subtitle', () => {
	const subtitleFor = (events: string[]) => {
		const nodeTypes = new HarnessNodeTypes();
		const trigger = new ClaapTrigger();
		const node: INode = {
			id: '1',
			name: 'Claap Trigger',
			type: 'n8n-nodes-claap.claapTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { events },
		};
		nodeTypes.add(node.type, trigger);
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(
			node,
			trigger.description.subtitle as string,
			'internal',
			{},
		);
	};

	it("names the events as people read them, short enough for the canvas, not by Claap's values", () => {
		expect(subtitleFor(['recording_updated', 'recording_added'])).toBe(
			'Recording added or updated',
		);
		expect(subtitleFor(['recording_added'])).toBe('Recording added');
		expect(subtitleFor(['recording_updated'])).toBe('Recording updated');
		expect(subtitleFor([])).toBe('');
	});
});
