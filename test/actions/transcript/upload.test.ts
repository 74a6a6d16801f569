import type { TestBed } from '../../integration/testBed';
import {
	jsonOf,
	sampleTranscript,
	startTestBed,
	waitForState,
	wavFile,
} from '../../integration/testBed';

describe('Transcript → Upload against the Claap emulator', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it('completes a recording created with "Upload Later", taking the URL from the previous output', async () => {
		const media = await bed.harness.storeBinary({
			buffer: wavFile(),
			fileName: 'a.wav',
			mimeType: 'audio/wav',
		});
		const transcriptFile = await bed.harness.storeBinary({
			buffer: Buffer.from(JSON.stringify(sampleTranscript)),
			fileName: 'a.json',
			mimeType: 'application/json',
		});
		const created = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				transcriptSource: 'uploadLater',
			},
			[{ json: {}, binary: { data: media, transcript: transcriptFile } }],
		);
		expect(created.error).toBeUndefined();
		const recordingId = jsonOf(created).id as string;
		expect(bed.claap.getRecording(recordingId)?.state).toBe('Empty');

		// The default Transcript Upload URL is {{ $json.upload.metaUrl }}: the created item feeds it.
		const uploaded = await bed.run({ resource: 'transcript', operation: 'upload' }, created.items);
		expect(uploaded.error).toBeUndefined();

		const put = bed.uploads().at(-1)!;
		expect(put.method).toBe('PUT');
		expect(put.headers['x-claap-key']).toBeUndefined();
		expect(put.json).toEqual(sampleTranscript);
		expect(await waitForState(bed.claap, recordingId, ['Ready', 'Failed'])).toBe('Ready');

		const output = jsonOf(uploaded);
		expect(output.id).toBe(recordingId);
		expect(output.upload).toBeUndefined();
		expect(output.uploaded).toMatchObject({
			media: { bytes: wavFile().length },
			transcript: { segments: 2, speakers: 2 },
		});
		expect(Object.keys(uploaded.items[0].binary ?? {}).sort()).toEqual(['data', 'transcript']);
		expect(uploaded.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('takes an explicit URL and a transcript from fields', async () => {
		const created = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://files.example.com/a.mp4',
				transcriptSource: 'uploadLater',
			},
			[{ json: {} }],
		);
		const metaUrl = (jsonOf(created).upload as { metaUrl: string }).metaUrl;
		const uploaded = await bed.run(
			{
				resource: 'transcript',
				operation: 'upload',
				metaUrl,
				transcriptSource: 'fields',
				transcriptInputMode: 'lists',
				segments: { segment: [{ start: 0.25, end: 1, speakerId: '1', text: 'Hi' }] },
			},
			[{ json: { unrelated: true } }],
		);
		expect(uploaded.error).toBeUndefined();
		expect(bed.uploads().at(-1)!.json).toEqual({
			transcript: { segments: [{ start: 0.25, end: 1, speakerId: '1', text: 'Hi' }] },
		});
		expect(jsonOf(uploaded)).toEqual({
			unrelated: true,
			uploaded: { transcript: { segments: 1, speakers: 1, bytes: expect.any(Number) } },
		});
		expect(await waitForState(bed.claap, jsonOf(created).id as string, ['Ready', 'Failed'])).toBe(
			'Ready',
		);
	});
});

describe('Recording → Upload Media against the Claap emulator', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.claap.clearFaults();
		bed.claap.reset();
	});

	it('sends the media of a recording created with Media Source "None"', async () => {
		const media = wavFile(1);
		const data = await bed.harness.storeBinary({
			buffer: media,
			fileName: 'later.wav',
			mimeType: 'audio/wav',
		});
		const created = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'none',
			},
			[{ json: {}, binary: { data } }],
		);
		const uploaded = await bed.run(
			{ resource: 'recording', operation: 'uploadMedia' },
			created.items,
		);
		expect(uploaded.error).toBeUndefined();
		const put = bed.uploads().at(-1)!;
		expect(put.headers['x-claap-key']).toBeUndefined();
		expect(put.headers['content-length']).toBe(String(media.length));
		const output = jsonOf(uploaded);
		expect(output.upload).toBeUndefined();
		expect(output.uploaded).toEqual({
			media: { bytes: media.length, contentType: 'audio/wav', fileName: 'later.wav' },
		});
		expect(await waitForState(bed.claap, output.id as string, ['Ready', 'Failed'])).toBe('Ready');
		expect(bed.claap.recordings()).toHaveLength(1);
	});

	it('from node version 1.2, reads the transcript file from "data" by default, where file nodes put it', async () => {
		const created = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://files.example.com/a.mp3',
				transcriptSource: 'uploadLater',
			},
			[{ json: {} }],
		);
		const transcriptFile = await bed.harness.storeBinary({
			buffer: Buffer.from(JSON.stringify(sampleTranscript)),
			fileName: 'a.json',
			mimeType: 'application/json',
		});
		const item = { json: created.items[0].json, binary: { data: transcriptFile } };
		const latest = await bed.run({ resource: 'transcript', operation: 'upload' }, [item], {
			typeVersion: 1.2,
		});
		expect(latest.error).toBeUndefined();
		expect(bed.uploads().at(-1)!.json).toEqual(sampleTranscript);
		// Version 1 keeps looking in "transcript".
		const earlier = await bed.run({ resource: 'transcript', operation: 'upload' }, [item], {
			typeVersion: 1,
		});
		expect(earlier.error?.message).toBe(
			'Transcript Binary Field: the item has no binary field "transcript" [item 0]',
		);
	});

	it('resumes a Create whose media upload failed, from its error item', async () => {
		bed.claap.injectFault({
			method: 'PUT',
			path: /^\/storage\/media\//,
			status: 500,
			times: Infinity,
		});
		const data = await bed.harness.storeBinary({
			buffer: wavFile(1),
			fileName: 'a.wav',
			mimeType: 'audio/wav',
		});
		const failed = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				options: { maxRetries: 0 },
			},
			[{ json: {}, binary: { data } }],
			{ continueOnFail: true },
		);
		expect(jsonOf(failed).recording).toMatchObject({ upload: { url: expect.any(String) } });
		bed.claap.clearFaults();
		const resumed = await bed.run(
			{ resource: 'recording', operation: 'uploadMedia' },
			failed.items,
		);
		expect(resumed.error).toBeUndefined();
		// The error is over: the output no longer says it.
		expect(jsonOf(resumed)).not.toHaveProperty('error');
		expect(jsonOf(resumed)).not.toHaveProperty('description');
		expect(jsonOf(resumed)).toMatchObject({
			recording: { id: expect.any(String) },
			uploaded: { media: { bytes: expect.any(Number) } },
		});
		const [recording] = bed.claap.recordings();
		expect(bed.claap.recordings()).toHaveLength(1);
		expect(await waitForState(bed.claap, recording.id, ['Ready', 'Failed'])).toBe('Ready');
	});

	it('checks the file before sending anything', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'uploadMedia',
				uploadUrl: `${bed.claap.url}/storage/media/abc`,
			},
			[
				{
					json: {},
					binary: {
						data: bed.harness.memoryBinary(Buffer.from('%PDF'), 'a.pdf', 'application/pdf'),
					},
				},
			],
		);
		expect(result.error?.message).toMatch(
			/^Input Binary Field: "a.pdf" \(application\/pdf\) is not a format Claap accepts/,
		);
		expect(bed.claap.requests).toHaveLength(0);
	});
});
