import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TestBed } from '../../integration/testBed';
import {
	jsonOf,
	sampleTranscript,
	seedRecording,
	startTestBed,
	waitForState,
	wavFile,
} from '../../integration/testBed';

describe('Recording → Get', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	async function readyRecording(title = 'Weekly sync') {
		const recording = await seedRecording(
			bed.claap,
			{ title },
			{ media: wavFile(), transcript: sampleTranscript },
		);
		expect(await waitForState(bed.claap, recording.id as string, ['Ready'])).toBe('Ready');
		return recording;
	}

	it.each([
		['id', (recording: { id: string }) => recording.id],
		['url', (recording: { url: string }) => recording.url],
		['list', (recording: { id: string }) => recording.id],
	])('finds the recording by %s, with AI fields by default', async (mode, value) => {
		const recording = (await readyRecording()) as { id: string; url: string };
		bed.claap.requests.length = 0;
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'get',
				recordingId: { __rl: true, mode, value: value(recording) },
			},
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.apiCalls()[0]).toMatchObject({
			method: 'GET',
			path: `/v1/recordings/${recording.id}`,
			query: { returnAiFields: 'true' },
		});
		expect(jsonOf(result)).toMatchObject({
			id: recording.id,
			state: 'Ready',
			title: 'Weekly sync',
			aiFields: expect.any(Array),
		});
	});

	it('leaves AI fields out when asked', async () => {
		const recording = await readyRecording();
		bed.claap.requests.length = 0;
		await bed.run(
			{
				resource: 'recording',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				returnAiFields: false,
			},
			[{ json: {} }],
		);
		expect(bed.apiCalls()[0].query).toEqual({});
	});

	it('explains a recording Claap does not find', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: 'rec_missing' },
			},
			[{ json: {} }],
		);
		expect((result.error as NodeApiError).message).toMatch(/^Claap answered 404 not_found/);
		expect((result.error as NodeApiError).description).toMatch(/private recordings/);
	});

	it('refuses an ID from an expression that is not a Claap recording ID, before calling Claap', async () => {
		// A typed value is checked by n8n's own locator validation; an expression only by the node.
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: '={{ $json.path }}' },
			},
			[{ json: { path: 'rec/../x' } }],
		);
		expect((result.error as NodeOperationError).message).toBe(
			'Recording: "rec/../x" is not a Claap recording ID [item 0]',
		);
		expect(bed.claap.requests).toHaveLength(0);
	});
});
