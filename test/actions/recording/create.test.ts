import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fixtureNames } from '../../transcriptFormats/helpers';
import type { TestBed } from '../../integration/testBed';
import {
	jsonOf,
	sampleTranscript,
	startTestBed,
	waitForState,
	wavFile,
} from '../../integration/testBed';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('Recording → Create against the Claap emulator', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it('creates the recording, streams the media from filesystem storage and uploads the transcript file', async () => {
		const media = wavFile(2);
		const item = {
			json: { host: 'ada@example.com', topic: 'Weekly sync' },
			binary: {
				data: await bed.harness.storeBinary({
					buffer: media,
					fileName: 'meeting.wav',
					mimeType: 'audio/wav',
				}),
				transcript: await bed.harness.storeBinary({
					buffer: Buffer.from(JSON.stringify(sampleTranscript)),
					fileName: 'meeting.json',
					mimeType: 'application/json',
				}),
			},
		};
		expect(item.binary.data.id).toMatch(/^filesystem/);

		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: '={{ $json.host }}',
				mediaSource: 'binary',
				transcriptSource: 'binary',
				additionalFields: { title: '={{ $json.topic }}', source: 'Zoom' },
			},
			[item],
		);
		expect(result.error).toBeUndefined();

		const [create] = bed.apiCalls();
		expect(create.method).toBe('POST');
		expect(create.path).toBe('/v1/recordings');
		expect(create.headers['x-claap-key']).toBe(bed.claap.apiKey);
		expect(create.json).toEqual({
			authorEmail: 'ada@example.com',
			title: 'Weekly sync',
			source: 'Zoom',
			transcript: { type: 'upload' },
		});

		const [mediaPut, transcriptPut] = bed.uploads();
		expect(mediaPut.method).toBe('PUT');
		expect(mediaPut.headers['x-claap-key']).toBeUndefined();
		expect(mediaPut.headers['content-length']).toBe(String(media.length));
		expect(mediaPut.headers['content-type']).toBe('audio/wav');
		expect(mediaPut.headers['transfer-encoding']).toBeUndefined();
		expect(mediaPut.sha256).toBe(sha256(media));
		expect(transcriptPut.headers['x-claap-key']).toBeUndefined();
		expect(transcriptPut.headers['content-type']).toBe('application/json');
		expect(transcriptPut.json).toEqual(sampleTranscript);

		const output = jsonOf(result);
		const recording = bed.claap.getRecording(output.id as string);
		expect(recording?.media).toMatchObject({ bytes: media.length, sha256: sha256(media) });
		expect(recording?.transcript).toEqual(sampleTranscript);
		expect(await waitForState(bed.claap, output.id as string, ['Ready', 'Failed'])).toBe('Ready');

		expect(output).toMatchObject({
			id: recording?.id,
			state: 'Empty',
			title: 'Weekly sync',
			uploaded: {
				media: { bytes: media.length, contentType: 'audio/wav', fileName: 'meeting.wav' },
				transcript: { segments: 2, speakers: 2, langIso2: 'en' },
			},
		});
		expect(output.upload).toBeUndefined();
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(result.items[0].binary ?? {}).sort()).toEqual(['data', 'transcript']);
		expect(await bed.harness.readBinary(result.items[0].binary!.data)).toEqual(media);
	});

	it('sends in-memory binary data too, typed by its extension when the MIME type is generic', async () => {
		const media = wavFile(1);
		const result = await bed.run(
			{ resource: 'recording', operation: 'create', authorEmail: 'ada@example.com' },
			[
				{
					json: {},
					binary: { data: bed.harness.memoryBinary(media, 'call.wav', 'application/octet-stream') },
				},
			],
		);
		expect(result.error).toBeUndefined();
		const [put] = bed.uploads();
		expect(put.headers['content-type']).toBe('audio/wav');
		expect(put.headers['content-length']).toBe(String(media.length));
		expect(put.sha256).toBe(sha256(media));
		expect(await waitForState(bed.claap, jsonOf(result).id as string, ['Ready', 'Failed'])).toBe(
			'Ready',
		);
	});

	it('lets Claap download the media from a URL: nothing is uploaded', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: '={{ $json.link }}',
			},
			[{ json: { link: 'https://files.example.com/call.mp4' } }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.apiCalls().map((request) => request.json)).toEqual([
			{ authorEmail: 'ada@example.com', downloadUrl: 'https://files.example.com/call.mp4' },
		]);
		expect(bed.uploads()).toHaveLength(0);
		expect(jsonOf(result).uploaded).toEqual({ downloadUrl: 'https://files.example.com/call.mp4' });
	});

	it("maps every additional field into Claap's body", async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'none',
				additionalFields: {
					title: 'Demo',
					folderId: 'chan_42',
					source: 'MsTeams',
					meetingStartedAt: '2025-02-25T13:00:00Z',
					meetingEndedAt: '2025-02-25T13:30:00Z',
					participants: {
						participant: [
							{ name: 'Ada', email: 'ada@example.com', isOrganizer: true },
							{ name: 'Grace', email: '', isOrganizer: false },
						],
					},
					dealId: 'D-1',
					dealCrmType: 'salesforce',
				},
			},
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.apiCalls()[0].json).toEqual({
			authorEmail: 'ada@example.com',
			title: 'Demo',
			channelId: 'chan_42',
			source: 'MsTeams',
			meeting: {
				startedAt: '2025-02-25T13:00:00.000Z',
				endedAt: '2025-02-25T13:30:00.000Z',
				participants: [
					{ name: 'Ada', email: 'ada@example.com', isOrganizer: true },
					{ name: 'Grace' },
				],
			},
			deal: { id: 'D-1', type: 'salesforce' },
		});
		const output = jsonOf(result);
		expect((output.upload as { url?: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
		expect(output.uploaded).toEqual({});
		expect(bed.uploads()).toHaveLength(0);
	});

	it("sends meeting times in UTC, reading the date picker's offset-less times in the workflow's time zone", async () => {
		const create = (timezone: string) =>
			bed.run(
				{
					resource: 'recording',
					operation: 'create',
					authorEmail: 'ada@example.com',
					mediaSource: 'none',
					additionalFields: {
						meetingStartedAt: '2025-02-25T10:00:00',
						meetingEndedAt: '2025-02-25 10:45:00',
					},
				},
				[{ json: {} }],
				{ timezone },
			);
		expect((await create('America/New_York')).error).toBeUndefined();
		expect((await create('Europe/Paris')).error).toBeUndefined();
		expect(bed.apiCalls().map((call) => (call.json as { meeting: unknown }).meeting)).toEqual([
			{ startedAt: '2025-02-25T15:00:00.000Z', endedAt: '2025-02-25T15:45:00.000Z' },
			{ startedAt: '2025-02-25T09:00:00.000Z', endedAt: '2025-02-25T09:45:00.000Z' },
		]);
	});

	it('uploads a transcript given as Segments and Speakers lists', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://files.example.com/a.mp3',
				transcriptSource: 'fields',
				transcriptInputMode: 'lists',
				segments: {
					segment: [
						{ start: 0, end: 2.5, speakerId: 'a', text: 'Hello' },
						{ start: 2.5, end: 4, speakerId: 'b', text: '={{ $json.reply }}' },
					],
				},
				speakers: {
					speaker: [
						{ speakerId: 'a', name: 'Ada' },
						{ speakerId: 'b', name: 'Bob', email: 'bob@example.com' },
					],
				},
				transcriptLanguage: 'FR',
			},
			[{ json: { reply: 'Bonjour' } }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.uploads()[0].json).toEqual({
			transcript: {
				langIso2: 'fr',
				segments: [
					{ start: 0, end: 2.5, speakerId: 'a', text: 'Hello' },
					{ start: 2.5, end: 4, speakerId: 'b', text: 'Bonjour' },
				],
				speakers: [
					{ speakerId: 'a', name: 'Ada' },
					{ speakerId: 'b', name: 'Bob', email: 'bob@example.com' },
				],
			},
		});
		expect(await waitForState(bed.claap, jsonOf(result).id as string, ['Ready', 'Failed'])).toBe(
			'Ready',
		);
	});

	it('uploads a transcript given as one JSON expression', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: 'https://files.example.com/a.mp3',
				transcriptSource: 'fields',
				transcriptInputMode: 'json',
				transcriptJson: '={{ $json.stt }}',
			},
			[{ json: { stt: sampleTranscript } }],
		);
		expect(result.error).toBeUndefined();
		expect(bed.uploads()[0].json).toEqual(sampleTranscript);
	});

	it('announces a transcript to upload later and hands over its URL', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				transcriptSource: 'uploadLater',
			},
			[
				{
					json: {},
					binary: {
						data: await bed.harness.storeBinary({
							buffer: wavFile(),
							fileName: 'a.wav',
							mimeType: 'audio/wav',
						}),
					},
				},
			],
		);
		expect(result.error).toBeUndefined();
		const output = jsonOf(result);
		expect(bed.apiCalls()[0].json).toEqual({
			authorEmail: 'ada@example.com',
			transcript: { type: 'upload' },
		});
		expect(Object.keys(output.upload as object)).toEqual(['metaUrl']);
		expect(bed.claap.getRecording(output.id as string)?.state).toBe('Empty');
	});
});

