import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ClaapApi } from '../../credentials/ClaapApi.credentials';
import { ClaapPollingTrigger } from '../../nodes/Claap/ClaapPollingTrigger.node';
import { startEmulator, type ClaapEmulator } from '../../scripts/lib/emulator';
import { createPollTrigger, type PollTrigger } from '../harness/triggers';
import {
	createReadyRecordings,
	createRecording,
	listCalls,
	titles,
	uploadMedia,
	waitForStates,
} from './claapFixtures';

let claap: ClaapEmulator;
const triggers: PollTrigger[] = [];

beforeAll(async () => {
	claap = await startEmulator({ rateLimit: false, processingDelayMs: 2, quotaPerAuthor: 10_000 });
});

afterEach(async () => {
	for (const trigger of triggers.splice(0)) await trigger.cleanup();
	claap.reset();
});

afterAll(async () => {
	await claap.close();
});

async function pollTrigger(parameters: INodeParameters = {}): Promise<PollTrigger> {
	const trigger = await createPollTrigger({
		nodeType: new ClaapPollingTrigger(),
		credentialTypes: [new ClaapApi()],
		credentials: { claapApi: { apiKey: claap.apiKey, baseUrl: claap.url } },
		parameters,
	});
	triggers.push(trigger);
	return trigger;
}

/** The recordings a poll emitted, as `id`s, in order; [] when it emitted nothing. */
function idsOf(emitted: INodeExecutionData[][] | null): string[] {
	return (emitted?.[0] ?? []).map((item) => item.json.id as string);
}

describe('Claap Polling Trigger: activation', () => {
	it('emits nothing for the recordings that exist when the workflow is activated', async () => {
		await createReadyRecordings(claap, titles('Old', 3));
		const trigger = await pollTrigger();
		expect(await trigger.activate()).toBeNull();
		expect(await trigger.poll()).toBeNull();

		const [fresh] = await createReadyRecordings(claap, ['Fresh']);
		expect(idsOf(await trigger.poll())).toEqual([fresh]);
	});

	it('records where Claap is in the static data n8n saves, and carries on from there after a restart', async () => {
		const [old] = await createReadyRecordings(claap, ['Before activation']);
		const trigger = await pollTrigger();
		await trigger.activate();
		const position = trigger.savedNodeStaticData().position as IDataObject;
		expect(position).toMatchObject({
			folderId: '',
			boundary: claap.getRecording(old)?.createdAt,
			handledIds: [old],
			waitingSince: {},
		});

		const [first] = await createReadyRecordings(claap, ['First']);
		expect(idsOf(await trigger.poll())).toEqual([first]);

		// n8n restarts: the workflow is activated again from what was saved.
		// A recording created meanwhile is emitted by the poll n8n runs on activation.
		const [second] = await createReadyRecordings(claap, ['Second']);
		expect(idsOf(await trigger.reactivate())).toEqual([second]);
		expect(await trigger.poll()).toBeNull();
	});

	it('starts from the first recording when the workspace has none yet', async () => {
		const trigger = await pollTrigger();
		expect(await trigger.activate()).toBeNull();
		expect(trigger.savedNodeStaticData().position).toEqual({
			folderId: '',
			handledIds: [],
			waitingSince: {},
		});
		const created = await createReadyRecordings(claap, ['A', 'B']);
		expect(idsOf(await trigger.poll())).toEqual(created);
	});

	it("fails the activation with Claap's answer when the key is refused", async () => {
		const trigger = await createPollTrigger({
			nodeType: new ClaapPollingTrigger(),
			credentialTypes: [new ClaapApi()],
			credentials: { claapApi: { apiKey: 'cla_wrong', baseUrl: claap.url } },
			parameters: {},
		});
		triggers.push(trigger);
		await expect(trigger.activate()).rejects.toMatchObject({ httpCode: '401' });
		expect(trigger.savedNodeStaticData()).toEqual({});
	});
});

