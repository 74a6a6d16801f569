import { NodeApiError } from 'n8n-workflow';

import type { TestBed } from '../../integration/testBed';
import {
	jsonOf,
	sampleTranscript,
	seedRecording,
	startTestBed,
	waitForState,
	wavFile,
} from '../../integration/testBed';

describe('Transcript → Get', () => {
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

	it('returns the segments as data', async () => {
		const recording = await readyRecording();
		const result = await bed.run(
			{
				resource: 'transcript',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
			},
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		const output = jsonOf(result) as {
			recordingId: string;
			segments: Array<{ text: string; speaker: string }>;
		};
		expect(output.recordingId).toBe(recording.id);
		expect(output.segments.map((segment) => segment.text)).toEqual([
			'Thanks for joining.',
			'Happy to be here.',
		]);
	});

	it("returns Claap's text format", async () => {
		const recording = await readyRecording();
		const result = await bed.run(
			{
				resource: 'transcript',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				format: 'text',
			},
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
			{
				resource: 'transcript',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				output: 'file',
				fileFormat,
			},
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
			{
				resource: 'transcript',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				options: { lang: 'de' },
			},
			[{ json: {} }],
		);
		expect(bed.apiCalls().at(-1)!.query).toEqual({ format: 'json', lang: 'de' });
		expect((result.error as NodeApiError).httpCode).toBe('404');
		expect((result.error as NodeApiError).message).toMatch(
			/^No "de" transcript for this recording/,
		);
		expect((result.error as NodeApiError).description).toMatch(
			/state Ready.*or Claap has no "de" translation of it/,
		);
	});

	it('explains that a 404 may be a transcript not ready yet', async () => {
		bed.claap.injectFault({
			method: 'GET',
			path: /\/transcript$/,
			status: 404,
			body: { error: { type: 'not_found', message: 'Transcript not found' } },
		});
		const result = await bed.run(
			{
				resource: 'transcript',
				operation: 'get',
				recordingId: { __rl: true, mode: 'id', value: 'rec_1' },
			},
			[{ json: {} }],
		);
		expect((result.error as NodeApiError).message).toBe(
			'No transcript for this recording yet (Claap: "Transcript not found")',
		);
		expect((result.error as NodeApiError).description).toBe(
			'Claap transcribes a recording after its upload: the transcript is there once Recording → Get shows state Ready (Recording → Wait Until Ready waits for it). Otherwise the recording may not exist: check the ID.',
		);
	});

	it('gives the same JSON when Claap wraps the transcript in "transcript"', async () => {
		const recording = await readyRecording();
		const get = () =>
			bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: { __rl: true, mode: 'id', value: String(recording.id) },
				},
				[{ json: {} }],
			);
		const bare = jsonOf(await get());
		const answer = await fetch(
			`${bed.claap.url}/v1/recordings/${String(recording.id)}/transcript`,
			{ headers: { 'X-Claap-Key': bed.claap.apiKey } },
		);
		const { result } = (await answer.json()) as { result: unknown };
		bed.claap.injectFault({
			method: 'GET',
			path: /\/transcript$/,
			status: 200,
			body: { result: { transcript: result } },
		});
		expect(jsonOf(await get())).toEqual(bare);
		expect(bare.segments).toHaveLength(2);
	});
});
