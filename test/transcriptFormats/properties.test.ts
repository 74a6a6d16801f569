import fc from 'fast-check';

import type { ClaapTranscript, TranscriptSegment } from '../../nodes/Claap/transcriptFormats';
import {
	findTranscriptProblem,
	readTranscript,
	TRANSCRIPT_READERS,
	TranscriptFormatError,
	writeTranscript,
} from '../../nodes/Claap/transcriptFormats';
import { formatClock, parseClock } from '../../nodes/Claap/transcriptFormats/time';
import { namedSegments } from './helpers';

const TEN_HOURS_MS = 10 * 3600 * 1000;

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèøñßÅçÜ';
const word = (alphabet: string, maxLength = 10) =>
	fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: 1, maxLength });

/**
 * A speaker name as meeting tools write them: one to three words, no colon, with the punctuation
 * names carry ("Smith, John", "Dr. O'Neil", "J.R.", "Jean-Luc", "D’Angelo").
 */
const nameWord = fc
	.tuple(word(letters), fc.constantFrom('', '', '.', ',', "'s", '’a', '-Luc', '.R.'))
	.map(([base, suffix]) => `${base}${suffix}`);
const nameArbitrary = fc
	.array(nameWord, { minLength: 1, maxLength: 3 })
	.map((words) => words.join(' ').replace(/,$/, ''));

/** Text with punctuation; WebVTT text may hold characters that must be escaped. */
function textArbitrary(extra: string) {
	return fc
		.array(word(`${letters}0123456789.,!?'"()%:;-${extra}`, 12), { minLength: 1, maxLength: 12 })
		.map((words) => words.join(' '));
}

interface Generated {
	transcript: ClaapTranscript;
	/** Expected (start, end, label, text) rows, in stable start order. */
	rows: Array<[number, number, string, string]>;
}

/** Random transcripts: 1–5 speakers (some unnamed), 1–40 segments, times in whole milliseconds. */
function transcriptArbitrary(textExtra: string, minSegments = 1): fc.Arbitrary<Generated> {
	return fc
		.uniqueArray(fc.option(nameArbitrary, { nil: undefined, freq: 4 }), {
			minLength: 1,
			maxLength: 5,
			selector: (name) => name?.toLowerCase() ?? Symbol('unnamed'),
		})
		.chain((names) =>
			fc
				.array(
					fc.record({
						startMs: fc.integer({ min: 0, max: TEN_HOURS_MS }),
						durationMs: fc.integer({ min: 1, max: 120000 }),
						speaker: fc.integer({ min: 0, max: names.length - 1 }),
						text: textArbitrary(textExtra),
					}),
					{ minLength: minSegments, maxLength: 40 },
				)
				.map((cues) => {
					const speakers = names.map((name, index) => ({
						speakerId: `s${index}`,
						...(name ? { name } : {}),
					}));
					const segments: TranscriptSegment[] = cues.map((cue) => ({
						start: cue.startMs / 1000,
						end: (cue.startMs + cue.durationMs) / 1000,
						speakerId: `s${cue.speaker}`,
						text: cue.text,
					}));
					const label = (id: string) =>
						speakers.find((speaker) => speaker.speakerId === id)?.name ?? `speaker_${id}`;
					const rows = segments
						.map((segment): [number, number, string, string] => [
							segment.start,
							segment.end,
							label(segment.speakerId),
							segment.text,
						])
						.sort((a, b) => a[0] - b[0]);
					return { transcript: { segments, speakers }, rows };
				}),
		);
}

/** Speaker ids "1", "2", … in order of first appearance. */
function expectOrdinalIds(transcript: ClaapTranscript): void {
	const firstSeen: string[] = [];
	for (const segment of transcript.segments)
		if (!firstSeen.includes(segment.speakerId)) firstSeen.push(segment.speakerId);
	expect(firstSeen).toEqual(firstSeen.map((_id, index) => String(index + 1)));
	expect(transcript.speakers?.map((speaker) => speaker.speakerId)).toEqual(firstSeen);
}

