import type { NodeOperationError } from 'n8n-workflow';

import type { TestBed } from './testBed';
import {
	jsonOf,
	sampleTranscript,
	seedRecording,
	startTestBed,
	waitForState,
	wavFile,
} from './testBed';

/** Node version 1.1: the Output choice of Recording → Get, Get Many and Transcript → Get. */
describe('Output choices (node version 1.1)', () => {
	let bed: TestBed;
	const v11 = { typeVersion: 1.1 };
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	async function readyRecording(title = 'Weekly sync', transcript: unknown = sampleTranscript) {
		const recording = await seedRecording(bed.claap, { title }, { media: wavFile(), transcript });
		expect(await waitForState(bed.claap, recording.id as string, ['Ready'])).toBe('Ready');
		bed.claap.requests.length = 0;
		return recording as { id: string; url: string };
	}

	const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

	describe('Recording → Get', () => {
		it("is Simplified by default: flat fields plus the meeting's content, no upload links or workspace", async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: byId(recording.id) },
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			const json = jsonOf(result);
			expect(json).toMatchObject({
				id: recording.id,
				title: 'Weekly sync',
				state: 'Ready',
				url: recording.url,
				recorderEmail: 'ada@example.com',
			});
			expect(json.aiFields).toEqual(expect.any(Array));
			for (const key of ['recorder', 'workspace', 'upload', 'video', 'thumbnailUrl'])
				expect(json).not.toHaveProperty(key);
			// Empty lists are left out rather than sent to a model.
			for (const [, value] of Object.entries(json))
				expect(Array.isArray(value) && value.length === 0 && value !== json.labels).toBe(false);
		});

		it('outputs everything Claap sends with Raw, and as version 1 did', async () => {
			const recording = await readyRecording();
			const raw = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: byId(recording.id), output: 'raw' },
				[{ json: {} }],
				v11,
			);
			const version1 = await bed.run(
				{ resource: 'recording', operation: 'get', recordingId: byId(recording.id) },
				[{ json: {} }],
			);
			expect(jsonOf(raw)).toHaveProperty('recorder');
			expect(jsonOf(raw)).toHaveProperty('workspace');
			// Signed links are signed per answer: everything else is the same.
			const unsigned = (json: object) =>
				JSON.parse(JSON.stringify(json).replace(/expires=\d+/g, 'expires=…')) as unknown;
			expect(unsigned(jsonOf(raw))).toEqual(unsigned(jsonOf(version1)));
		});

		it('outputs the ID and the chosen fields with Selected Fields', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'get',
					recordingId: byId(recording.id),
					output: 'selectedFields',
					fields: ['title', 'recorder', 'deal'],
				},
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			// `deal` is absent from this recording: not output rather than output empty.
			expect(jsonOf(result)).toEqual({
				id: recording.id,
				title: 'Weekly sync',
				recorder: expect.objectContaining({ email: 'ada@example.com' }),
			});
		});

		it('refuses Selected Fields without fields before calling Claap', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'get',
					recordingId: byId(recording.id),
					output: 'selectedFields',
					fields: [],
				},
				[{ json: {} }],
				v11,
			);
			expect((result.error as NodeOperationError).message).toBe('Fields: none selected [item 0]');
			expect((result.error as NodeOperationError).description).toBe(
				'Pick at least one field, or choose Output: Simplified.',
			);
			expect(bed.claap.requests).toHaveLength(0);
		});
	});

	describe('Recording → Get Many', () => {
		it("is Simplified by default and ignores version 1's Simplify", async () => {
			await readyRecording('Call A');
			const result = await bed.run(
				{ resource: 'recording', operation: 'getMany', limit: 5, simplify: false },
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(jsonOf(result)).toMatchObject({ title: 'Call A', recorderEmail: 'ada@example.com' });
			expect(jsonOf(result)).not.toHaveProperty('recorder');
		});

		it('outputs Raw and Selected Fields for every recording', async () => {
			await readyRecording('Call A');
			await readyRecording('Call B');
			const raw = await bed.run(
				{ resource: 'recording', operation: 'getMany', limit: 5, output: 'raw' },
				[{ json: {} }],
				v11,
			);
			expect(raw.items.map((item) => Object.keys(item.json))).toEqual([
				expect.arrayContaining(['recorder', 'workspace']),
				expect.arrayContaining(['recorder', 'workspace']),
			]);
			const selected = await bed.run(
				{
					resource: 'recording',
					operation: 'getMany',
					limit: 5,
					output: 'selectedFields',
					fields: ['title'],
				},
				[{ json: {} }],
				v11,
			);
			expect(selected.items.map((item) => item.json)).toEqual([
				{ id: expect.any(String), title: 'Call B' },
				{ id: expect.any(String), title: 'Call A' },
			]);
		});

		it("keeps version 1's Simplify toggle for version 1 workflows", async () => {
			await readyRecording('Call A');
			const result = await bed.run(
				{
					resource: 'recording',
					operation: 'getMany',
					limit: 5,
					simplify: false,
					output: 'selectedFields',
				},
				[{ json: {} }],
			);
			expect(jsonOf(result)).toHaveProperty('recorder');
			expect(jsonOf(result)).toHaveProperty('workspace');
		});
	});

	describe('Transcript → Get', () => {
		/** A transcript of `count` segments, 10 s each, speakers alternating. */
		function longTranscript(count: number) {
			return {
				transcript: {
					langIso2: 'en',
					segments: Array.from({ length: count }, (_, index) => ({
						start: index * 10,
						end: index * 10 + 9,
						speakerId: String((index % 2) + 1),
						text: `Point number ${index + 1} of the agenda.`,
					})),
					speakers: [
						{ speakerId: '1', name: 'Ada Lovelace' },
						{ speakerId: '2', name: 'Grace Hopper' },
					],
				},
			};
		}

		it("is Simplified by default: text with speakers and times, from Claap's JSON", async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: byId(recording.id) },
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			expect(bed.apiCalls()[0].query).toEqual({ format: 'json' });
			expect(jsonOf(result)).toEqual({
				recordingId: recording.id,
				language: 'en',
				speakers: ['Ada Lovelace', 'Grace Hopper'],
				text: '00:00 Ada Lovelace: Thanks for joining.\n00:01 Grace Hopper: Happy to be here.',
				characters: 77,
				segments: 2,
				truncated: false,
			});
		});

		it('cuts a long transcript at a line end within Max Characters, with a note saying where', async () => {
			const recording = await readyRecording('Long meeting', longTranscript(400));
			const result = await bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: byId(recording.id),
					maxCharacters: 1000,
				},
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			const json = jsonOf(result) as {
				text: string;
				characters: number;
				segments: number;
				truncated: boolean;
				note: string;
			};
			const lines = json.text.split('\n');
			expect(json.text.length).toBeLessThanOrEqual(1000);
			expect(json.truncated).toBe(true);
			expect(json.segments).toBe(400);
			expect(json.characters).toBeGreaterThan(10_000);
			// Whole lines only: the next line would not have fitted.
			expect(lines[0]).toBe('00:00 Ada Lovelace: Point number 1 of the agenda.');
			expect(lines.at(-1)).toMatch(
				/^\d{2}:\d{2} (Ada Lovelace|Grace Hopper): Point number \d+ of the agenda\.$/,
			);
			const nextLine = `${lines.at(-1)!.replace(/number (\d+)/, (_, n) => `number ${Number(n) + 1}`)}`;
			expect(json.text.length + 1 + nextLine.length).toBeGreaterThan(1000);
			const lastTime = lines.at(-1)!.slice(0, 5);
			expect(json.note).toBe(
				`Transcript cut at ${json.text.length} of ${json.characters} characters (${lines.length} of 400 segments, up to ${lastTime}): raise Max Characters to read more.`,
			);
		});

		it('cuts inside a first line longer than Max Characters rather than giving nothing', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: byId(recording.id),
					maxCharacters: 20,
				},
				[{ json: {} }],
				v11,
			);
			expect(jsonOf(result)).toMatchObject({
				text: '00:00 Ada Lovelace: ',
				truncated: true,
				note: 'Transcript cut at 20 of 77 characters: raise Max Characters to read more.',
			});
		});

		it('gives the whole text when it is exactly Max Characters long', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: byId(recording.id),
					maxCharacters: 77,
				},
				[{ json: {} }],
				v11,
			);
			expect(jsonOf(result)).toMatchObject({ truncated: false, characters: 77 });
			expect(jsonOf(result)).not.toHaveProperty('note');
		});

		it.each([0, 2.5, -1, '100'])(
			'refuses Max Characters %p before calling Claap',
			async (maxCharacters) => {
				const recording = await readyRecording();
				const result = await bed.run(
					{
						resource: 'transcript',
						operation: 'get',
						recordingId: byId(recording.id),
						maxCharacters,
					},
					[{ json: {} }],
					v11,
				);
				expect((result.error as NodeOperationError).message).toMatch(
					/^Max Characters: .* is not a whole number of 1 or more \[item 0\]$/,
				);
				expect(bed.claap.requests).toHaveLength(0);
			},
		);

		it("outputs Claap's segments with Raw, as version 1's JSON did", async () => {
			const recording = await readyRecording();
			const raw = await bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: byId(recording.id),
					output: 'raw',
				},
				[{ json: {} }],
				v11,
			);
			const version1 = await bed.run(
				{ resource: 'transcript', operation: 'get', recordingId: byId(recording.id) },
				[{ json: {} }],
			);
			expect((jsonOf(raw).segments as unknown[]).length).toBe(2);
			expect(jsonOf(raw)).toEqual(jsonOf(version1));
		});

		it('still writes a file', async () => {
			const recording = await readyRecording();
			const result = await bed.run(
				{
					resource: 'transcript',
					operation: 'get',
					recordingId: byId(recording.id),
					output: 'file',
					fileFormat: 'srt',
				},
				[{ json: {} }],
				v11,
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].binary!.data.fileName).toBe(`${recording.id}.srt`);
		});
	});
});
