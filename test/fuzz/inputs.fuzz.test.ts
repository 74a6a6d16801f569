import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from '../../nodes/Claap/helpers/errors';
import type { CreateRecordingFields } from '../../nodes/Claap/helpers/recordingBody';
import { buildCreateRecordingBody } from '../../nodes/Claap/helpers/recordingBody';
import {
	findTranscriptProblem,
	readTranscript,
	TranscriptFormatError,
} from '../../nodes/Claap/transcriptFormats';
import {
	validateCreateBody,
	validateTranscriptUpload,
} from '../../scripts/lib/emulator/validation';
import type { TestBed } from '../integration/testBed';
import { startTestBed, wavFile } from '../integration/testBed';

/**
 * Random and hostile values thrown at validation and conversion. The only outcomes allowed: a
 * request Claap (here, the emulator's strict checks) accepts, or a refusal naming the parameter.
 */

const hostileString = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary' }),
	fc.constantFrom(
		'',
		' ',
		'\u0000',
		'\ufeff',
		'<script>',
		'"; DROP TABLE',
		'../../etc/passwd',
		'a'.repeat(10_000),
		'💥',
		'null',
		'undefined',
	),
	fc.emailAddress(),
	fc.webUrl(),
	fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
	fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
);
const hostileValue = fc.oneof(
	hostileString,
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.object(),
	fc.array(fc.anything()),
);

/** Mostly well-formed, sometimes hostile: both valid requests and refusals must come up. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
	fc.oneof(
		{ arbitrary: valid, weight: 4 },
		{ arbitrary: hostileValue as fc.Arbitrary<unknown>, weight: 1 },
	);
/** Usually absent, as optional fields are. */
const rarely = <T>(value: fc.Arbitrary<T>) =>
	fc.oneof(
		{ arbitrary: fc.constant(undefined), weight: 3 },
		{ arbitrary: value as fc.Arbitrary<unknown>, weight: 1 },
	);
const isoDate = fc
	.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
	.chain((date) =>
		fc.constantFrom(
			date.toISOString(),
			date.toISOString().slice(0, 10),
			date.toISOString().slice(0, 16),
		),
	);

const createFields = fc.record(
	{
		authorEmail: mostly(fc.emailAddress()),
		title: rarely(mostly(fc.string({ maxLength: 80 }))),
		folderId: rarely(mostly(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/))),
		source: rarely(mostly(fc.constantFrom('Zoom', 'MsTeams', 'Api', 'GoogleMeet', 'Aircall'))),
		meetingStartedAt: rarely(mostly(isoDate)),
		meetingEndedAt: rarely(mostly(isoDate)),
		participants: rarely(
			fc.array(
				fc.record({
					name: mostly(fc.string({ minLength: 1, maxLength: 20 })),
					email: rarely(mostly(fc.emailAddress())),
					isOrganizer: fc.boolean(),
				}),
				{ maxLength: 3 },
			),
		),
		dealId: rarely(mostly(fc.stringMatching(/^[0-9]{1,8}$/))),
		dealCrmType: rarely(mostly(fc.constantFrom('hubspot', 'salesforce', 'attio', 'pipedrive'))),
		downloadUrl: rarely(mostly(fc.webUrl())),
		announceTranscript: fc.boolean(),
	},
	{ requiredKeys: ['authorEmail', 'announceTranscript'] },
);

describe('fuzzing the Create parameters', () => {
	it('either builds a body Claap accepts or refuses with a parameter error', () => {
		let built = 0;
		fc.assert(
			fc.property(createFields, (fields) => {
				let body;
				try {
					body = buildCreateRecordingBody(fields as CreateRecordingFields);
				} catch (error) {
					expect(error).toBeInstanceOf(InvalidParameterError);
					return;
				}
				built++;
				expect(() => validateCreateBody(JSON.parse(JSON.stringify(body)))).not.toThrow();
			}),
			{ numRuns: 3000 },
		);
		// The generators reach valid bodies too, not only refusals.
		expect(built).toBeGreaterThan(50);
	});
});

const segment = fc.record({
	start: fc.oneof(
		fc.double({ min: 0, max: 36_000, noNaN: true }),
		fc.constantFrom(Number.NaN, -1, Infinity),
		fc.string(),
	),
	end: fc.oneof(
		fc.double({ min: 0, max: 36_000, noNaN: true }),
		fc.constantFrom(Number.NaN, Infinity),
		fc.string(),
	),
	speakerId: fc.oneof(fc.constantFrom('1', '2', '3'), hostileString, fc.integer()),
	text: fc.oneof(fc.lorem(), hostileString),
});
const transcriptDocument = fc.record(
	{
		langIso2: fc.oneof(fc.constantFrom('en', 'fr', 'EN', 'eng', ''), hostileString),
		segments: fc.array(segment, { maxLength: 6 }),
		speakers: fc.array(
			fc.record(
				{
					speakerId: fc.oneof(fc.constantFrom('1', '2'), hostileString),
					name: hostileString,
					email: fc.oneof(fc.emailAddress(), hostileString),
					isRecorder: fc.boolean(),
				},
				{ requiredKeys: ['speakerId'] },
			),
			{ maxLength: 3 },
		),
	},
	{ requiredKeys: ['segments'] },
);

