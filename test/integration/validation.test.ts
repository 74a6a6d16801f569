import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TestBed } from './testBed';
import { sampleTranscript, startTestBed, wavFile } from './testBed';

/** Every refusal must name the parameter and the item, say how to fix it, and send nothing. */
describe('validation before any request', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	const create = (parameters: INodeParameters): INodeParameters => ({
		resource: 'recording',
		operation: 'create',
		authorEmail: 'ada@example.com',
		...parameters,
	});

	async function withMedia(
		fileName = 'a.wav',
		mimeType = 'audio/wav',
		buffer = wavFile(),
	): Promise<INodeExecutionData> {
		return {
			json: {},
			binary: { data: await bed.harness.storeBinary({ buffer, fileName, mimeType }) },
		};
	}

	async function transcriptItem(content: string): Promise<INodeExecutionData> {
		const item = await withMedia();
		item.binary!.transcript = await bed.harness.storeBinary({
			buffer: Buffer.from(content),
			fileName: 'transcript.json',
			mimeType: 'application/json',
		});
		return item;
	}

	const cases: Array<
		[string, () => Promise<[INodeParameters, INodeExecutionData]>, string, RegExp]
	> = [
		[
			'a malformed author email',
			async () => [create({ authorEmail: 'ada at example' }), await withMedia()],
			'Author Email: "ada at example" is not an email address',
			/member of the Claap workspace/,
		],
		[
			'an author email with doubled dots, which Claap refuses',
			async () => [create({ authorEmail: 'ada..l@example.com' }), await withMedia()],
			'Author Email: "ada..l@example.com" is not an email address',
			/member of the Claap workspace/,
		],
		[
			'a participant email with doubled dots',
			async () => [
				create({
					additionalFields: {
						meetingStartedAt: '2025-02-25',
						meetingEndedAt: '2025-02-26',
						participants: { participant: [{ name: 'Bob', email: 'b..ob@x.io' }] },
					},
				}),
				await withMedia(),
			],
			'Participants: participant 1 (Bob) has an invalid email "b..ob@x.io"',
			/Fix the email/,
		],
		[
			'a speaker email from Speaker Mapping with doubled dots',
			async () => [
				create({
					transcriptSource: 'binary',
					speakerMapping: { speaker: [{ match: 'Ada Lovelace', email: 'ada..l@example.com' }] },
				}),
				await transcriptItem(JSON.stringify(sampleTranscript)),
			],
			'Speaker Mapping: row 1 (Ada Lovelace) has an invalid email "ada..l@example.com"',
			/Fix the email/,
		],
		[
			'an empty author email',
			async () => [create({ authorEmail: '={{ $json.nobody }}' }), await withMedia()],
			'Author Email: is empty',
			/member of the Claap workspace/,
		],
		[
			'a missing binary field',
			async () => [create({ binaryPropertyName: 'video' }), await withMedia()],
			'Input Binary Field: the item has no binary field "video"',
			/Binary fields on this item: data/,
		],
		[
			'an item without binary data',
			async () => [create({}), { json: {} }],
			'Input Binary Field: the item has no binary field "data"',
			/Read\/Write Files from Disk/,
		],
		[
			'an empty media file',
			async () => [create({}), await withMedia('a.wav', 'audio/wav', Buffer.alloc(0))],
			'Input Binary Field: the file is empty (0 bytes)',
			/Check the step/,
		],
		[
			'a format Claap refuses',
			async () => [
				create({}),
				await withMedia('slides.pdf', 'application/pdf', Buffer.from('%PDF-1.4')),
			],
			'Input Binary Field: "slides.pdf" (application/pdf) is not a format Claap accepts',
			/aac, avi, mp3, mp4, wav, webm, wmv/,
		],
		[
			'a bad media URL',
			async () => [create({ mediaSource: 'url', downloadUrl: 'files/call.mp4' }), { json: {} }],
			'Media URL: "files/call.mp4" is not an http(s) URL',
			/public link/,
		],
		[
			'a meeting without an end',
			async () => [
				create({ additionalFields: { meetingStartedAt: '2025-02-25T10:00:00' } }),
				await withMedia(),
			],
			'Meeting End: is missing',
			/both Meeting Start and Meeting End/,
		],
		[
			'a meeting ending before it starts',
			async () => [
				create({
					additionalFields: {
						meetingStartedAt: '2025-02-25T10:00:00',
						meetingEndedAt: '2025-02-25T09:00:00',
					},
				}),
				await withMedia(),
			],
			'Meeting End: 2025-02-25T09:00:00 is not after Meeting Start',
			/end after it starts/,
		],
		[
			'a date that is not ISO-8601',
			async () => [
				create({
					additionalFields: { meetingStartedAt: '25/02/2025', meetingEndedAt: '2025-02-26' },
				}),
				await withMedia(),
			],
			'Meeting Start: "25/02/2025" is not an ISO-8601 date',
			/2025-02-25T13:00/,
		],
		[
			'a participant with a bad email',
			async () => [
				create({
					additionalFields: {
						meetingStartedAt: '2025-02-25',
						meetingEndedAt: '2025-02-26',
						participants: { participant: [{ name: 'Bob', email: 'bob@' }] },
					},
				}),
				await withMedia(),
			],
			'Participants: participant 1 (Bob) has an invalid email "bob@"',
			/Fix the email/,
		],
		[
			'a deal without a meeting',
			async () => [
				create({ additionalFields: { dealId: '1', dealCrmType: 'hubspot' } }),
				await withMedia(),
			],
			'Deal ID: a deal can only be linked to a meeting',
			/Meeting Start and Meeting End/,
		],
		[
			'a transcript file that is not JSON',
			async () => [
				create({ transcriptSource: 'binary', transcriptFormat: 'claapUploadJson' }),
				await transcriptItem('{"segments": ['),
			],
			'Transcript Binary Field: could not be read: Claap upload JSON transcript, whole file: not valid JSON',
			/Accepted formats/,
		],
		[
			'a transcript in no known format',
			async () => [create({ transcriptSource: 'binary' }), await transcriptItem('hello there')],
			'Transcript Binary Field: could not be read',
			/Accepted formats: Claap upload JSON/,
		],
		[
			'a transcript segment with an unknown speaker',
			async () => {
				const bad = structuredClone(sampleTranscript);
				bad.transcript.segments[1].speakerId = '9';
				return [create({ transcriptSource: 'binary' }), await transcriptItem(JSON.stringify(bad))];
			},
			'Transcript Binary Field: segments[1].speakerId "9" is not in the speakers list',
			/speaker ID must be among them/,
		],
		[
			'a segment ending before it starts',
			async () => [
				create({
					transcriptSource: 'fields',
					segments: { segment: [{ start: 3, end: 2, speakerId: '1', text: 'x' }] },
				}),
				await withMedia(),
			],
			'Segments: segments[0].end ends at 2s, not after its start (3s)',
			/end after start/,
		],
		[
			'a segment without text',
			async () => [
				create({
					transcriptSource: 'fields',
					segments: { segment: [{ start: 0, end: 2, speakerId: '1', text: ' ' }] },
				}),
				await withMedia(),
			],
			'Segments: segments[0].text is empty',
			/some text/,
		],
		[
			'no segments at all',
			async () => [create({ transcriptSource: 'fields' }), await withMedia()],
			'Segments: segments the transcript has no segments',
			/Every segment/,
		],
		[
			'empty transcript JSON (no sample is pre-filled)',
			async () => [
				create({
					transcriptSource: 'fields',
					transcriptInputMode: 'json',
					transcriptJson: '={{ $json.nothing }}',
				}),
				await withMedia(),
			],
			'Transcript JSON: is empty',
			/Map the transcript into it/,
		],
		[
			'transcript JSON that is not a transcript',
			async () => [
				create({
					transcriptSource: 'fields',
					transcriptInputMode: 'json',
					transcriptJson: '{"text": "hi"}',
				}),
				await withMedia(),
			],
			'Transcript JSON: could not be read',
			/"segments"/,
		],
		[
			'a language that is not two letters',
			async () => [
				create({
					transcriptSource: 'fields',
					transcriptInputMode: 'json',
					transcriptJson: JSON.stringify(sampleTranscript),
					transcriptLanguage: 'english',
				}),
				await withMedia(),
			],
			'Transcript Language: "english" is not a two-letter language code',
			/ISO 639-1/,
		],
		[
			'an empty transcript upload URL',
			async () => [
				{ resource: 'transcript', operation: 'upload', transcriptSource: 'fields' },
				{ json: {} },
			],
			'Transcript Upload URL: is empty',
			/Upload Later/,
		],
		[
			'a transcript upload URL that is not a URL',
			async () => [
				{ resource: 'transcript', operation: 'upload', metaUrl: 'abc', transcriptSource: 'fields' },
				{ json: {} },
			],
			'Transcript Upload URL: "abc" is not an http(s) URL',
			/upload\.metaUrl/,
		],
	];

	it.each(cases)('refuses %s', async (_name, build, message, fix) => {
		const [parameters, item] = await build();
		const result = await bed.run(parameters, [item]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toContain(message);
		expect(error.message).toContain('[item 0]');
		expect(error.description).toMatch(fix);
		expect(bed.claap.requests).toHaveLength(0);
	});

	it('names the failing item among several', async () => {
		const items = [await withMedia(), await withMedia(), await withMedia()];
		items[2].json.email = 'not-an-email';
		const result = await bed.run(
			create({ authorEmail: '={{ $json.email || "ada@example.com" }}', mediaSource: 'none' }),
			items,
		);
		expect((result.error as NodeOperationError).message).toContain('[item 2]');
		expect(bed.apiCalls()).toHaveLength(2);
	});
});

describe('a Media URL expression that yields nothing', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed();
	});
	afterAll(async () => await bed.close());

	it('is refused as empty, and no recording is created', async () => {
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				mediaSource: 'url',
				downloadUrl: '={{ $json.body.mediaUrl }}',
			},
			[{ json: { body: {} } }],
		);
		expect(result.error?.message).toBe('Media URL: is empty [item 0]');
		expect(bed.claap.requests).toHaveLength(0);
	});
});
