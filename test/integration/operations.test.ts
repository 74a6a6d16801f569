import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { waitClock } from '../../nodes/Claap/helpers/pause';
import type { TestBed } from './testBed';
import { jsonOf, sampleTranscript, seedRecording, startTestBed, waitForState, wavFile } from './testBed';

describe('Recording Get, Get Many, Delete and Wait Until Ready; Transcript Get; Workspace Get', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	async function readyRecording(title = 'Weekly sync') {
		const recording = await seedRecording(bed.claap, { title }, { media: wavFile(), transcript: sampleTranscript });
		expect(await waitForState(bed.claap, recording.id as string, ['Ready'])).toBe('Ready');
		return recording;
	}

	describe('Recording → Get', () => {
		it.each([
			['id', (recording: { id: string }) => recording.id],
			['url', (recording: { url: string }) => recording.url],
			['list', (recording: { id: string }) => recording.id],
		])('finds the recording by %s, with AI fields by default', async (mode, value) => {
			const recording = (await readyRecording()) as { id: string; url: string };
			bed.claap.requests.length = 0;
			const result = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: { __rl: true, mode, value: value(recording) } },
				[{ json: {} }],
			);
			expect(result.error).toBeUndefined();
			expect(bed.apiCalls()[0]).toMatchObject({ method: 'GET', path: `/v1/recordings/${recording.id}`, query: { returnAiFields: 'true' } });
			expect(jsonOf(result)).toMatchObject({ id: recording.id, state: 'Ready', title: 'Weekly sync', aiFields: expect.any(Array) });
		});

		it('leaves AI fields out when asked', async () => {
			const recording = await readyRecording();
			bed.claap.requests.length = 0;
			await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) }, returnAiFields: false },
				[{ json: {} }],
			);
			expect(bed.apiCalls()[0].query).toEqual({});
		});

		it('explains a recording Claap does not find', async () => {
			const result = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: { __rl: true, mode: 'id', value: 'rec_missing' } },
				[{ json: {} }],
			);
			expect((result.error as NodeApiError).message).toMatch(/^Claap answered 404 not_found/);
			expect((result.error as NodeApiError).description).toMatch(/private recordings/);
		});

		it('refuses an ID from an expression that is not a Claap recording ID, before calling Claap', async () => {
			// A typed value is checked by n8n's own locator validation; an expression only by the node.
			const result = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: { __rl: true, mode: 'id', value: '={{ $json.path }}' } },
				[{ json: { path: 'rec/../x' } }],
			);
			expect((result.error as NodeOperationError).message).toBe('Recording: "rec/../x" is not a Claap recording ID [item 0]');
			expect(bed.claap.requests).toHaveLength(0);
		});
	});

	describe('Recording → Get Many', () => {
		it('follows the cursor across pages for Return All', async () => {
			for (let index = 0; index < 230; index++) await seedRecording(bed.claap, { title: `Call ${index}` });
			bed.claap.requests.length = 0;
			const result = await bed.run({ resource: 'recording', operation: 'getMany', returnAll: true, sort: 'created_asc' }, [{ json: {} }]);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(230);
			expect(new Set(result.items.map((item) => item.json.id)).size).toBe(230);
			expect(result.items[0].json.title).toBe('Call 0');
			expect(result.items[229].json.title).toBe('Call 229');
			expect(bed.apiCalls().map((call) => call.query.limit)).toEqual(['100', '100', '100']);
			expect(bed.apiCalls()[1].query.cursor).toEqual(expect.any(String));
			expect(result.items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('stops at the limit, and simplifies unless told otherwise', async () => {
			for (let index = 0; index < 30; index++) await seedRecording(bed.claap, { title: `Call ${index}` });
			bed.claap.requests.length = 0;
			const limited = await bed.run({ resource: 'recording', operation: 'getMany', limit: 25 }, [{ json: {} }]);
			expect(limited.items).toHaveLength(25);
			expect(bed.apiCalls()).toHaveLength(1);
			expect(bed.apiCalls()[0].query).toEqual({ sort: 'created_desc', limit: '25' });
			expect(Object.keys(limited.items[0].json).sort()).toEqual(
				['createdAt', 'id', 'recorderEmail', 'recorderName', 'state', 'title', 'url'].filter((key) => key in limited.items[0].json).sort(),
			);
			expect(limited.items[0].json.title).toBe('Call 29');
			const raw = await bed.run({ resource: 'recording', operation: 'getMany', limit: 1, simplify: false }, [{ json: {} }]);
			expect(raw.items[0].json).toHaveProperty('recorder');
			expect(raw.items[0].json).toHaveProperty('workspace');
		});

		it('sends every filter under Claap\'s names', async () => {
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
			[{ filters: { createdAfter: 'last week' } }, 'Created After: "last week" is not an ISO-8601 date'],
			[{ filters: { recorderEmail: 'ada' } }, 'Recorder Email: "ada" is not an email address'],
			[{ limit: 0 }, 'Limit: 0 is not a whole number of 1 or more'],
		])('refuses %j before calling Claap', async (parameters, message) => {
			const result = await bed.run({ resource: 'recording', operation: 'getMany', ...parameters }, [{ json: {} }]);
			expect((result.error as NodeOperationError).message).toBe(`${message} [item 0]`);
			expect(bed.claap.requests).toHaveLength(0);
		});
	});

	describe('Recording → Delete', () => {
		it('deletes permanently and says so', async () => {
			const recording = await seedRecording(bed.claap);
			const result = await bed.run(
				{ resource: 'recording', operation: 'delete', recordingId: { __rl: true, mode: 'id', value: String(recording.id) } },
				[{ json: {} }],
			);
			expect(result.items.map((item) => item.json)).toEqual([{ deleted: true }]);
			expect(bed.claap.getRecording(recording.id as string)?.deleted).toBe(true);
			const again = await bed.run(
				{ resource: 'recording', operation: 'delete', recordingId: { __rl: true, mode: 'id', value: String(recording.id) } },
				[{ json: {} }],
			);
			expect((again.error as NodeApiError).httpCode).toBe('404');
		});
	});

	describe('Recording → Wait Until Ready', () => {
		it('outputs the recording once Claap has processed it, by default taking the ID from the input', async () => {
			const recording = await seedRecording(bed.claap, { title: 'Slow' });
			const put = fetch((recording.upload as { url: string }).url, { method: 'PUT', headers: { 'Content-Type': 'audio/wav' }, body: wavFile() });
			const result = await bed.run(
				{ resource: 'recording', operation: 'waitUntilReady', options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 20 } },
				[{ json: { id: recording.id } }],
			);
			await put;
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toMatchObject({ id: recording.id, state: 'Ready', title: 'Slow' });
		});

		it('reports a recording Claap could not process', async () => {
			const recording = await seedRecording(bed.claap, {}, { media: Buffer.from('not a media file at all') });
			const result = await bed.run(
				{ resource: 'recording', operation: 'waitUntilReady', options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 20 } },
				[{ json: { id: recording.id } }],
			);
			expect((result.error as NodeOperationError).message).toBe(`Claap could not process recording ${recording.id} (state Failed)`);
			expect((result.error as NodeOperationError).description).toMatch(/^Failed is final: waiting again will not change it/);
		});

		it('on Create, says a Failed recording is final rather than to wait again', async () => {
			const data = await bed.harness.storeBinary({ buffer: Buffer.from('not a media file at all'), fileName: 'a.wav', mimeType: 'audio/wav' });
			const result = await bed.run(
				{ resource: 'recording', operation: 'create', authorEmail: 'ada@example.com', options: { waitUntilReady: true, pollIntervalSeconds: 1 } },
				[{ json: {}, binary: { data } }],
				{ continueOnFail: true },
			);
			const { description, recording } = jsonOf(result) as { description: string; recording: { state: string } };
			expect(description).toMatch(/^Failed is final: waiting again will not change it\..*delete this recording and create it again\. The recording was created/);
			expect(description).not.toMatch(/Wait Until Ready/);
			expect(recording.state).toBe('Failed');
		});

		it('plans its checks from the input\'s duration, even after checking once at once', async () => {
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
					{ resource: 'recording', operation: 'waitUntilReady', options: { waitTimeoutSeconds: 3600 } },
					[{ json: { id: recording.id, ...json } }],
				);
				expect((result.error as NodeOperationError).message).toMatch(/is still Empty after 3600 seconds/);
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
				{ resource: 'recording', operation: 'waitUntilReady', options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 1 } },
				[{ json: { id: recording.id } }],
			);
			const error = result.error as NodeOperationError;
			expect(error.message).toBe(`Recording ${recording.id} is still Empty after 1 seconds`);
			expect(error.description).toMatch(/waiting for an upload/);
		});

		it('is offered as an option of Create', async () => {
			const data = await bed.harness.storeBinary({ buffer: wavFile(), fileName: 'a.wav', mimeType: 'audio/wav' });
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
			expect(jsonOf(result)).toMatchObject({ state: 'Ready', uploaded: { media: { bytes: wavFile().length } } });
		});

		it('refuses to wait on Create when an upload is left for later', async () => {
			const result = await bed.run(
				{ resource: 'recording', operation: 'create', authorEmail: 'ada@example.com', mediaSource: 'none', options: { waitUntilReady: true } },
				[{ json: {} }],
			);
			expect((result.error as NodeOperationError).message).toMatch(/^Wait Until Ready: the recording cannot become ready/);
			expect(bed.claap.requests).toHaveLength(0);
		});
	});

	describe('Transcript → Get', () => {
		it('returns the segments as data', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) } },
				[{ json: {} }],
			);
			expect(result.error).toBeUndefined();
			const output = jsonOf(result) as { recordingId: string; segments: Array<{ text: string; speaker: string }> };
			expect(output.recordingId).toBe(recording.id);
			expect(output.segments.map((segment) => segment.text)).toEqual(['Thanks for joining.', 'Happy to be here.']);
		});

		it('returns Claap\'s text format', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) }, format: 'text' },
				[{ json: {} }],
			);
			expect(result.error).toBeUndefined();
			expect(bed.apiCalls().at(-1)!.query).toEqual({ format: 'text' });
			expect(jsonOf(result).text).toMatch(/^00:00 Ada Lovelace: Thanks for joining\./);
		});

		it.each([
			['webVtt', 'vtt', 'text/vtt', /^WEBVTT/],
			['srt', 'srt', 'application/x-subrip', /^1\r?\n00:00:00,000 --> 00:00:01,500/],
			['text', 'txt', 'text/plain', /Ada Lovelace: Thanks for joining/],
			['claapJson', 'json', 'application/json', /"segments"/],
		])('writes a %s file', async (fileFormat, extension, mimeType, content) => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) }, output: 'file', fileFormat },
				[{ json: {} }],
			);
			expect(result.error).toBeUndefined();
			const file = result.items[0].binary!.data;
			expect(file.fileName).toBe(`${recording.id}.${extension}`);
			expect(file.mimeType).toBe(mimeType);
			expect((await bed.harness.readBinary(file)).toString('utf8')).toMatch(content);
		});

		it('asks for a translation and explains when there is none', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) }, options: { lang: 'de' } },
				[{ json: {} }],
			);
			expect(bed.apiCalls().at(-1)!.query).toEqual({ format: 'json', lang: 'de' });
			expect((result.error as NodeApiError).httpCode).toBe('404');
			expect((result.error as NodeApiError).message).toMatch(/^No "de" transcript for this recording/);
			expect((result.error as NodeApiError).description).toMatch(/state Ready.*or Claap has no "de" translation of it/);
		});

		it('explains that a 404 may be a transcript not ready yet', async () => {
			bed.claap.injectFault({ method: 'GET', path: /\/transcript$/, status: 404, body: { error: { type: 'not_found', message: 'Transcript not found' } } });
			const result = await bed.run({ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: 'rec_1' } }, [{ json: {} }]);
			expect((result.error as NodeApiError).message).toBe('No transcript for this recording yet (Claap: "Transcript not found")');
			expect((result.error as NodeApiError).description).toBe(
				'Claap transcribes a recording after its upload: the transcript is there once Recording → Get shows state Ready (Recording → Wait Until Ready waits for it). Otherwise the recording may not exist: check the ID.',
			);
		});

		it('gives the same JSON when Claap wraps the transcript in "transcript"', async () => {
			const recording = await readyRecording();
			const get = () => bed.run({ resource: 'transcript', operation: 'get', recordingId: { __rl: true, mode: 'id', value: String(recording.id) } }, [{ json: {} }]);
			const bare = jsonOf(await get());
			const answer = await fetch(`${bed.claap.url}/v1/recordings/${String(recording.id)}/transcript`, { headers: { 'X-Claap-Key': bed.claap.apiKey } });
			const { result } = (await answer.json()) as { result: unknown };
			bed.claap.injectFault({ method: 'GET', path: /\/transcript$/, status: 200, body: { result: { transcript: result } } });
			expect(jsonOf(await get())).toEqual(bare);
			expect(bare.segments).toHaveLength(2);
		});
	});

	describe('Workspace → Get', () => {
		it('returns the key\'s workspace', async () => {
			const result = await bed.run({ resource: 'workspace', operation: 'get' }, [{ json: {} }]);
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toMatchObject({ id: expect.any(String), name: expect.any(String), membersCount: expect.any(Number) });
		});
	});
});