describe('Claap Polling Trigger: new recordings', () => {
	it('pages through more than two pages of 100, emitting every recording once, oldest first', async () => {
		const trigger = await pollTrigger();
		await trigger.activate();
		const created = await createReadyRecordings(claap, titles('Bulk', 230));

		const before = claap.requests.length;
		const emitted = await trigger.poll();
		expect(idsOf(emitted)).toEqual(created);
		expect(emitted?.[0].map((item) => item.json.title)).toEqual(titles('Bulk', 230));

		const calls = listCalls(claap, before);
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => call.query.limit)).toEqual(['100', '100', '100']);
		expect(calls.map((call) => call.query.sort)).toEqual([
			'created_asc',
			'created_asc',
			'created_asc',
		]);
		expect(calls[0].query.cursor).toBeUndefined();
		expect(calls[1].query.cursor).toEqual(expect.any(String));
		expect(calls[2].query.cursor).toEqual(expect.any(String));

		expect(await trigger.poll()).toBeNull();
	});

	it('never emits a recording twice across polls, with recordings arriving between them', async () => {
		const trigger = await pollTrigger();
		await trigger.activate();
		const created: string[] = [];
		const emitted: string[] = [];
		for (const batch of [1, 0, 4, 2, 0, 7]) {
			created.push(
				...(await createReadyRecordings(claap, titles(`Batch ${created.length}`, batch))),
			);
			emitted.push(...idsOf(await trigger.poll()));
		}
		expect(emitted).toEqual(created);
		expect(new Set(emitted).size).toBe(emitted.length);
	});

	it('asks Claap only for recordings created from just before the last one it saw', async () => {
		const trigger = await pollTrigger();
		await trigger.activate();
		const [first] = await createReadyRecordings(claap, ['First']);
		await trigger.poll();

		const before = claap.requests.length;
		await trigger.poll();
		const [call] = listCalls(claap, before);
		const firstCreatedAt = Date.parse(claap.getRecording(first)!.createdAt);
		expect(Date.parse(call.query.createdAfter)).toBe(firstCreatedAt - 1000);
	});

	it('outputs simplified recordings on request', async () => {
		const trigger = await pollTrigger({ options: { simplify: true } });
		await trigger.activate();
		const [id] = await createReadyRecordings(claap, ['Simple'], 'ch_sales');
		const [item] = (await trigger.poll())![0];
		expect(item.json).toEqual({
			id,
			title: 'Simple',
			state: 'Ready',
			createdAt: claap.getRecording(id)!.createdAt,
			url: expect.stringContaining(id),
			durationSeconds: expect.any(Number),
			source: 'Api',
			labels: [],
			recorderName: 'Ada Lovelace',
			recorderEmail: 'ada.lovelace@acme.io',
			folderId: 'ch_sales',
			folderName: 'Folder ch_sales',
			transcriptLanguages: [],
		});
	});
});

describe('Claap Polling Trigger: folder filter', () => {
	it('emits only recordings of the folder, asking Claap for that folder', async () => {
		const trigger = await pollTrigger({ options: { folderId: 'ch_sales' } });
		await trigger.activate();
		const sales = await createReadyRecordings(claap, ['Sales 1'], 'ch_sales');
		await createReadyRecordings(claap, ['Support 1'], 'ch_support');
		await createReadyRecordings(claap, ['No folder']);
		sales.push(...(await createReadyRecordings(claap, ['Sales 2'], 'ch_sales')));

		const before = claap.requests.length;
		expect(idsOf(await trigger.poll())).toEqual(sales);
		expect(listCalls(claap, before).every((call) => call.query.channelId === 'ch_sales')).toBe(
			true,
		);
	});

	it("starts afresh when the folder changes, without emitting the new folder's past", async () => {
		const sales = await pollTrigger({ options: { folderId: 'ch_sales' } });
		await sales.activate();
		await createReadyRecordings(claap, ['Support before the change'], 'ch_support');

		// The user switches the folder: n8n reactivates the workflow with the static data saved so far.
		const support = await createPollTrigger({
			nodeType: new ClaapPollingTrigger(),
			credentialTypes: [new ClaapApi()],
			credentials: { claapApi: { apiKey: claap.apiKey, baseUrl: claap.url } },
			parameters: { options: { folderId: 'ch_support' } },
			staticData: sales.savedStaticData(),
		});
		triggers.push(support);
		expect(await support.activate()).toBeNull();
		expect(await support.poll()).toBeNull();
		const fresh = await createReadyRecordings(claap, ['Support after the change'], 'ch_support');
		expect(idsOf(await support.poll())).toEqual(fresh);
	});
});

