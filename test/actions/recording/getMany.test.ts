import { NodeOperationError } from 'n8n-workflow';

import type { TestBed } from '../../integration/testBed';
import { seedRecording, startTestBed } from '../../integration/testBed';

describe('Recording → Get Many', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it('follows the cursor across pages for Return All', async () => {
		for (let index = 0; index < 230; index++)
			await seedRecording(bed.claap, { title: `Call ${index}` });
		bed.claap.requests.length = 0;
		const result = await bed.run(
			{ resource: 'recording', operation: 'getMany', returnAll: true, sort: 'created_asc' },
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(230);
		expect(new Set(result.items.map((item) => item.json.id)).size).toBe(230);
		expect(result.items[0].json.title).toBe('Call 0');
		expect(result.items[229].json.title).toBe('Call 229');
		expect(bed.apiCalls().map((call) => call.query.limit)).toEqual(['100', '100', '100']);
		expect(bed.apiCalls()[1].query.cursor).toEqual(expect.any(String));
		expect(
			result.items.every(
				(item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0,
			),
		).toBe(true);
	});

	it('stops at the limit, and simplifies unless told otherwise', async () => {
		for (let index = 0; index < 30; index++)
			await seedRecording(bed.claap, { title: `Call ${index}` });
		bed.claap.requests.length = 0;
		const limited = await bed.run({ resource: 'recording', operation: 'getMany', limit: 25 }, [
			{ json: {} },
		]);
		expect(limited.items).toHaveLength(25);
		expect(bed.apiCalls()).toHaveLength(1);
		expect(bed.apiCalls()[0].query).toEqual({ sort: 'created_desc', limit: '25' });
		expect(Object.keys(limited.items[0].json).sort()).toEqual(
			['createdAt', 'id', 'recorderEmail', 'recorderName', 'state', 'title', 'url']
				.filter((key) => key in limited.items[0].json)
				.sort(),
		);
		expect(limited.items[0].json.title).toBe('Call 29');
		const raw = await bed.run(
			{ resource: 'recording', operation: 'getMany', limit: 1, simplify: false },
			[{ json: {} }],
		);
		expect(raw.items[0].json).toHaveProperty('recorder');
		expect(raw.items[0].json).toHaveProperty('workspace');
	});

	it("sends every filter under Claap's names", async () => {
		bed.claap.requests.length = 0;
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'getMany',
				limit: 5,
				sort: 'duration_desc',
				filters: {
					folderId: 'chan_1',
					labels: 'demo, customer',
					createdAfter: '2025-01-01T00:00:00Z',
					createdBefore: '2025-12-31',
					recorderEmail: 'ada@example.com',
					recorderId: 'usr_1',
				},
			},
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.apiCalls()[0].query).toEqual({
			sort: 'duration_desc',
			limit: '5',
			channelId: 'chan_1',
			labels: 'demo,customer',
			createdAfter: '2025-01-01T00:00:00.000Z',
			// A bare date is midnight in the workflow's time zone (n8n's default, America/New_York).
			createdBefore: '2025-12-31T05:00:00.000Z',
			recorderEmail: 'ada@example.com',
			recorderId: 'usr_1',
		});
	});

	it.each([
		[{ filters: { labels: 'demo' } }, 'Labels: Claap filters by labels only within a folder'],
		[
			{ filters: { createdAfter: 'last week' } },
			'Created After: "last week" is not an ISO-8601 date',
		],
		[{ filters: { recorderEmail: 'ada' } }, 'Recorder Email: "ada" is not an email address'],
		[{ limit: 0 }, 'Limit: 0 is not a whole number of 1 or more'],
	])('refuses %j before calling Claap', async (parameters, message) => {
		const result = await bed.run({ resource: 'recording', operation: 'getMany', ...parameters }, [
			{ json: {} },
		]);
		expect((result.error as NodeOperationError).message).toBe(`${message} [item 0]`);
		expect(bed.claap.requests).toHaveLength(0);
	});
});