describe('transcripts from the files people have', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	const fixture = (name: string) =>
		readFileSync(path.join(__dirname, '..', '..', 'transcriptFormats', 'fixtures', name));
	const urlCreate = {
		resource: 'recording',
		operation: 'create',
		authorEmail: 'ada@example.com',
		mediaSource: 'url',
		downloadUrl: 'https://files.example.com/a.mp4',
	};

	it('gets every file of the transcript corpus accepted by Claap, so no recording is left waiting for it', async () => {
		// One execution, one item per file, each by another author (Claap's quota is per author).
		const names = fixtureNames();
		const items = await Promise.all(
			names.map(async (name, index) => ({
				json: { author: `author${index}@example.com` },
				binary: {
					transcript: await bed.harness.storeBinary({
						buffer: fixture(name),
						fileName: name,
						mimeType: 'text/plain',
					}),
				},
			})),
		);
		const result = await bed.run(
			{ ...urlCreate, authorEmail: '={{ $json.author }}', transcriptSource: 'binary' },
			items,
		);
		expect(result.error).toBeUndefined();
		const states = await Promise.all(
			result.items.map(async (item, index) => [
				names[index],
				await waitForState(bed.claap, item.json.id as string, ['Ready', 'Failed']),
			]),
		);
		expect(states.filter(([, state]) => state !== 'Ready')).toEqual([]);
		expect(bed.uploads()).toHaveLength(names.length);
	}, 120_000);

	it('refuses a listed speaker whose name comes out empty before creating anything', async () => {
		// An empty Name is flagged by n8n itself (the field is required); an expression can still give "".

		const result = await bed.run(
			{
				...urlCreate,
				transcriptSource: 'fields',
				transcriptInputMode: 'lists',
				segments: { segment: [{ start: 0, end: 1, speakerId: '1', text: 'Hello' }] },
				speakers: { speaker: [{ speakerId: '1', name: '={{ $json.name }}' }] },
			},
			[{ json: {} }],
		);
		expect(result.error?.message).toMatch(
			/^Segments: speakers\[0\]\.name is missing: Claap requires a name/,
		);
		expect(bed.claap.requests).toHaveLength(0);
	});

	it('uploads a Zoom WebVTT transcript, detected by itself', async () => {
		const transcript = await bed.harness.storeBinary({
			buffer: fixture('zoom-meeting.vtt'),
			fileName: 'zoom.vtt',
			mimeType: 'text/vtt',
		});
		const result = await bed.run({ ...urlCreate, transcriptSource: 'binary' }, [
			{ json: {}, binary: { transcript } },
		]);
		expect(result.error).toBeUndefined();
		const expected = JSON.parse(fixture('zoom-meeting.expected.json').toString('utf8')).transcript;
		expect(bed.uploads()[0].json).toEqual({ transcript: expected });
		expect(await waitForState(bed.claap, jsonOf(result).id as string, ['Ready', 'Failed'])).toBe(
			'Ready',
		);
	});

	it('maps speech-to-text speaker labels to people', async () => {
		const transcript = await bed.harness.storeBinary({
			buffer: fixture('deepgram-utterances.json'),
			fileName: 'dg.json',
			mimeType: 'application/json',
		});
		const result = await bed.run(
			{
				...urlCreate,
				transcriptSource: 'binary',
				speakerMapping: {
					speaker: [
						{
							match: '0',
							displayName: 'Dana Support',
							email: 'dana@example.com',
							isRecorder: true,
						},
						{ match: '1', displayName: 'Customer' },
					],
				},
			},
			[{ json: {}, binary: { transcript } }],
		);
		expect(result.error).toBeUndefined();
		const sent = (bed.uploads()[0].json as { transcript: { speakers: unknown[] } }).transcript;
		expect(sent.speakers).toEqual([
			{ speakerId: '0', name: 'Dana Support', email: 'dana@example.com', isRecorder: true },
			{ speakerId: '1', name: 'Customer' },
		]);
	});

	it('refuses a mapping that matches no speaker, before creating anything', async () => {
		const transcript = await bed.harness.storeBinary({
			buffer: fixture('deepgram-utterances.json'),
			fileName: 'dg.json',
			mimeType: 'application/json',
		});
		const result = await bed.run(
			{
				...urlCreate,
				transcriptSource: 'binary',
				speakerMapping: { speaker: [{ match: 'spk_9', displayName: 'Nobody' }] },
			},
			[{ json: {}, binary: { transcript } }],
		);
		expect(result.error?.message).toBe(
			'Speaker Mapping: no speaker in the transcript matches "spk_9" [item 0]',
		);
		expect((result.error as { description?: string }).description).toMatch(
			/^Speakers in this transcript: Speaker 0 \(0\), Speaker 1 \(1\)/,
		);
		expect(bed.claap.requests).toHaveLength(0);
	});

	it('takes speech-to-text JSON from an expression too', async () => {
		const whisper = JSON.parse(fixture('whisper-verbose.json').toString('utf8'));
		const result = await bed.run(
			{
				...urlCreate,
				transcriptSource: 'fields',
				transcriptInputMode: 'json',
				transcriptJson: '={{ $json.whisper }}',
			},
			[{ json: { whisper } }],
		);
		expect(result.error).toBeUndefined();
		const expected = JSON.parse(
			fixture('whisper-verbose.expected.json').toString('utf8'),
		).transcript;
		expect(bed.uploads()[0].json).toEqual({ transcript: expected });
	});
});