describe('clock times', () => {
	it('parse back to the same whole millisecond they were written from', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1000 * 3600 * 1000 }), (ms) => {
				expect(parseClock(formatClock(ms, '.'))).toBe(ms);
				expect(parseClock(formatClock(ms, ','))).toBe(ms);
			}),
		);
	});

	it('round fractions beyond milliseconds to the nearest one', () => {
		expect(parseClock('00:01.2345')).toBe(1235);
		expect(parseClock('00:01.2344')).toBe(1234);
		expect(parseClock('00:01.9999')).toBe(2000);
		expect(parseClock('00:01.5')).toBe(1500);
		expect(parseClock('75:30')).toBe(4530000);
	});
});

describe('round trips', () => {
	it('Claap → WebVTT → Claap keeps text, speakers and times to the millisecond', () => {
		fc.assert(
			fc.property(transcriptArbitrary('&<>'), ({ transcript, rows }) => {
				const back = readTranscript(writeTranscript(transcript, 'webVtt').content, 'auto');
				expect(namedSegments(back)).toEqual(rows);
				expectOrdinalIds(back);
				expect(findTranscriptProblem(back)).toBeUndefined();
			}),
			{ numRuns: 200 },
		);
	});

	// A single labelled cue is no evidence that the file is labelled (docs/transcript-speakers.md), so
	// the text formats' round trips start at two segments; WebVTT's voice tags need no evidence.
	it('Claap → SubRip → Claap keeps text, speakers and times to the millisecond', () => {
		fc.assert(
			fc.property(transcriptArbitrary('', 2), ({ transcript, rows }) => {
				const back = readTranscript(writeTranscript(transcript, 'srt').content, 'auto');
				expect(namedSegments(back)).toEqual(rows);
				expectOrdinalIds(back);
				expect(findTranscriptProblem(back)).toBeUndefined();
			}),
			{ numRuns: 200 },
		);
	});

	it('Claap → Claap JSON → Claap is exact', () => {
		fc.assert(
			fc.property(transcriptArbitrary('&<>'), ({ transcript }) => {
				expect(readTranscript(writeTranscript(transcript, 'claapJson').content, 'auto')).toEqual(
					transcript,
				);
			}),
		);
	});

	it('Claap → text → Claap keeps text, speakers and starts to the second', () => {
		fc.assert(
			fc.property(transcriptArbitrary('', 2), ({ transcript, rows }) => {
				const back = namedSegments(
					readTranscript(writeTranscript(transcript, 'text').content, 'auto'),
				);
				expect(back.map(([start, , label, text]) => [start, label, text])).toEqual(
					rows.map(([start, , label, text]) => [Math.floor(start), label, text]),
				);
			}),
			{ numRuns: 200 },
		);
	});
});

