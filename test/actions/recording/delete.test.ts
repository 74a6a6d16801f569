import { NodeApiError } from 'n8n-workflow';

import type { TestBed } from '../../integration/testBed';
import { seedRecording, startTestBed } from '../../integration/testBed';

describe('Recording → Delete', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it('deletes permanently and says so', async () => {
		const recording = await seedRecording(bed.claap);
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'delete',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
			},
			[{ json: {} }],
		);
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(bed.claap.getRecording(recording.id as string)?.deleted).toBe(true);
		const again = await bed.run(
			{
				resource: 'recording',
				operation: 'delete',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
			},
			[{ json: {} }],
		);
		expect((again.error as NodeApiError).httpCode).toBe('404');
	});
});
