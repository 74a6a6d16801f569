import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ClaapApi } from '../../credentials/ClaapApi.credentials';
import { Claap } from '../../nodes/Claap/Claap.node';
import { searchRecordings } from '../../nodes/Claap/methods/listSearch';
import type { ClaapEmulator } from '../../scripts/lib/emulator';
import { startEmulator } from '../../scripts/lib/emulator';
import { createAdditionalData } from '../harness';
import { activateCoreServices, createCoreServices } from '../harness/core-services';
import { HarnessCredentialsHelper } from '../harness/credentials-helper';
import { HarnessNodeTypes } from '../harness/node-types';
import { seedRecording, waitForState, wavFile } from './testBed';

/** The "From List" picker of the Recording locator, run in n8n-core's real load-options context. */
describe('Recording locator: From List', () => {
	let claap: ClaapEmulator;
	let folder: string;
	let context: LoadOptionsContext;

	beforeAll(async () => {
		claap = await startEmulator({ rateLimit: false, quotaPerAuthor: 1000 });
		folder = await mkdtemp(path.join(tmpdir(), 'claap-list-search-'));
		activateCoreServices(await createCoreServices(folder, path.join(folder, 'storage')));
		const nodeTypes = new HarnessNodeTypes();
		nodeTypes.add('n8n-nodes-claap.claap', new Claap());
		const node: INode = {
			id: randomUUID(),
			name: 'Claap',
			type: 'n8n-nodes-claap.claap',
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'recording', operation: 'get' },
			credentials: { claapApi: { id: 'claapApi-1', name: 'Claap account' } },
		};
		const workflow = new Workflow({
			id: 'listSearch',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
		});
		const credentialsHelper = new HarnessCredentialsHelper([new ClaapApi()], {
			claapApi: { apiKey: claap.apiKey, baseUrl: claap.url },
		});
		const additionalData = createAdditionalData(
			'list-search',
			new ExecutionLifecycleHooks('manual', 'list-search', {
				id: 'listSearch',
				name: 'listSearch',
				nodes: [node],
				connections: {},
				active: false,
				activeVersionId: null,
				isArchived: false,
				createdAt: new Date(),
				updatedAt: new Date(),
			}),
			credentialsHelper,
		);
		context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.recordingId');
	});
	afterAll(async () => {
		await claap.close();
		await rm(folder, { recursive: true, force: true });
	});

	it('lists recent recordings first, names them by title, links them, and pages on', async () => {
		for (let index = 0; index < 60; index++) await seedRecording(claap, { title: `Call ${index}` });
		const first = await searchRecordings.call(context);
		expect(first.results).toHaveLength(50);
		// Recordings not yet Ready come back without createdAt and durationSeconds: title only.
		expect(first.results[0]).toMatchObject({
			name: 'Call 59',
			value: expect.stringMatching(/^rec_/),
			url: expect.stringContaining('claap.io'),
		});
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchRecordings.call(context, undefined, first.paginationToken as string);
		expect(second.results.map((result) => result.name.split(' · ')[0])).toEqual(
			Array.from({ length: 10 }, (_, index) => `Call ${9 - index}`),
		);
		expect(second.paginationToken).toBeUndefined();
		expect(
			claap.requests
				.filter((request) => request.path === '/v1/recordings' && request.method === 'GET')
				.every((request) => request.headers['x-claap-key'] === claap.apiKey),
		).toBe(true);
	});

	it('filters the page by title', async () => {
		const found = await searchRecordings.call(context, 'call 5');
		expect(found.results.map((result) => result.name.split(' · ')[0])).toEqual([
			'Call 59',
			'Call 58',
			'Call 57',
			'Call 56',
			'Call 55',
			'Call 54',
			'Call 53',
			'Call 52',
			'Call 51',
			'Call 50',
		]);
	});

	it('names Ready recordings with their UTC day and duration, and filters on the title or ID only', async () => {
		const seeded = await seedRecording(
			claap,
			{ title: 'Weekly sync' },
			{
				media: wavFile(),
				transcript: {
					transcript: {
						langIso2: 'en',
						segments: [
							{ start: 0, end: 60, speakerId: '1', text: 'Welcome.' },
							{ start: 60, end: 1925, speakerId: '1', text: 'That is all.' },
						],
						speakers: [{ speakerId: '1', name: 'Ada Lovelace' }],
					},
				},
			},
		);
		const id = seeded.id as string;
		expect(await waitForState(claap, id, ['Ready'])).toBe('Ready');

		const listed = await searchRecordings.call(context, 'weekly');
		expect(listed.results).toHaveLength(1);
		expect(listed.results[0].value).toBe(id);
		// 1925 s of transcript: 32 min. The day is the UTC day of Claap's createdAt.
		const match = /^Weekly sync · (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) · 32 min$/.exec(
			listed.results[0].name,
		);
		expect(match).not.toBeNull();
		const createdAt = new Date(claap.getRecording(id)!.createdAt);
		const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
		expect([Number(match![1]), months.indexOf(match![2]), Number(match![3])]).toEqual([
			createdAt.getUTCDate(),
			createdAt.getUTCMonth(),
			createdAt.getUTCFullYear(),
		]);

		// The date and duration are for reading, not for matching.
		expect((await searchRecordings.call(context, 'min')).results).toEqual([]);
		expect((await searchRecordings.call(context, match![3])).results).toEqual([]);
		const byId = await searchRecordings.call(context, ` ${id} `);
		expect(byId.results.map((result) => result.value)).toEqual([id]);
	});
});
