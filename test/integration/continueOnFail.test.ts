import type { TestBed } from './testBed';
import { startTestBed } from './testBed';

describe('Continue On Fail', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());

	it('turns a bad item into one paired error item while the others go through', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: '={{ $json.email }}',
				mediaSource: 'url',
				downloadUrl: 'https://files.example.com/a.mp4',
				additionalFields: { title: '={{ $json.title }}' },
			},
			[
				{ json: { email: 'ada@example.com', title: 'First' } },
				{ json: { email: 'grace@', title: 'Second' } },
				{ json: { email: 'bob@example.com', title: 'Third' } },
			],
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[0].json).toMatchObject({ title: 'First', id: expect.any(String) });
		expect(result.items[1].json).toEqual({
			error: 'Author Email: "grace@" is not an email address [item 1]',
			description: expect.stringContaining('workspace'),
		});
		expect(result.items[2].json).toMatchObject({ title: 'Third' });
		expect(bed.claap.recordings().map((recording) => recording.body.title)).toEqual([
			'First',
			'Third',
		]);
		expect(
			bed.claap.requests.some((request) => JSON.stringify(request.json ?? '').includes('grace@')),
		).toBe(false);
	});
});
