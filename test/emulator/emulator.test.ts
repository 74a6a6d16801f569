import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
	request as httpRequest,
	type IncomingHttpHeaders,
	type OutgoingHttpHeaders,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	MAX_MEDIA_BYTES,
	RECORDINGS_PER_AUTHOR_PER_30_DAYS,
} from '../../nodes/Claap/helpers/apiContract';
import {
	startEmulator,
	type ClaapEmulator,
	type EmulatorOptions,
	type RecordingState,
} from '../../scripts/lib/emulator/index';

// Response bodies are checked field by field; a full type for every shape would add nothing
// (the lint config allows `any` in tests for this).
type Json = any;

const AUTHOR = 'jane.doe@acme.io';

/** Minimal headers of each supported container, as the emulator sniffs them. */
const MEDIA_SAMPLES: Record<string, Buffer> = {
	wav: Buffer.concat([
		Buffer.from('RIFF'),
		Buffer.alloc(4),
		Buffer.from('WAVEfmt '),
		Buffer.alloc(32),
	]),
	avi: Buffer.concat([
		Buffer.from('RIFF'),
		Buffer.alloc(4),
		Buffer.from('AVI LIST'),
		Buffer.alloc(32),
	]),
	mp3: Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.alloc(32)]),
	mp4: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(32)]),
	webm: Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(32)]),
	wmv: Buffer.concat([Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex'), Buffer.alloc(32)]),
	aac: Buffer.concat([Buffer.from([0xff, 0xf1, 0x50, 0x80]), Buffer.alloc(32)]),
};
const MPEG_FRAME = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(32)]);
const NOT_MEDIA = Buffer.from('This is a text file, not a recording.');

const TRANSCRIPT = {
	transcript: {
		langIso2: 'fr',
		segments: [
			{ start: 0.5, end: 1.5, speakerId: '1', text: 'Bonjour !' },
			{ start: 65, end: 70, speakerId: '2', text: 'Salut.' },
			{ start: 3725.2, end: 3730, speakerId: '1', text: 'À bientôt.' },
		],
		speakers: [
			{ speakerId: '1', name: 'Éric', email: 'eric@acme.io', isRecorder: true },
			{ speakerId: '2', name: 'Zoé' },
		],
	},
};

let emulator: ClaapEmulator;

interface ApiCall {
	body?: unknown;
	key?: string | null;
	headers?: Record<string, string>;
}

async function api(method: string, path: string, { body, key, headers = {} }: ApiCall = {}) {
	const apiKey = key === undefined ? emulator.apiKey : key;
	const response = await fetch(`${emulator.url}${path}`, {
		method,
		headers: {
			...(apiKey !== null && { 'X-Claap-Key': apiKey }),
			...(body !== undefined && { 'Content-Type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
	return {
		status: response.status,
		headers: response.headers,
		text,
		json: (isJson ? JSON.parse(text) : undefined) as Json,
	};
}

async function create(fields: Record<string, unknown> = {}): Promise<Json> {
	const response = await api('POST', '/v1/recordings', {
		body: { authorEmail: AUTHOR, ...fields },
	});
	expect(response.status).toBe(200);
	return response.json.result.recording;
}

interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

/**
 * A request through node:http, which (unlike fetch) sends exactly the Content-Length given, or a
 * chunked body without one. With `leaveOpen` the body is not finished: the answer must come early.
 */
function rawRequest(
	url: string,
	{
		method = 'PUT',
		headers = {},
		body,
		leaveOpen = false,
	}: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer; leaveOpen?: boolean },
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				});
				if (leaveOpen) req.destroy();
			});
		});
		req.on('error', reject);
		if (body) req.write(body);
		if (!leaveOpen) req.end();
	});
}

function upload(
	url: string,
	body: Buffer,
	contentType: string,
	extraHeaders: OutgoingHttpHeaders = {},
) {
	return rawRequest(url, {
		headers: { 'Content-Type': contentType, 'Content-Length': body.length, ...extraHeaders },
		body,
	});
}

function uploadTranscript(url: string, transcript: unknown) {
	return upload(url, Buffer.from(JSON.stringify(transcript)), 'application/json');
}

