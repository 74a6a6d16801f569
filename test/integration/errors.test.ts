import { NodeApiError } from 'n8n-workflow';

import type { TestBed } from './testBed';
import { jsonOf, startTestBed, wavFile } from './testBed';

const urlOnly = {
	resource: 'recording',
	operation: 'create',
	authorEmail: 'ada@example.com',
	mediaSource: 'url',
	downloadUrl: 'https://files.example.com/a.mp4',
};

describe("Claap's refusals and failures", () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 2, freePlanKeys: ['cla_free_plan'] });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.claap.clearFaults();
		bed.claap.reset();
	});

	it('explains a key Claap does not accept, without echoing it', async () => {
		const result = await bed.run(urlOnly, [{ json: {} }], { apiKey: 'cla_wrong_key_123' });
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Claap answered 401 /);
		expect(error.description).toMatch(/Settings → API/);
		expect(
			JSON.stringify({ message: error.message, description: error.description }),
		).not.toContain('cla_wrong_key_123');
		expect(bed.claap.recordings()).toHaveLength(0);
	});

	it('explains a free-plan workspace', async () => {
		const result = await bed.run(urlOnly, [{ json: {} }], { apiKey: 'cla_free_plan' });
		expect((result.error as NodeApiError).message).toMatch(/^Claap answered 401/);
		expect((result.error as NodeApiError).description).toMatch(/free plan/);
	});

	it('explains a used-up quota', async () => {
		await bed.run(urlOnly, [{ json: {} }, { json: {} }]);
		const result = await bed.run(urlOnly, [{ json: {} }]);
		const error = result.error as NodeApiError;
		expect(error.message).toMatch(/^Claap answered 403 .*quota/i);
		expect(error.description).toMatch(/50 API-created recordings per author every 30 days/);
		expect(error.httpCode).toBe('403');
		expect(bed.claap.recordings()).toHaveLength(2);
	});

	it("keeps Claap's validation message, type and field", async () => {
		bed.claap.injectFault({
			method: 'POST',
			path: '/v1/recordings',
			status: 400,
			body: { error: { type: 'validation_error', message: 'Invalid channel', path: 'channelId' } },
		});
		const result = await bed.run(urlOnly, [{ json: {} }]);
		expect((result.error as NodeApiError).message).toBe(
			'Claap answered 400 validation_error: Invalid channel (field "channelId")',
		);
		expect((result.error as NodeApiError).description).toContain('"channelId"');
	});

	it.each([
		[429, { error: { type: 'rate_limited', message: 'Too many requests' } }, /3 calls per second/],
		// A create answered with a server error may have created the recording: not "try again".
		[
			500,
			'<html><body><h1>502 Bad Gateway</h1></body></html>',
			/^Claap may have created the recording\. It was not sent again/,
		],
	])('explains a %s', async (status, body, hint) => {
		bed.claap.injectFault({
			method: 'POST',
			path: '/v1/recordings',
			status,
			body,
			times: Infinity,
		});
		const result = await bed.run({ ...urlOnly, options: { maxRetries: 0 } }, [{ json: {} }]);
		const error = result.error as NodeApiError;
		expect(error.message).toMatch(new RegExp(`^Claap answered ${status}`));
		expect(error.description).toMatch(hint);
	});

	it("summarises an HTML page answered with 200 instead of Claap's JSON", async () => {
		bed.claap.injectFault({
			method: 'POST',
			path: '/v1/recordings',
			status: 200,
			body: '<html><body>Maintenance</body></html>',
		});
		const result = await bed.run(urlOnly, [{ json: {} }]);
		expect((result.error as NodeApiError).message).toBe(
			'Claap answered 200 without the expected result: Maintenance',
		);
	});

	it('keeps the created recording when the media upload fails, and creates no second one', async () => {
		bed.claap.injectFault({
			method: 'PUT',
			path: /^\/storage\/media\//,
			status: 503,
			body: 'Slow Down',
			times: Infinity,
		});
		const item = {
			json: {},
			binary: {
				data: await bed.harness.storeBinary({
					buffer: wavFile(),
					fileName: 'a.wav',
					mimeType: 'audio/wav',
				}),
			},
		};
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				options: { maxRetries: 1 },
			},
			[item],
		);

		const [recording] = bed.claap.recordings();
		expect(bed.claap.recordings()).toHaveLength(1);
		const error = result.error as NodeApiError;
		expect(error.message).toBe("Claap's storage refused the media upload (503): Slow Down");
		expect(error.description).toContain('Tried 2 times.');
		expect(bed.uploads().filter((request) => request.method === 'PUT')).toHaveLength(2);
		expect(error.description).toContain(`The recording was created (ID ${recording.id}`);
		expect(error.description).toContain('do not create it again');
		expect(error.context.claapRecording).toEqual({
			id: recording.id,
			url: expect.stringContaining(recording.id),
			state: 'Empty',
			upload: { url: expect.stringMatching(/\/storage\/media\//) },
		});
	});

	it('hands over the recording to resume in the Continue On Fail item', async () => {
		bed.claap.injectFault({
			method: 'PUT',
			path: /^\/storage\/meta\//,
			reset: 'immediately',
			times: Infinity,
		});
		const item = {
			json: {},
			binary: {
				data: await bed.harness.storeBinary({
					buffer: wavFile(),
					fileName: 'a.wav',
					mimeType: 'audio/wav',
				}),
			},
		};
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
				options: { maxRetries: 0 },
			},
			[item],
			{ continueOnFail: true },
		);
		bed.claap.clearFaults();
		expect(result.error).toBeUndefined();
		const [recording] = bed.claap.recordings();
		expect(bed.claap.recordings()).toHaveLength(1);
		expect(recording.media?.bytes).toBe(wavFile().length);

		const output = jsonOf(result);
		expect(output.error).toMatch(
			/^The transcript upload got no answer: socket hang up \(ECONNRESET\)$/,
		);
		expect(output.description).toContain(`The recording was created (ID ${recording.id}`);
		expect(output.recording).toEqual({
			id: recording.id,
			url: expect.stringContaining(recording.id),
			state: 'Empty',
			upload: { metaUrl: expect.stringMatching(/\/storage\/meta\//) },
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });

		// Resuming with Transcript → Upload finishes the same recording.
		const resumed = await bed.run(
			{
				resource: 'transcript',
				operation: 'upload',
				metaUrl: '={{ $json.recording.upload.metaUrl }}',
				transcriptSource: 'fields',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
			},
			result.items,
		);
		expect(resumed.error).toBeUndefined();
		expect(bed.claap.getRecording(recording.id)?.transcript).toEqual({
			transcript: { segments: [{ start: 0, end: 1, speakerId: '1', text: 'Hi' }] },
		});
		expect(bed.claap.recordings()).toHaveLength(1);
	});
});
