import { NodeOperationError } from 'n8n-workflow';

import { waitClock } from '../../../nodes/Claap/helpers/pause';
import type { TestBed } from '../../integration/testBed';
import { jsonOf, seedRecording, startTestBed, wavFile } from '../../integration/testBed';

describe('Recording → Wait Until Ready', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it('outputs the recording once Claap has processed it, by default taking the ID from the input', async () => {
		const recording = await seedRecording(bed.claap, { title: 'Slow' });
		const put = fetch((recording.upload as { url: string }).url, {
			method: 'PUT',
			headers: { 'Content-Type': 'audio/wav' },
			body: wavFile(),
		});
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'waitUntilReady',
				options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 20 },
			},
			[{ json: { id: recording.id } }],
		);
		await put;
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toMatchObject({ id: recording.id, state: 'Ready', title: 'Slow' });
	});

	it('reports a recording Claap could not process', async () => {
		const recording = await seedRecording(
			bed.claap,
			{},
			{ media: Buffer.from('not a media file at all') },
		);
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'waitUntilReady',
				options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 20 },
			},
			[{ json: { id: recording.id } }],
		);
		expect((result.error as NodeOperationError).message).toBe(
			`Claap could not process recording ${recording.id} (state Failed)`,
		);
		expect((result.error as NodeOperationError).description).toMatch(
			/^Failed is final: waiting again will not change it/,
		);
	});

	it('on Create, says a Failed recording is final rather than to wait again', async () => {
		const data = await bed.harness.storeBinary({
			buffer: Buffer.from('not a media file at all'),
			fileName: 'a.wav',
			mimeType: 'audio/wav',
		});
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				options: { waitUntilReady: true, pollIntervalSeconds: 1 },
			},
			[{ json: {}, binary: { data } }],
			{ continueOnFail: true },
		);
		const { description, recording } = jsonOf(result) as {
			description: string;
			recording: { state: string };
		};
		expect(description).toMatch(
			/^Failed is final: waiting again will not change it\..*delete this recording and create it again\. The recording was created/,
		);
		expect(description).not.toMatch(/Wait Until Ready/);
		expect(recording.state).toBe('Failed');
	});

	it("plans its checks from the input's duration, even after checking once at once", async () => {
		// Real time plus a virtual offset: each wait passes at once, while calls still take time.
		const { now, pause } = waitClock;
		let skippedMs = 0;
		waitClock.now = () => Date.now() + skippedMs;
		waitClock.pause = async (ms) => {
			skippedMs += ms;
		};
		const checksFor = async (json: object) => {
			const recording = await seedRecording(bed.claap);
			const before = bed.apiCalls().length;
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'waitUntilReady',
					options: { waitTimeoutSeconds: 3600 },
				},
				[{ json: { id: recording.id, ...json } }],
			);
			expect((result.error as NodeOperationError).message).toMatch(
				/is still Empty after 3600 seconds/,
			);
			return bed.apiCalls().length - before - 1;
		};
		try {
			// An hour of media: Claap is expected to take 15.5 min, so the first planned check waits 9 min.
			const withHint = await checksFor({ durationSeconds: 3600 });
			const withoutHint = await checksFor({});
			expect(withHint).toBeLessThanOrEqual(17);
			expect(withoutHint - withHint).toBeGreaterThanOrEqual(15);
		} finally {
			waitClock.now = now;
			waitClock.pause = pause;
		}
	});

	it('gives up after the timeout, saying what Claap waits for', async () => {
		const recording = await seedRecording(bed.claap);
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'waitUntilReady',
				options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 1 },
			},
			[{ json: { id: recording.id } }],
		);
		const error = result.error as NodeOperationError;
		expect(error.message).toBe(`Recording ${recording.id} is still Empty after 1 seconds`);
		expect(error.description).toMatch(/waiting for an upload/);
	});

	it('is offered as an option of Create', async () => {
		const data = await bed.harness.storeBinary({
			buffer: wavFile(),
			fileName: 'a.wav',
			mimeType: 'audio/wav',
		});
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				options: { waitUntilReady: true, pollIntervalSeconds: 1, waitTimeoutSeconds: 20 },
			},
			[{ json: {}, binary: { data } }],
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toMatchObject({
			state: 'Ready',
			uploaded: { media: { bytes: wavFile().length } },
		});
	});

	it('refuses to wait on Create when an upload is left for later', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'none',
				options: { waitUntilReady: true },
			},
			[{ json: {} }],
		);
		expect((result.error as NodeOperationError).message).toMatch(
			/^Wait Until Ready: the recording cannot become ready/,
		);
		expect(bed.claap.requests).toHaveLength(0);
	});
});