async function waitForState(id: string, state: RecordingState): Promise<void> {
	const deadline = Date.now() + 2000;
	while (emulator.getRecording(id)?.state !== state) {
		if (Date.now() > deadline)
			throw new Error(`${id} is ${emulator.getRecording(id)?.state}, never ${state}`);
		await sleep(5);
	}
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs `body` against a dedicated emulator, closed afterwards. */
async function withEmulator(options: EmulatorOptions, body: () => Promise<void>): Promise<void> {
	const shared = emulator;
	emulator = await startEmulator(options);
	try {
		await body();
	} finally {
		await emulator.close();
		emulator = shared;
	}
}

beforeAll(async () => {
	emulator = await startEmulator({ rateLimit: false, processingDelayMs: 20 });
});

afterEach(() => {
	emulator.clearFaults();
	emulator.reset();
});

afterAll(async () => {
	await emulator.close();
});

describe('authentication and envelopes', () => {
	it('refuses a missing or unknown key with 401 and the error envelope', async () => {
		for (const key of [null, 'cla_wrong']) {
			const response = await api('GET', '/v1/workspaces/mine', { key });
			expect(response.status).toBe(401);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expect(response.json.error).toEqual({ type: 'unauthorized', message: expect.any(String) });
		}
	});

	it('refuses a free-plan workspace key with 401 and says why', async () => {
		await withEmulator({ freePlanKeys: ['cla_free'], rateLimit: false }, async () => {
			const response = await api('GET', '/v1/workspaces/mine', { key: 'cla_free' });
			expect(response.status).toBe(401);
			expect(response.json.error.message).toMatch(/plan/);
		});
	});

	it('answers the workspace of the key', async () => {
		await withEmulator(
			{ apiKeys: ['cla_a', 'cla_b'], workspace: { id: 'ws_1', name: 'Acme' }, rateLimit: false },
			async () => {
				expect(emulator.apiKey).toBe('cla_a');
				const response = await api('GET', '/v1/workspaces/mine', { key: 'cla_b' });
				expect(response.status).toBe(200);
				expect(response.json).toEqual({
					result: {
						workspace: {
							id: 'ws_1',
							name: 'Acme',
							createdAt: expect.any(String),
							membersCount: expect.any(Number),
							recordingsCount: 0,
						},
					},
				});
			},
		);
	});

	it('generates a cla_ key and serves on 127.0.0.1', () => {
		expect(emulator.apiKey).toMatch(/^cla_test_/);
		expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('answers unknown routes with 404 not_found', async () => {
		expect((await api('GET', '/v1/nothing')).json.error.type).toBe('not_found');
		expect((await api('PATCH', '/v1/recordings/rec_1')).status).toBe(404);
		expect((await api('GET', '/elsewhere')).status).toBe(404);
	});

	it('refuses malformed JSON and unknown query parameters with 400', async () => {
		const malformed = await api('POST', '/v1/recordings', { body: '{"authorEmail": ' });
		expect(malformed.status).toBe(400);
		expect(malformed.json.error.type).toBe('validation_error');

		const unknownParam = await api('GET', '/v1/recordings?pageSize=5');
		expect(unknownParam.status).toBe(400);
		expect(unknownParam.json.error.path).toBe('pageSize');
	});

	it('logs every request with lowercased headers, query and parsed body', async () => {
		await api('POST', '/v1/recordings?', { body: { authorEmail: AUTHOR } });
		await api('GET', '/v1/recordings?limit=5&limit=7');
		const [post, list] = emulator.requests;
		expect(post).toMatchObject({
			method: 'POST',
			path: '/v1/recordings',
			json: { authorEmail: AUTHOR },
		});
		expect(post.headers['x-claap-key']).toBe(emulator.apiKey);
		expect(post.bodyBytes).toBeGreaterThan(0);
		expect(list).toMatchObject({ method: 'GET', query: { limit: '5' }, bodyBytes: 0 });
	});
});

describe('creating a recording', () => {
	it.each([
		[{}, 'authorEmail'],
		[{ authorEmail: 'not-an-email' }, 'authorEmail'],
		[{ authorEmail: AUTHOR, title: 5 }, 'title'],
		[{ authorEmail: AUTHOR, channelId: ['c'] }, 'channelId'],
		[{ authorEmail: AUTHOR, downloadUrl: 'ftp://files.example/a.mp4' }, 'downloadUrl'],
		[
			{ authorEmail: AUTHOR, meeting: { participants: [{ email: 'a@b.io' }] } },
			'meeting.participants.0.name',
		],
		[
			{ authorEmail: AUTHOR, meeting: { participants: [{ name: 'A', email: 'nope' }] } },
			'meeting.participants.0.email',
		],
		[{ authorEmail: AUTHOR, meeting: { startedAt: '25/02/2025' } }, 'meeting.startedAt'],
		[{ authorEmail: AUTHOR, meeting: { startedAt: '2025-02-30' } }, 'meeting.startedAt'],
		[{ authorEmail: AUTHOR, meeting: { room: 'A' } }, 'meeting.room'],
		[{ authorEmail: AUTHOR, meeting: {}, deal: { id: 'd1', type: 'zoho' } }, 'deal.type'],
		[{ authorEmail: AUTHOR, deal: { id: 'd1', type: 'hubspot' } }, 'meeting'],
		[{ authorEmail: AUTHOR, transcript: { type: 'auto' } }, 'transcript.type'],
		[{ authorEmail: AUTHOR, transcript: { type: 'upload', lang: 'fr' } }, 'transcript.lang'],
		[{ authorEmail: AUTHOR, source: 'Skype' }, 'source'],
		[{ authorEmail: AUTHOR, folderId: 'f1' }, 'folderId'],
	])('refuses %j with validation_error at %s', async (body, path) => {
		const response = await api('POST', '/v1/recordings', { body });
		expect(response.status).toBe(400);
		expect(response.json.error).toEqual({
			type: 'validation_error',
			message: expect.any(String),
			path,
		});
		expect(emulator.recordings()).toHaveLength(0);
	});

	it('refuses a body that is not sent as JSON', async () => {
		const response = await api('POST', '/v1/recordings', {
			body: JSON.stringify({ authorEmail: AUTHOR }),
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(response.status).toBe(415);
	});

	it('accepts ISO-8601 dates down to a bare date, and every documented field', async () => {
		for (const [startedAt, endedAt] of [
			['2025-02-25', '2025-02-26'],
			['2025-02-25T13:00', '2025-02-25T14:00'],
			['2025-02-25T13:00:44Z', '2025-02-25T14:00:44+01:00'],
			['2025-02-25T13:00:44.602Z', '2025-02-25T14:00:44.602Z'],
		]) {
			await create({
				title: 'Discovery call',
				channelId: 'ch_sales',
				source: 'Zoom',
				meeting: {
					startedAt,
					endedAt,
					participants: [{ name: 'Bob', email: 'bob@client.com', isOrganizer: true }],
				},
				deal: { id: 'deal_1', type: 'hubspot' },
			});
		}
		expect(emulator.recordings()).toHaveLength(4);
	});

	it('answers an Empty recording with an upload URL, and a metaUrl only when a transcript is announced', async () => {
		const plain = await create({ title: 'Weekly', channelId: 'ch_1' });
		expect(plain).toEqual({
			id: expect.any(String),
			createdAt: expect.stringMatching(/Z$/),
			state: 'Empty',
			url: expect.any(String),
			title: 'Weekly',
			recorder: { id: expect.any(String), name: 'Jane Doe', email: AUTHOR, attended: true },
			workspace: { id: expect.any(String), name: expect.any(String) },
			channel: { id: 'ch_1', name: expect.any(String) },
			upload: { url: expect.stringMatching(`^${emulator.url}/storage/`) },
		});
		const withTranscript = await create({ transcript: { type: 'upload' } });
		expect(withTranscript.upload).toEqual({ url: expect.any(String), metaUrl: expect.any(String) });

		const stored = emulator.getRecording(plain.id);
		expect(stored).toMatchObject({
			state: 'Empty',
			authorEmail: AUTHOR,
			deleted: false,
			body: { authorEmail: AUTHOR, title: 'Weekly', channelId: 'ch_1' },
		});
		expect(stored?.uploadTokens.media).toBeDefined();
	});

	it('takes a downloadUrl without handing out a media upload URL and gets Ready on its own', async () => {
		const recording = await create({ downloadUrl: 'https://files.example.com/call.mp4' });
		expect(recording.upload).toEqual({});
		await waitForState(recording.id, 'Ready');
		expect(emulator.getRecording(recording.id)?.downloadUrl).toBe(
			'https://files.example.com/call.mp4',
		);
	});

	it('waits for the announced transcript of a downloadUrl recording', async () => {
		const recording = await create({
			downloadUrl: 'https://files.example.com/call.mp4',
			transcript: { type: 'upload' },
		});
		expect(Object.keys(recording.upload)).toEqual(['metaUrl']);
		await sleep(60);
		expect(emulator.getRecording(recording.id)?.state).toBe('Empty');
		expect((await uploadTranscript(recording.upload.metaUrl, TRANSCRIPT)).status).toBe(200);
		await waitForState(recording.id, 'Ready');
	});
});

describe('quota and membership', () => {
	it(`refuses the ${RECORDINGS_PER_AUTHOR_PER_30_DAYS + 1}th create of an author in 30 days with 403 quota`, async () => {
		for (let index = 0; index < RECORDINGS_PER_AUTHOR_PER_30_DAYS; index++) await create();
		const refused = await api('POST', '/v1/recordings', { body: { authorEmail: AUTHOR } });
		expect(refused.status).toBe(403);
		expect(refused.json.error.message).toMatch(/quota/);
		// Deleting does not give quota back; another author is unaffected.
		await api('DELETE', `/v1/recordings/${emulator.recordings()[0].id}`);
		expect((await api('POST', '/v1/recordings', { body: { authorEmail: AUTHOR } })).status).toBe(
			403,
		);
		await create({ authorEmail: 'other@acme.io' });
	});

	it('honours a custom quota', async () => {
		await withEmulator({ quotaPerAuthor: 1, rateLimit: false }, async () => {
			await create();
			expect((await api('POST', '/v1/recordings', { body: { authorEmail: AUTHOR } })).status).toBe(
				403,
			);
		});
	});

	it('refuses authors outside `members` with 403 permission', async () => {
		await withEmulator({ members: ['Jane.Doe@acme.io'], rateLimit: false }, async () => {
			await create();
			const refused = await api('POST', '/v1/recordings', {
				body: { authorEmail: 'intruder@acme.io' },
			});
			expect(refused.status).toBe(403);
			expect(refused.json.error.message).toMatch(/permission/);
		});
	});
});

describe('rate limits', () => {
	it('refuses an endpoint past its burst with 429 and reports the limits on every answer', async () => {
		await withEmulator({ rateLimit: { perSecond: 1, burst: 2, perDay: 100 } }, async () => {
			const first = await api('GET', '/v1/workspaces/mine');
			expect(first.headers.get('x-ratelimit-limit')).toBe('1');
			expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
			expect(first.headers.get('x-daily-ratelimit-remaining')).toBe('99');
			expect(first.headers.get('x-ratelimit-daily-remaining')).toBe('99');
			await api('GET', '/v1/workspaces/mine');
			const refused = await api('GET', '/v1/workspaces/mine');
			expect(refused.status).toBe(429);
			expect(refused.json.error.type).toBe('rate_limited');
			expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
			expect(refused.headers.get('x-daily-ratelimit-remaining')).toBe('98');

			// Another endpoint has its own bucket; ids share their route's bucket.
			expect((await api('GET', '/v1/recordings/rec_a')).status).toBe(404);
			expect((await api('GET', '/v1/recordings/rec_b')).status).toBe(404);
			expect((await api('GET', '/v1/recordings/rec_c')).status).toBe(429);
		});
	});

	it('refills the bucket at the sustained rate', async () => {
		await withEmulator({ rateLimit: { perSecond: 20, burst: 1, perDay: 100 } }, async () => {
			expect((await api('GET', '/v1/workspaces/mine')).status).toBe(200);
			expect((await api('GET', '/v1/workspaces/mine')).status).toBe(429);
			await sleep(80);
			expect((await api('GET', '/v1/workspaces/mine')).status).toBe(200);
		});
	});

	it('counts calls over a rolling day across endpoints', async () => {
		await withEmulator({ rateLimit: { perSecond: 100, burst: 100, perDay: 3 } }, async () => {
			await api('GET', '/v1/workspaces/mine');
			await api('GET', '/v1/recordings');
			await create();
			const refused = await api('GET', '/v1/recordings');
			expect(refused.status).toBe(429);
			expect(refused.headers.get('x-daily-ratelimit-remaining')).toBe('0');
			expect(refused.headers.get('x-ratelimit-daily-remaining')).toBe('0');
			emulator.reset();
			expect((await api('GET', '/v1/recordings')).status).toBe(200);
		});
	});

	it('sends no rate-limit headers when limits are off', async () => {
		const response = await api('GET', '/v1/workspaces/mine');
		expect(response.headers.get('x-ratelimit-limit')).toBeNull();
	});
});

describe('media uploads', () => {
	it('streams the body, records its size and SHA-256, and wants no API key', async () => {
		const recording = await create();
		const media = Buffer.concat([MEDIA_SAMPLES.mp4, randomBytes(3 * 1024 * 1024)]);
		const response = await upload(recording.upload.url, media, 'video/mp4');
		expect(response.status).toBe(200);

		expect(emulator.getRecording(recording.id)?.media).toEqual({
			bytes: media.length,
			sha256: sha256(media),
			contentType: 'video/mp4',
			sniffedFormat: 'mp4',
		});
		const put = emulator.requests.find((request) => request.method === 'PUT');
		expect(put).toMatchObject({ bodyBytes: media.length, sha256: sha256(media) });
		expect(put?.headers['x-claap-key']).toBeUndefined();
		expect(put?.path).toMatch(/^\/storage\/media\/[0-9a-f]{48}$/);
	});

	it('writes the upload to a file with disk storage', async () => {
		await withEmulator({ storage: 'disk', rateLimit: false }, async () => {
			const recording = await create();
			await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav');
			const filePath = emulator.getRecording(recording.id)?.media?.filePath;
			expect(filePath).toMatch(/\.wav$/);
			expect(readFileSync(filePath as string).equals(MEDIA_SAMPLES.wav)).toBe(true);
		});
	});

	it('requires a Content-Length: a chunked body gets 411', async () => {
		const recording = await create();
		const response = await rawRequest(recording.upload.url, {
			headers: { 'Content-Type': 'audio/wav' },
			body: MEDIA_SAMPLES.wav,
		});
		expect(response.status).toBe(411);
		expect(emulator.getRecording(recording.id)?.media).toBeUndefined();
	});

	it('refuses media over the size limit from its Content-Length, before reading it', async () => {
		const recording = await create();
		const response = await rawRequest(recording.upload.url, {
			headers: { 'Content-Type': 'video/mp4', 'Content-Length': MAX_MEDIA_BYTES + 1 },
			body: MEDIA_SAMPLES.mp4,
			leaveOpen: true,
		});
		expect(response.status).toBe(413);
		expect(emulator.getRecording(recording.id)?.media).toBeUndefined();
	});

	it.each(Object.entries(MEDIA_SAMPLES))(
		'recognises %s from its first bytes whatever the Content-Type',
		async (format, sample) => {
			const recording = await create();
			expect((await upload(recording.upload.url, sample, 'application/octet-stream')).status).toBe(
				200,
			);
			expect(emulator.getRecording(recording.id)?.media?.sniffedFormat).toBe(format);
			await waitForState(recording.id, 'Ready');
		},
	);

	it('recognises a bare MPEG audio frame as mp3', async () => {
		const recording = await create();
		await upload(recording.upload.url, MPEG_FRAME, '');
		expect(emulator.getRecording(recording.id)?.media?.sniffedFormat).toBe('mp3');
	});

	it('refuses bytes that are neither declared nor recognised as media with 415', async () => {
		const recording = await create();
		const response = await upload(recording.upload.url, NOT_MEDIA, 'text/plain');
		expect(response.status).toBe(415);
		expect(JSON.parse(response.body).error.message).toMatch(/text\/plain/);
		expect(emulator.getRecording(recording.id)?.state).toBe('Empty');
	});

	it('accepts unusable bytes under a media type, then fails the recording while processing', async () => {
		const recording = await create();
		expect((await upload(recording.upload.url, NOT_MEDIA, 'audio/mpeg')).status).toBe(200);
		await waitForState(recording.id, 'Failed');
		expect((await api('GET', `/v1/recordings/${recording.id}`)).json.result.recording.state).toBe(
			'Failed',
		);
	});

	it('replaces the payload when the same URL is sent again', async () => {
		const recording = await create();
		await upload(recording.upload.url, NOT_MEDIA, 'audio/wav');
		await waitForState(recording.id, 'Failed');
		await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav');
		expect(emulator.getRecording(recording.id)?.media?.sha256).toBe(sha256(MEDIA_SAMPLES.wav));
		await waitForState(recording.id, 'Ready');
	});

	it('does not record a body cut short by the client', async () => {
		const recording = await create();
		const req = httpRequest(recording.upload.url, {
			method: 'PUT',
			headers: { 'Content-Type': 'audio/wav', 'Content-Length': 100_000 },
		});
		req.on('error', () => undefined);
		req.write(MEDIA_SAMPLES.wav);
		await sleep(30);
		req.destroy();
		await sleep(30);
		expect(emulator.getRecording(recording.id)?.media).toBeUndefined();
		expect(emulator.getRecording(recording.id)?.state).toBe('Empty');
		// The URL still works afterwards.
		expect((await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav')).status).toBe(200);
	});

	it('refuses unknown tokens with 403 and other methods with 405', async () => {
		const recording = await create();
		expect(
			(
				await upload(
					`${emulator.url}/storage/media/${'0'.repeat(48)}`,
					MEDIA_SAMPLES.wav,
					'audio/wav',
				)
			).status,
		).toBe(403);
		expect(
			(await rawRequest(recording.upload.url, { method: 'POST', headers: { 'Content-Length': 0 } }))
				.status,
		).toBe(405);
	});
});

describe('transcript uploads', () => {
	async function metaUrl(): Promise<string> {
		return (await create({ transcript: { type: 'upload' } })).upload.metaUrl;
	}

	const segment = { start: 0, end: 1, speakerId: '1', text: 'Hi' };
	it.each([
		[{ segments: [segment], extra: 1 }, 'transcript.extra'],
		[{ segments: [] }, 'transcript.segments'],
		[{ langIso2: 'FR', segments: [segment] }, 'transcript.langIso2'],
		[{ segments: [{ ...segment, start: -1 }] }, 'transcript.segments.0.start'],
		[{ segments: [{ ...segment, end: 0 }] }, 'transcript.segments.0.end'],
		[{ segments: [{ ...segment, text: '' }] }, 'transcript.segments.0.text'],
		[{ segments: [{ ...segment, speakerId: 1 }] }, 'transcript.segments.0.speakerId'],
		[{ segments: [{ ...segment, startedAt: 0 }] }, 'transcript.segments.0.startedAt'],
		[
			{ segments: [segment], speakers: [{ speakerId: '2', name: 'Bo' }] },
			'transcript.segments.0.speakerId',
		],
		[
			{ segments: [segment], speakers: [{ speakerId: '1', name: 'Ada', email: 'x' }] },
			'transcript.speakers.0.email',
		],
		// The documented schema: `name` and `speakerId` are required on every speaker.
		[{ segments: [segment], speakers: [{ speakerId: '1' }] }, 'transcript.speakers.0.name'],
		[
			{ segments: [segment], speakers: [{ speakerId: '1', name: '' }] },
			'transcript.speakers.0.name',
		],
		[
			{ segments: [segment], speakers: [{ speakerId: '1', name: 7 }] },
			'transcript.speakers.0.name',
		],
		[{ segments: [segment], speakers: [{ name: 'Ada' }] }, 'transcript.speakers.0.speakerId'],
		[
			{ segments: [segment], speakers: [{ speakerId: '1', name: 'Ada', isRecorder: 'yes' }] },
			'transcript.speakers.0.isRecorder',
		],
	])('refuses %j with 400 at %s', async (transcript, path) => {
		const url = await metaUrl();
		const response = await uploadTranscript(url, { transcript });
		expect(response.status).toBe(400);
		expect(JSON.parse(response.body).error).toEqual({
			type: 'validation_error',
			message: expect.any(String),
			path,
		});
	});

	it('refuses a body without the transcript wrapper, a non-JSON type and a chunked body', async () => {
		const url = await metaUrl();
		expect((await uploadTranscript(url, TRANSCRIPT.transcript)).status).toBe(400);
		expect((await upload(url, Buffer.from(JSON.stringify(TRANSCRIPT)), 'text/plain')).status).toBe(
			415,
		);
		const chunked = await rawRequest(url, {
			headers: { 'Content-Type': 'application/json' },
			body: Buffer.from(JSON.stringify(TRANSCRIPT)),
		});
		expect(chunked.status).toBe(411);
	});

	it('stores the transcript as received', async () => {
		const recording = await create({ transcript: { type: 'upload' } });
		expect((await uploadTranscript(recording.upload.metaUrl, TRANSCRIPT)).status).toBe(200);
		expect(emulator.getRecording(recording.id)?.transcript).toEqual(TRANSCRIPT);
		const put = emulator.requests.find((request) => request.path.startsWith('/storage/meta/'));
		expect(put?.json).toEqual(TRANSCRIPT);
		expect(put?.headers['x-claap-key']).toBeUndefined();
	});
});

describe('state machine and reading recordings', () => {
	it('goes Empty → Uploaded → Ready once the media arrived, thin until Ready', async () => {
		await withEmulator({ rateLimit: false, processingDelayMs: 150 }, async () => {
			const recording = await create({ title: 'Demo' });
			const thin = (await api('GET', `/v1/recordings/${recording.id}`)).json.result.recording;
			expect(Object.keys(thin).sort()).toEqual(
				['id', 'recorder', 'state', 'title', 'upload', 'url', 'workspace'].sort(),
			);
			expect(thin.state).toBe('Empty');
			await upload(recording.upload.url, MEDIA_SAMPLES.mp3, 'audio/mpeg');
			expect((await api('GET', `/v1/recordings/${recording.id}`)).json.result.recording.state).toBe(
				'Uploaded',
			);
			await waitForState(recording.id, 'Ready');
		});
	});

	it('waits for both the media and the announced transcript', async () => {
		const recording = await create({ transcript: { type: 'upload' } });
		await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav');
		await sleep(60);
		expect(emulator.getRecording(recording.id)?.state).toBe('Empty');
		await uploadTranscript(recording.upload.metaUrl, TRANSCRIPT);
		expect(emulator.getRecording(recording.id)?.state).toBe('Uploaded');
		await waitForState(recording.id, 'Ready');
	});

	it('returns the full read shape once Ready, with aiFields on request', async () => {
		const recording = await create({
			title: 'Demo',
			channelId: 'ch_1',
			transcript: { type: 'upload' },
			meeting: {
				startedAt: '2025-02-25T13:00',
				endedAt: '2025-02-25T14:00Z',
				participants: [{ name: 'Bob', email: 'bob@client.com' }],
			},
			deal: { id: 'deal_1', type: 'salesforce' },
		});
		await upload(recording.upload.url, MEDIA_SAMPLES.webm, 'video/webm');
		await uploadTranscript(recording.upload.metaUrl, TRANSCRIPT);
		await waitForState(recording.id, 'Ready');

		const ready = (await api('GET', `/v1/recordings/${recording.id}`)).json.result.recording;
		expect(ready).toMatchObject({
			id: recording.id,
			title: 'Demo',
			state: 'Ready',
			source: 'Api',
			durationSeconds: 3730,
			labels: [],
			video: { url: expect.any(String) },
			channel: { id: 'ch_1' },
			meeting: {
				startingAt: '2025-02-25T13:00:00.000Z',
				endingAt: '2025-02-25T14:00:00.000Z',
				type: 'external',
				participants: [
					{ id: expect.any(String), name: 'Bob', email: 'bob@client.com', attended: true },
				],
			},
			transcripts: [{ langIso2: 'fr', isActive: true, isTranscript: true }],
			deal: { id: 'deal_1', type: 'salesforce' },
		});
		expect(ready.aiFields).toBeUndefined();
		expect(ready.upload).toBeUndefined();
		const withAi = (await api('GET', `/v1/recordings/${recording.id}?returnAiFields=true`)).json
			.result.recording;
		expect(Array.isArray(withAi.aiFields)).toBe(true);
	});

	it('answers 404 for an unknown recording', async () => {
		const response = await api('GET', '/v1/recordings/rec_unknown');
		expect(response.status).toBe(404);
		expect(response.json.error.type).toBe('not_found');
	});
});

describe('reading transcripts', () => {
	async function readyWithTranscript(transcript: unknown = TRANSCRIPT): Promise<string> {
		const recording = await create({ transcript: { type: 'upload' } });
		await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav');
		await uploadTranscript(recording.upload.metaUrl, transcript);
		await waitForState(recording.id, 'Ready');
		return recording.id;
	}

	it('returns the JSON read shape built from the upload', async () => {
		const id = await readyWithTranscript();
		const response = await api('GET', `/v1/recordings/${id}/transcript?format=json&lang=fr`);
		expect(response.json.result).toEqual({
			languageCode: 'fr',
			segments: [
				{ startedAt: 0.5, endedAt: 1.5, speaker: 'Éric', text: 'Bonjour !', languageCode: 'fr' },
				{ startedAt: 65, endedAt: 70, speaker: 'Zoé', text: 'Salut.', languageCode: 'fr' },
				{
					startedAt: 3725.2,
					endedAt: 3730,
					speaker: 'Éric',
					text: 'À bientôt.',
					languageCode: 'fr',
				},
			],
		});
	});

	it('names speakers by id when no speakers were given', async () => {
		const id = await readyWithTranscript({
			transcript: { segments: [{ start: 0, end: 1, speakerId: 'spk_1', text: 'Hi' }] },
		});
		const response = await api('GET', `/v1/recordings/${id}/transcript`);
		expect(response.json.result.segments[0]).toMatchObject({
			speaker: 'spk_1',
			languageCode: 'en',
		});
	});

	it('returns text as mm:ss lines, hh:mm:ss from one hour on', async () => {
		const id = await readyWithTranscript();
		const response = await api('GET', `/v1/recordings/${id}/transcript?format=text`);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(response.text).toBe(
			'00:00 Éric: Bonjour !\n01:05 Zoé: Salut.\n01:02:05 Éric: À bientôt.',
		);
	});

	it('answers 404 for a missing language, a recording without transcript, or one not Ready yet', async () => {
		const id = await readyWithTranscript();
		expect((await api('GET', `/v1/recordings/${id}/transcript?lang=de`)).status).toBe(404);

		const withoutTranscript = await create();
		await upload(withoutTranscript.upload.url, MEDIA_SAMPLES.wav, 'audio/wav');
		await waitForState(withoutTranscript.id, 'Ready');
		expect((await api('GET', `/v1/recordings/${withoutTranscript.id}/transcript`)).status).toBe(
			404,
		);

		const pending = await create({ transcript: { type: 'upload' } });
		await uploadTranscript(pending.upload.metaUrl, TRANSCRIPT);
		expect((await api('GET', `/v1/recordings/${pending.id}/transcript`)).status).toBe(404);
		expect((await api('GET', `/v1/recordings/${id}/transcript?format=srt`)).json.error.path).toBe(
			'format',
		);
	});
});

describe('listing recordings', () => {
	/** Five recordings: titles, durations (from meeting times), authors and folders all differ. */
	async function seed(): Promise<Json[]> {
		const specs = [
			{ title: 'Charlie', minutes: 30, author: AUTHOR, channelId: 'ch_a' },
			{ title: 'alpha', minutes: 10, author: AUTHOR, channelId: 'ch_a' },
			{ title: 'Echo', minutes: 50, author: 'bob@acme.io', channelId: 'ch_b' },
			{ title: 'bravo', minutes: 20, author: 'bob@acme.io' },
			{ title: 'Delta', minutes: 40, author: AUTHOR },
		];
		const created: Json[] = [];
		for (const spec of specs) {
			created.push(
				await create({
					authorEmail: spec.author,
					title: spec.title,
					...(spec.channelId && { channelId: spec.channelId }),
					meeting: {
						startedAt: '2025-01-01T10:00:00Z',
						endedAt: `2025-01-01T10:${spec.minutes}:00Z`,
					},
				}),
			);
		}
		return created;
	}

	async function titles(query: string): Promise<string[]> {
		const response = await api('GET', `/v1/recordings?${query}`);
		expect(response.status).toBe(200);
		return response.json.result.recordings.map((recording: Json) => recording.title);
	}

	it('pages with an opaque cursor until the last page, newest first by default', async () => {
		const created = await seed();
		const seen: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const response = await api(
				'GET',
				`/v1/recordings?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			expect(response.json.result.pagination.totalCount).toBe(5);
			seen.push(...response.json.result.recordings.map((recording: Json) => recording.id));
			cursor = response.json.result.pagination.nextCursor;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(seen).toEqual(created.map((recording) => recording.id).reverse());
		expect(await titles('')).toHaveLength(5);
	});

	it.each([
		['created_asc', ['Charlie', 'alpha', 'Echo', 'bravo', 'Delta']],
		['created_desc', ['Delta', 'bravo', 'Echo', 'alpha', 'Charlie']],
		['duration_asc', ['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']],
		['duration_desc', ['Echo', 'Delta', 'Charlie', 'bravo', 'alpha']],
		['title_asc', ['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']],
		['title_desc', ['Echo', 'Delta', 'Charlie', 'bravo', 'alpha']],
	])('sorts by %s', async (sort, expected) => {
		await seed();
		expect(await titles(`sort=${sort}`)).toEqual(expected);
	});

	it('filters by folder, recorder and creation date', async () => {
		const created = await seed();
		expect(await titles('channelId=ch_a&sort=title_asc')).toEqual(['alpha', 'Charlie']);
		expect(await titles('recorderEmail=BOB@acme.io&sort=title_asc')).toEqual(['bravo', 'Echo']);
		expect(await titles(`recorderId=${created[0].recorder.id}&sort=title_asc`)).toEqual([
			'alpha',
			'Charlie',
			'Delta',
		]);
		const third = emulator.getRecording(created[2].id)?.createdAt as string;
		expect(await titles(`createdAfter=${third}&sort=created_asc`)).toEqual([
			'Echo',
			'bravo',
			'Delta',
		]);
		expect(await titles(`createdBefore=${third}&sort=created_asc`)).toEqual(['Charlie', 'alpha']);
		expect(await titles('createdAfter=2999-01-01')).toEqual([]);
		expect(await titles('channelId=ch_a&labels=won,lost')).toEqual([]);
	});

	it.each([
		['labels=won', 'labels'],
		['limit=0', 'limit'],
		['limit=101', 'limit'],
		['limit=ten', 'limit'],
		['sort=newest', 'sort'],
		['createdAfter=yesterday', 'createdAfter'],
		['recorderEmail=bob', 'recorderEmail'],
		['cursor=garbage', 'cursor'],
	])('refuses %s with 400 at %s', async (query, path) => {
		const response = await api('GET', `/v1/recordings?${query}`);
		expect(response.status).toBe(400);
		expect(response.json.error).toMatchObject({ type: 'validation_error', path });
	});

	it('keeps a cursor to the query it came from', async () => {
		await seed();
		const first = await api('GET', '/v1/recordings?limit=1&channelId=ch_a');
		const cursor = encodeURIComponent(first.json.result.pagination.nextCursor);
		expect((await api('GET', `/v1/recordings?cursor=${cursor}&channelId=ch_a`)).status).toBe(200);
		expect(await titles(`cursor=${cursor}`)).toEqual(['Charlie']);
		expect(
			(await api('GET', `/v1/recordings?cursor=${cursor}&channelId=ch_b`)).json.error.path,
		).toBe('cursor');
	});
});

describe('deleting recordings', () => {
	it('deletes for good: 404 afterwards, upload URLs dead, kept in recordings() flagged', async () => {
		const recording = await create();
		const deleted = await api('DELETE', `/v1/recordings/${recording.id}`);
		expect(deleted.json).toEqual({ result: { ok: true } });
		expect((await api('GET', `/v1/recordings/${recording.id}`)).json.error.type).toBe('not_found');
		expect((await api('DELETE', `/v1/recordings/${recording.id}`)).status).toBe(404);
		expect((await api('GET', '/v1/recordings')).json.result.pagination.totalCount).toBe(0);
		expect((await upload(recording.upload.url, MEDIA_SAMPLES.wav, 'audio/wav')).status).toBe(403);
		expect(emulator.getRecording(recording.id)).toMatchObject({
			deleted: true,
			deletedAt: expect.any(String),
		});
	});
});

describe('fault injection', () => {
	it('answers an injected status instead of handling the request, for `times` requests', async () => {
		emulator.injectFault({ method: 'POST', path: '/v1/recordings', status: 500, times: 2 });
		for (let attempt = 0; attempt < 2; attempt++) {
			const failed = await api('POST', '/v1/recordings', { body: { authorEmail: AUTHOR } });
			expect(failed.status).toBe(500);
			expect(failed.json.error.type).toBe('internal_error');
		}
		expect(emulator.recordings()).toHaveLength(0);
		await create();
		expect(emulator.requests).toHaveLength(3);
	});

	it('sends a given body and headers such as Retry-After', async () => {
		emulator.injectFault({
			path: /^\/v1\/workspaces/,
			status: 429,
			body: { error: { type: 'rate_limited', message: 'wait' } },
			headers: { 'Retry-After': '2' },
		});
		const response = await api('GET', '/v1/workspaces/mine');
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('2');
		expect(response.json.error.message).toBe('wait');
	});

	it('delays a response', async () => {
		emulator.injectFault({ method: 'GET', delayMs: 150 });
		const started = Date.now();
		expect((await api('GET', '/v1/workspaces/mine')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('drops the connection immediately, until the faults are cleared', async () => {
		emulator.injectFault({ path: '/v1/workspaces/mine', reset: 'immediately', times: Infinity });
		await expect(api('GET', '/v1/workspaces/mine')).rejects.toThrow();
		await expect(api('GET', '/v1/workspaces/mine')).rejects.toThrow();
		emulator.clearFaults();
		expect((await api('GET', '/v1/workspaces/mine')).status).toBe(200);
	});

	it('loses the answer after handling the request with afterBody: the create happened', async () => {
		emulator.injectFault({ method: 'POST', reset: 'afterBody' });
		await expect(
			api('POST', '/v1/recordings', { body: { authorEmail: AUTHOR } }),
		).rejects.toThrow();
		expect(emulator.recordings()).toHaveLength(1);
	});

	it('cuts an upload mid-body without storing it; the retry succeeds', async () => {
		const recording = await create();
		emulator.injectFault({ path: /^\/storage\/media\//, reset: 'midBody' });
		const media = Buffer.concat([MEDIA_SAMPLES.mp4, randomBytes(1024 * 1024)]);
		await expect(upload(recording.upload.url, media, 'video/mp4')).rejects.toThrow();
		expect(emulator.getRecording(recording.id)?.media).toBeUndefined();
		expect((await upload(recording.upload.url, media, 'video/mp4')).status).toBe(200);
		expect(emulator.getRecording(recording.id)?.media?.sha256).toBe(sha256(media));
	});
});

describe('reset', () => {
	it('forgets recordings and requests', async () => {
		const requests = emulator.requests;
		await create();
		emulator.reset();
		expect(emulator.recordings()).toEqual([]);
		expect(requests).toHaveLength(0);
		expect((await api('GET', '/v1/workspaces/mine')).json.result.workspace.recordingsCount).toBe(0);
	});
});