describe('Claap Polling Trigger: Only When Ready', () => {
	it('waits for a recording that is still being processed and emits it once Ready, without repeating later ones', async () => {
		const trigger = await pollTrigger();
		await trigger.activate();
		const slow = await createRecording(claap, { title: 'Upload still to come', upload: false });
		const [quick] = await createReadyRecordings(claap, ['Quick']);

		expect(idsOf(await trigger.poll())).toEqual([quick]);
		const waiting = trigger.savedNodeStaticData().position as IDataObject;
		expect(Object.keys(waiting.waitingSince as IDataObject)).toEqual([slow]);
		expect(await trigger.poll()).toBeNull();

		await uploadMedia(claap, slow);
		await waitForStates(claap, [slow]);
		const [later] = await createReadyRecordings(claap, ['Later']);
		expect(idsOf(await trigger.poll())).toEqual([slow, later]);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.savedNodeStaticData().position).toMatchObject({ waitingSince: {} });
	});

	it('does not emit a recording that fails processing', async () => {
		const trigger = await pollTrigger();
		await trigger.activate();
		const failed = await createRecording(claap, { title: 'Broken', upload: false });
		const token = claap.getRecording(failed)!.uploadTokens.media;
		await fetch(`${claap.url}/storage/media/${token}`, {
			method: 'PUT',
			headers: { 'Content-Type': 'audio/wav' },
			body: Buffer.from('not a recording'),
		});
		await waitForStates(claap, [failed], 'Failed');
		const [ready] = await createReadyRecordings(claap, ['Fine']);
		expect(idsOf(await trigger.poll())).toEqual([ready]);
		expect(await trigger.poll()).toBeNull();
	});

	it('emits recordings as soon as they are created when switched off, each once', async () => {
		const trigger = await pollTrigger({ onlyWhenReady: false });
		await trigger.activate();
		const empty = await createRecording(claap, { title: 'Just created', upload: false });
		const emitted = await trigger.poll();
		expect(idsOf(emitted)).toEqual([empty]);
		expect(emitted![0][0].json).toMatchObject({ id: empty, state: 'Empty' });

		await uploadMedia(claap, empty);
		await waitForStates(claap, [empty]);
		const [next] = await createReadyRecordings(claap, ['Next']);
		expect(idsOf(await trigger.poll())).toEqual([next]);
		expect(await trigger.poll()).toBeNull();
	});
});

describe('Claap Polling Trigger: Fetch Test Event (manual mode)', () => {
	it('returns only the latest recording, not a backlog, and leaves the position alone', async () => {
		await createReadyRecordings(claap, titles('Existing', 5));
		const trigger = await pollTrigger();
		const result = await trigger.fetchTestEvent();
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.title)).toEqual(['Existing 005']);
		expect(trigger.savedStaticData()).toEqual({});
	});

	it('returns the latest Ready recording with Only When Ready, the latest of all without', async () => {
		const [ready] = await createReadyRecordings(claap, ['Ready one']);
		const processing = await createRecording(claap, { title: 'Processing', upload: false });

		const onlyReady = await (await pollTrigger()).fetchTestEvent();
		expect(onlyReady.items.map((item) => item.json.id)).toEqual([ready]);
		const any = await (await pollTrigger({ onlyWhenReady: false })).fetchTestEvent();
		expect(any.items.map((item) => item.json.id)).toEqual([processing]);
	});

	it('returns no item when there is no recording', async () => {
		const result = await (
			await pollTrigger({ options: { folderId: 'ch_empty' } })
		).fetchTestEvent();
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});
});