describe('robustness', () => {
	/** Pieces of the text formats, so random input reaches deep into the readers. */
	const fragments = fc.constantFrom(
		'WEBVTT',
		'NOTE',
		'STYLE',
		'1',
		'42',
		'',
		' ',
		'00:00:01.000 --> 00:00:02.000',
		'00:01.000 --> 00:00.500',
		'00:00:01,000 --> 00:00:04,000',
		'-->',
		'00:05 Ada: hi',
		'[01:02:03] Bob: hello',
		'<v Ada>Hi</v>',
		'<v>',
		'<b>x',
		'Ada: ',
		'&amp;&#0;&#x110000;&',
		'\ufeff',
	);
	const documents = fc
		.tuple(
			fc.constantFrom([], ['WEBVTT', '']),
			fc.array(fc.oneof(fragments, fragments, fc.string()), { maxLength: 30 }),
		)
		.chain(([header, lines]) =>
			fc.constantFrom('\n', '\r\n', '\r').map((eol) => [...header, ...lines].join(eol)),
		);

	/** Reading either works, giving what Claap accepts, or fails with a TranscriptFormatError. */
	function expectValidOrFormatError(read: () => ClaapTranscript, checkValid = true): void {
		let transcript: ClaapTranscript;
		try {
			transcript = read();
		} catch (error) {
			expect(error).toBeInstanceOf(TranscriptFormatError);
			return;
		}
		if (checkValid) expect(findTranscriptProblem(transcript)).toBeUndefined();
	}

	it.each(TRANSCRIPT_READERS.filter((reader) => !reader.json).map((reader) => reader.id))(
		'%s: random text gives a valid transcript or a format error',
		(format) => {
			fc.assert(
				fc.property(documents, (text) =>
					expectValidOrFormatError(() => readTranscript(text, format)),
				),
				{ numRuns: 500 },
			);
		},
	);

	/** Objects with the field names the JSON formats use, holding values of every kind. */
	const fieldValue = fc.oneof(
		fc.integer({ min: -5, max: 100000 }),
		fc.double({ noNaN: false }),
		fc.constantFrom(
			'0',
			'1.5',
			'2.25',
			'-1',
			'1e400',
			'spk_0',
			'A',
			'',
			' ',
			'pronunciation',
			'punctuation',
			'english',
			'fr',
		),
		fc.string(),
		fc.constant(null),
		fc.boolean(),
	);
	const fieldNames = fc.constantFrom(
		'start',
		'end',
		'startedAt',
		'endedAt',
		'text',
		'transcript',
		'speaker',
		'speakerId',
		'word',
		'punctuated_word',
		'start_time',
		'end_time',
		'speaker_label',
		'channel_label',
		'type',
		'language',
		'languageCode',
		'channel',
	);
	/**
	 * An item valid in every JSON format at once (integer times read as seconds or milliseconds),
	 * with up to three fields then replaced by random values or removed, so most documents get
	 * deep into the readers and some come out as transcripts.
	 */
	const item = fc
		.record({
			start: fc.integer({ min: 0, max: 100000 }),
			duration: fc.integer({ min: 0, max: 5000 }),
			text: fc.constantFrom('Hello.', 'hi', ' ', '', 'Ada: well', 'ça va ?'),
			speaker: fc.constantFrom<unknown>(undefined, 0, 1, 'A', 'B', 'spk_0', ' ', null),
			changes: fc.array(fc.tuple(fieldNames, fc.option(fieldValue, { nil: undefined })), {
				maxLength: 3,
			}),
		})
		.map(({ start, duration, text, speaker, changes }) => {
			const end = start + duration;
			const result: Record<string, unknown> = {
				start,
				end,
				startedAt: start,
				endedAt: end,
				start_time: String(start),
				end_time: String(end),
				text,
				transcript: text,
				word: text,
				type: 'pronunciation',
				alternatives: [{ content: text }],
				sentences: [{ text }],
				...(speaker === undefined ? {} : { speaker, speaker_label: speaker }),
			};
			for (const [field, change] of changes) {
				if (change === undefined) delete result[field];
				else result[field] = change;
			}
			return result;
		});
	const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), item, fc.array(item, { maxLength: 4 }));
	const items = fc.array(fc.oneof(item, item, fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 });
	const jsonShapes = fc.tuple(value, items).chain(([anything, list]) =>
		fc.constantFrom<unknown>(
			anything,
			{ segments: list },
			{ language: 'english', segments: list },
			{ transcript: { segments: list } },
			{ result: { transcript: { segments: list, languageCode: anything } } },
			{ results: anything },
			{ results: { utterances: list } },
			{ results: { channels: [{ alternatives: list }] } },
			{ results: { channels: [{ alternatives: [{ paragraphs: { paragraphs: list } }] }] } },
			{
				results: {
					channels: [{ alternatives: [{ words: list }] }, { alternatives: [{ words: list }] }],
				},
			},
			{ results: { items: list, transcripts: [], speaker_labels: { segments: list } } },
			{ results: { items: [], audio_segments: list } },
			{ status: 'completed', utterances: list, words: list },
			{ audio_url: 'x', utterances: null, words: list },
		),
	);

	it.each(TRANSCRIPT_READERS.filter((reader) => reader.json).map((reader) => reader.id))(
		'%s: random JSON gives a valid transcript or a format error',
		(format) => {
			fc.assert(
				fc.property(jsonShapes, (document) =>
					// Claap's upload JSON is passed on as given, for validation to judge.
					expectValidOrFormatError(
						() => readTranscript(JSON.stringify(document), format),
						format !== 'claapUploadJson',
					),
				),
				{ numRuns: 500 },
			);
		},
	);

	it('Auto-Detect never fails with anything but a format error', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					documents,
					jsonShapes.map((value) => JSON.stringify(value)),
				),
				(text) => expectValidOrFormatError(() => readTranscript(text, 'auto'), false),
			),
			{ numRuns: 1000 },
		);
	});

	it('keeps cues sharing a start in file order, whatever the order of the rest', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 50 }),
				(starts) => {
					const text = `WEBVTT\n\n${starts.map((start, index) => `00:0${start}.000 --> 00:09.000\ncue ${index}`).join('\n\n')}`;
					const order = starts
						.map((start, index) => ({ start, index }))
						.sort((a, b) => a.start - b.start);
					expect(readTranscript(text, 'webVtt').segments.map((segment) => segment.text)).toEqual(
						order.map(({ index }) => `cue ${index}`),
					);
				},
			),
		);
	});
});