describe('fuzzing transcript files', () => {
	const fileText = fc.oneof(
		fc.string(),
		fc.string({ unit: 'binary' }),
		fc.json(),
		transcriptDocument.map((document) => JSON.stringify(document)),
		transcriptDocument.map((document) => JSON.stringify({ transcript: document })),
		fc
			.array(fc.tuple(fc.nat(99), fc.nat(59), fc.lorem({ maxCount: 5 })), { maxLength: 8 })
			.map((lines) =>
				[
					'WEBVTT',
					'',
					...lines.flatMap(([m, s, text], index) => [
						`${index + 1}`,
						`00:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.000 --> 00:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.900`,
						text,
						'',
					]),
				].join('\n'),
			),
		fc
			.array(fc.tuple(fc.nat(59), fc.nat(59), fc.lorem({ maxCount: 5 })), { maxLength: 8 })
			.map((lines) =>
				lines
					.map(
						([m, s, text], index) =>
							`${index + 1}\n00:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},000 --> 00:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},500\n${text}\n`,
					)
					.join('\n'),
			),
	);

	it('either converts to a transcript Claap accepts once checked, or says what is wrong', () => {
		let accepted = 0;
		fc.assert(
			fc.property(fileText, fc.constantFrom('auto', 'claapUploadJson'), (text, format) => {
				let transcript;
				try {
					transcript = readTranscript(text, format);
				} catch (error) {
					expect(error).toBeInstanceOf(TranscriptFormatError);
					return;
				}
				if (findTranscriptProblem(transcript) !== undefined) return;
				accepted++;
				expect(() =>
					validateTranscriptUpload(JSON.parse(JSON.stringify({ transcript }))),
				).not.toThrow();
			}),
			{ numRuns: 3000 },
		);
		expect(accepted).toBeGreaterThan(50);
	});
});

describe('fuzzing the node end to end', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 100_000 });
	});
	afterAll(async () => await bed.close());

	/** A parameter as a workflow stores it: text. Hostile objects may lack a usable toString. */
	const asText = (value: unknown): string => {
		try {
			return String(value);
		} catch {
			return JSON.stringify(value) ?? '';
		}
	};

	it('sends a valid request or refuses before sending anything', async () => {
		const media = bed.harness.memoryBinary(wavFile(), 'call.wav', 'audio/wav');
		await fc.assert(
			fc.asyncProperty(
				createFields,
				fc.constantFrom('binary', 'url', 'none'),
				fc.constantFrom('none', 'fields', 'uploadLater'),
				transcriptDocument,
				async (fields, mediaSource, transcriptSource, transcript) => {
					bed.claap.reset();
					// n8n itself refuses to start a node whose required parameter is empty: also a refusal.
					const result = await bed
						.run(
							{
								resource: 'recording',
								operation: 'create',
								authorEmail: asText(fields.authorEmail ?? ''),
								mediaSource,
								downloadUrl: asText(fields.downloadUrl ?? ''),
								transcriptSource,
								transcriptInputMode: 'json',
								transcriptJson: JSON.stringify(transcript),
								additionalFields: {
									...(fields.title !== undefined ? { title: asText(fields.title) } : {}),
									...(fields.meetingStartedAt !== undefined
										? { meetingStartedAt: asText(fields.meetingStartedAt) }
										: {}),
									...(fields.meetingEndedAt !== undefined
										? { meetingEndedAt: asText(fields.meetingEndedAt) }
										: {}),
								},
								options: { maxRetries: 0 },
							},
							[{ json: {}, binary: { data: media } }],
						)
						.catch((error: Error) => {
							expect(error.name).toBe('WorkflowHasIssuesError');
							return undefined;
						});
					if (!result) {
						expect(bed.claap.requests).toHaveLength(0);
					} else if (result.error) {
						expect(result.error).toBeInstanceOf(NodeOperationError);
						expect(result.error.message).toMatch(/\[item 0\]$/);
						expect(bed.claap.requests).toHaveLength(0);
					} else {
						expect(
							bed.claap.requests.every((request) =>
								request.path.startsWith('/v1/')
									? request.method === 'POST'
									: request.method === 'PUT',
							),
						).toBe(true);
						expect(bed.claap.recordings()).toHaveLength(1);
					}
				},
			),
			{ numRuns: 150 },
		);
		// The node paces its calls (3 per second per endpoint), so the time taken depends on how many
		// random runs are valid: 11–14 s usually, yet once over 60 s on a busy 2-core machine.
	}, 180_000);
});
