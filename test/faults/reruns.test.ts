import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { TestBed, TestRunOptions } from '../integration/testBed';
import { startTestBed, waitForState, wavFile } from '../integration/testBed';

/**
 * n8n itself runs Create again: Retry On Fail (the node, within the execution, n8n-core's own
 * retry loop) and Retry on the executions list (a new execution in mode "retry"). Each item must
 * still end as exactly one complete recording, using its author's quota once.
 */
describe('Create run again by n8n', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.claap.clearFaults();
		bed.claap.reset();
	});

	const retryOnFail: TestRunOptions = { retryOnFail: { maxTries: 3, waitBetweenTries: 0 } };
	/** The node's own retries off, so that a fault reaches n8n. */
	const noRetries = { maxRetries: 0 };

	function create(parameters: INodeParameters = {}): INodeParameters {
		return {
			resource: 'recording',
			operation: 'create',
			authorEmail: '={{ $json.author }}',
			additionalFields: { title: '={{ $json.title }}' },
			options: noRetries,
			...parameters,
		};
	}

	async function items(count: number): Promise<INodeExecutionData[]> {
		return await Promise.all(
			Array.from({ length: count }, async (_, index) => ({
				json: { author: `author${index}@example.com`, title: `Call ${index}` },
				binary: {
					data: await bed.harness.storeBinary({
						buffer: wavFile(1),
						fileName: `call${index}.wav`,
						mimeType: 'audio/wav',
					}),
				},
			})),
		);
	}

	const creates = () => bed.apiCalls().filter((call) => call.method === 'POST');
	const puts = (kind: 'media' | 'meta') =>
		bed.uploads().filter((call) => call.path.startsWith(`/storage/${kind}/`));

	/** Every recording Ready, one per author: no duplicate, nothing left half uploaded. */
	async function expectOneCompleteRecordingPerItem(count: number): Promise<void> {
		const recordings = bed.claap.recordings();
		expect(recordings.map((recording) => recording.authorEmail).sort()).toEqual(
			Array.from({ length: count }, (_, index) => `author${index}@example.com`).sort(),
		);
		for (const recording of recordings) {
			expect(await waitForState(bed.claap, recording.id, ['Ready', 'Failed'])).toBe('Ready');
		}
	}

	describe('Retry On Fail (the node run again within the execution)', () => {
		it('continues the item whose media upload failed, and outputs the finished item as it was', async () => {
			// The second item's first media upload fails; the first item was complete by then.
			bed.claap.injectFault({ method: 'PUT', path: /^\/storage\/media\//, status: 500, after: 1 });
			const result = await bed.run(create(), await items(2), retryOnFail);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(2);
			expect(creates()).toHaveLength(2);
			expect(puts('media')).toHaveLength(3);
			const ids = result.items.map((item) => item.json.id);
			expect(new Set(ids).size).toBe(2);
			expect(ids).toEqual(bed.claap.recordings().map((recording) => recording.id));
		});

		it('sends only the transcript when the media had arrived', async () => {
			bed.claap.injectFault({ method: 'PUT', path: /^\/storage\/meta\//, status: 503, times: 2 });
			const result = await bed.run(
				create({
					transcriptSource: 'fields',
					segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hello' }] },
					speakers: { speaker: [{ speakerId: '1', name: 'Ada' }] },
				}),
				await items(1),
				retryOnFail,
			);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(creates()).toHaveLength(1);
			expect(puts('media')).toHaveLength(1);
			expect(puts('meta')).toHaveLength(3);
		});

		it('finds the recording a create whose answer was lost did make, instead of creating another', async () => {
			bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', reset: 'afterBody' });
			const result = await bed.run(create(), await items(1), retryOnFail);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(creates()).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({
				id: bed.claap.recordings()[0].id,
				alreadyCreated: true,
			});
		});

		it('creates it when the lost create had made nothing', async () => {
			bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', reset: 'midBody' });
			const result = await bed.run(create(), await items(1), retryOnFail);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(result.items[0].json.alreadyCreated).toBeUndefined();
		});

		it('looks first after a 500 on the create, and creates when nothing was made', async () => {
			bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', status: 500 });
			const result = await bed.run(create(), await items(1), retryOnFail);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(bed.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
				'POST /v1/recordings',
				'GET /v1/recordings',
				'POST /v1/recordings',
			]);
		});

		it("never takes another item's recording: two items by one author without a title, the second create a 500", async () => {
			bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', status: 500, after: 1 });
			const input = await items(2);
			input[1].json.author = input[0].json.author;
			const result = await bed.run(create({ additionalFields: {} }), input, retryOnFail);
			expect(result.error).toBeUndefined();
			const recordings = bed.claap.recordings();
			expect(recordings).toHaveLength(2);
			expect(result.items.map((item) => item.json.id)).toEqual(
				recordings.map((recording) => recording.id),
			);
			expect(result.items[1].json.alreadyCreated).toBeUndefined();
			// Both files arrived, each to its own recording.
			expect(new Set(puts('media').map((put) => put.path)).size).toBe(2);
		});

		it('keeps Retry On Fail on one recording when an expression gives the title anew ({{ $now }})', async () => {
			bed.claap.injectFault({ method: 'PUT', path: /^\/storage\/media\//, status: 500 });
			const result = await bed.run(
				create({ additionalFields: { title: '={{ "Call at " + $now.toMillis() }}' } }),
				await items(1),
				{
					retryOnFail: { maxTries: 3, waitBetweenTries: 20 },
				},
			);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(creates()).toHaveLength(1);
		});

		it("finds a lost create's recording without a title too, by its author", async () => {
			bed.claap.injectFault({ method: 'POST', path: '/v1/recordings', reset: 'afterBody' });
			const result = await bed.run(create({ additionalFields: {} }), await items(1), retryOnFail);
			expect(result.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(1);
			expect(creates()).toHaveLength(1);
		});
	});

	describe('Retry of a failed execution (a new execution in mode "retry")', () => {
		it('finishes the recordings the failed execution created, by default', async () => {
			bed.claap.injectFault({
				method: 'PUT',
				path: /^\/storage\/media\//,
				status: 500,
				after: 1,
				times: Infinity,
			});
			const input = await items(2);
			const failed = await bed.run(create(), input);
			expect(failed.error).toBeDefined();
			expect(bed.claap.recordings()).toHaveLength(2);

			bed.claap.clearFaults();
			const retried = await bed.run(create(), input, { mode: 'retry' });
			expect(retried.error).toBeUndefined();
			await expectOneCompleteRecordingPerItem(2);
			expect(creates()).toHaveLength(2);
			// The first item's recording was complete: nothing is sent to it again.
			expect(puts('media')).toHaveLength(3);
			expect(retried.items.map((item) => item.json.alreadyCreated)).toEqual([true, true]);
			// One list call per item: what the option costs.
			expect(
				bed.apiCalls().filter((call) => call.method === 'GET' && call.path === '/v1/recordings'),
			).toHaveLength(2);
		});

		it('creates a new recording when the title differs', async () => {
			const input = await items(1);
			expect((await bed.run(create(), input)).error).toBeUndefined();
			input[0].json.title = 'Another call';
			expect((await bed.run(create(), input, { mode: 'retry' })).error).toBeUndefined();
			expect(bed.claap.recordings()).toHaveLength(2);
		});

		it('leaves a second recording with the same title possible in ordinary runs, and looks in every run when asked', async () => {
			const input = await items(1);
			expect((await bed.run(create(), input)).error).toBeUndefined();
			expect((await bed.run(create(), input)).error).toBeUndefined();
			expect(bed.claap.recordings()).toHaveLength(2);

			const always = create({ options: { ...noRetries, skipIfAlreadyCreated: 'always' } });
			const again = await bed.run(always, input);
			expect(again.error).toBeUndefined();
			expect(again.items[0].json).toMatchObject({
				alreadyCreated: true,
				id: bed.claap.recordings()[1].id,
			});
			expect(bed.claap.recordings()).toHaveLength(2);

			// Two items alike in one execution never share a recording, even when looking first:
			// one takes the earlier recording, the other gets its own.
			bed.claap.reset();
			expect((await bed.run(create(), input)).error).toBeUndefined();
			const twins = await bed.run(always, [input[0], { ...input[0], json: { ...input[0].json } }]);
			expect(twins.error).toBeUndefined();
			expect(new Set(twins.items.map((item) => item.json.id)).size).toBe(2);
			expect(twins.items.map((item) => item.json.alreadyCreated)).toEqual([true, undefined]);
			expect(bed.claap.recordings()).toHaveLength(2);

			const never = create({ options: { ...noRetries, skipIfAlreadyCreated: 'never' } });
			expect((await bed.run(never, input, { mode: 'retry' })).error).toBeUndefined();
			expect(bed.claap.recordings()).toHaveLength(3);
		});
	});
});