describe('inputs built to be slow', () => {
	// No timing assertion: a super-linear path (regular expression backtracking, quadratic
	// concatenation) would take minutes on these and hit the test timeout instead.
	const big = 2_000_000;
	const cue = (payload: string) => `WEBVTT\n\n00:00.000 --> 00:01.000\n${payload}`;

	it.each([
		['unclosed tags', cue('<'.repeat(big))],
		['tags opened and never closed, with spaces', cue('<v a '.repeat(big / 5))],
		['entity-like runs', cue('&'.repeat(big) + '&a'.repeat(big / 2))],
		['one endless line of whitespace and words', cue('a \t\u00a0 '.repeat(big / 5))],
		['a speaker-like prefix without end', cue(`${'a'.repeat(big)}: b`)],
	])('WebVTT: %s', (_case, text) => {
		expect(readTranscript(text, 'webVtt').segments.length).toBeLessThanOrEqual(1);
	});

	it.each([
		[
			'formatting tags never closed',
			`1\n00:00:00,000 --> 00:00:01,000\n${'<font '.repeat(big / 6)}x`,
		],
		[
			'position codes never closed',
			`1\n00:00:00,000 --> 00:00:01,000\n${'{\\an8'.repeat(big / 5)}x`,
		],
	])('SubRip: %s', (_case, text) => {
		expect(readTranscript(text, 'srt').segments).toHaveLength(1);
	});

	it('plain text: a million continuation lines', () => {
		const text = `00:00 Ada: start\n${'and more\n'.repeat(1_000_000)}`;
		// One labelled line is no evidence of labels (docs/transcript-speakers.md): "Ada:" stays text.
		expect(readTranscript(text, 'plainText').segments[0].text.length).toBe(
			'Ada: start'.length + 9 * 1_000_000,
		);
	});

	it('AWS Transcribe: a long run of punctuation items', () => {
		const dot = { type: 'punctuation', alternatives: [{ content: '.' }] };
		const word = {
			type: 'pronunciation',
			start_time: '0',
			end_time: '1',
			alternatives: [{ content: 'a' }],
		};
		const text = JSON.stringify({
			results: { transcripts: [], items: [word, ...Array(200_000).fill(dot)] },
		});
		expect(readTranscript(text, 'auto').segments).toHaveLength(1);
	});
});
