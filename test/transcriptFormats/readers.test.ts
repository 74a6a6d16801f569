import {
	estimateLastLineMs,
	fromClaapReadJson,
	readTranscript,
	toLangIso2,
	TRANSCRIPT_READERS,
	ZERO_LENGTH_CUE_MS,
} from '../../nodes/Claap/transcriptFormats';
import { namedSegments } from './helpers';

const vtt = (...blocks: string[]) => `WEBVTT\n\n${blocks.join('\n\n')}\n`;

describe('Auto-Detect order', () => {
	it("tries Claap's shapes first, then the services' JSON, then the text formats", () => {
		expect(TRANSCRIPT_READERS.map((reader) => reader.id)).toEqual([
			'claapUploadJson',
			'claapReadJson',
			'whisperJson',
			'deepgramJson',
			'assemblyAiJson',
			'awsTranscribeJson',
			'webVtt',
			'srt',
			'plainText',
		]);
	});

	it("falls back on the file extension, so a damaged file gets its own format's message", () => {
		expect(() => readTranscript('garbage', 'auto', 'call.srt')).toThrow(
			'SubRip (SRT) transcript, cue 1 (line 1)',
		);
		expect(() => readTranscript('garbage', 'auto', 'call.vtt')).toThrow(
			'WebVTT transcript, line 1',
		);
		expect(() => readTranscript('garbage', 'auto', 'call.txt')).toThrow(
			'Plain text with timestamps transcript, line 1',
		);
	});
});

describe('WebVTT', () => {
	it('reads hour-less timestamps, cue settings and identifiers, and skips NOTE, STYLE and REGION blocks', () => {
		const text = vtt(
			'REGION\nid:fred\nwidth:40%',
			'STYLE\n::cue { color: red }',
			'NOTE one-line note',
			'intro\n00:01.000 --> 00:02.500 region:fred align:left\nHello',
			'NOTE\nmulti-line\nnote',
			'00:00:03.000 --> 00:00:04.000\nWorld',
		);
		expect(readTranscript(text, 'webVtt').segments).toEqual([
			{ start: 1, end: 2.5, speakerId: '1', text: 'Hello' },
			{ start: 3, end: 4, speakerId: '1', text: 'World' },
		]);
	});

	it('strips inline tags and decodes entities', () => {
		const text = vtt(
			'00:00.000 --> 00:01.000\n<b>Bold</b> <i>it</i> <u>u</u> <c.yellow.bg_blue>c</c> <lang fr>oui</lang> <ruby>漢<rt>kan</rt></ruby>',
			'00:01.000 --> 00:02.000\n<00:00:01.250>one <00:01.500>two',
			'00:02.000 --> 00:03.000\nA &amp; B &lt;tag&gt;&nbsp;x &lrm;y&rlm; &#233;&#x27;&quot; &unknown; & alone',
		);
		expect(readTranscript(text, 'webVtt').segments.map((segment) => segment.text)).toEqual([
			'Bold it u c oui 漢kan',
			'one two',
			'A & B <tag> x \u200ey\u200f é\'" &unknown; & alone',
		]);
	});

	it('reads voice tags, with classes, and splits a cue holding two voices in proportion to their text', () => {
		const text = vtt(
			'00:00.000 --> 00:02.000\n<v.first.loud Ada Lovelace>Hi</v>',
			'00:02.000 --> 00:04.000\n<v Ada Lovelace>Who is there?</v>\n<v Charles>Me.</v>',
		);
		expect(namedSegments(readTranscript(text, 'webVtt'))).toEqual([
			[0, 2, 'Ada Lovelace', 'Hi'],
			// 13 and 3 characters share the cue's 2 s: 1.625 s and 0.375 s.
			[2, 3.625, 'Ada Lovelace', 'Who is there?'],
			[3.625, 4, 'Charles', 'Me.'],
		]);
	});

	it('reads Zoom\'s "Name: text" speakers, and the header language', () => {
		const text = [
			'WEBVTT\nKind: captions\nLanguage: de-DE',
			'1\n00:00:00.000 --> 00:00:01.000\nJana Novak: Hallo',
			'2\n00:00:01.000 --> 00:00:02.000\nLuis: Hi: there',
		].join('\n\n');
		const transcript = readTranscript(text, 'auto');
		expect(transcript.langIso2).toBe('de');
		expect(namedSegments(transcript)).toEqual([
			[0, 1, 'Jana Novak', 'Hallo'],
			[1, 2, 'Luis', 'Hi: there'],
		]);
	});

	it('tolerates a cue right after the signature and a missing blank line between cues', () => {
		const text = 'WEBVTT\n00:00.000 --> 00:01.000\nOne\n00:01.000 --> 00:02.000\nTwo';
		expect(readTranscript(text, 'webVtt').segments.map((segment) => segment.text)).toEqual([
			'One',
			'Two',
		]);
	});

	it('drops empty cues, sorts out-of-order cues stably, keeps overlaps, lengthens zero-length cues', () => {
		const text = vtt(
			'00:05.000 --> 00:06.000\nLate',
			'00:01.000 --> 00:03.000\nFirst',
			'00:02.000 --> 00:04.000\nOverlapping',
			'00:01.000 --> 00:01.000\nSame start, zero length',
			'00:07.000 --> 00:08.000\n<i> </i>',
		);
		expect(readTranscript(text, 'webVtt').segments).toEqual([
			{ start: 1, end: 3, speakerId: '1', text: 'First' },
			{
				start: 1,
				end: 1 + ZERO_LENGTH_CUE_MS / 1000,
				speakerId: '1',
				text: 'Same start, zero length',
			},
			{ start: 2, end: 4, speakerId: '1', text: 'Overlapping' },
			{ start: 5, end: 6, speakerId: '1', text: 'Late' },
		]);
	});

	it('keeps times exact to the millisecond, far into a long recording', () => {
		const text = vtt(
			'123:59:59.999 --> 124:00:00.001\nLate at night',
			'00:00:00.001 --> 00:00:00.002\nEarly',
		);
		expect(
			readTranscript(text, 'webVtt').segments.map((segment) => [segment.start, segment.end]),
		).toEqual([
			[0.001, 0.002],
			[446399.999, 446400.001],
		]);
	});
});

describe('SubRip (SRT)', () => {
	it('reads speaker prefixes that repeat, and gives an unprefixed cue to no one rather than to the previous speaker', () => {
		const text = [
			'1\n00:00:00,000 --> 00:00:01,000\nAda: Hello',
			'2\n00:00:01,000 --> 00:00:02,000\nstill Ada',
			'3\n00:00:02,000 --> 00:00:03,000\nBob: Hi',
			'4\n00:00:03,000 --> 00:00:04,000\nAda: Bye',
			'5\n00:00:04,000 --> 00:00:05,000\nBob: Bye Ada',
		].join('\n\n');
		expect(namedSegments(readTranscript(text, 'auto'))).toEqual([
			[0, 1, 'Ada', 'Hello'],
			[1, 2, 'Unknown speaker', 'still Ada'],
			[2, 3, 'Bob', 'Hi'],
			[3, 4, 'Ada', 'Bye'],
			[4, 5, 'Bob', 'Bye Ada'],
		]);
		// Bob labels one cue only: not enough evidence in a file not labelled throughout.
		const once = text.replace('Bob: Bye Ada', 'Ada: Bye Bob');
		expect(namedSegments(readTranscript(once, 'auto'))[2]).toEqual([
			2,
			3,
			'Unknown speaker',
			'Bob: Hi',
		]);
	});

	it('does not take two one-off "Label:" lines among plain ones for speakers', () => {
		const text = [
			'1\n00:00:00,000 --> 00:00:01,000\nWarning: loud noise',
			'2\n00:00:01,000 --> 00:00:02,000\nthen silence',
			'3\n00:00:02,000 --> 00:00:03,000\nReminder: bring the slides',
			'4\n00:00:03,000 --> 00:00:04,000\nand the notes',
		].join('\n\n');
		const transcript = readTranscript(text, 'srt');
		expect(transcript.speakers).toEqual([{ speakerId: '1', name: 'Unknown speaker' }]);
		expect(transcript.segments[0].text).toBe('Warning: loud noise');
	});

	it('does not take an occasional colon, or a sentence, for a speaker', () => {
		const text = [
			'1\n00:00:00,000 --> 00:00:01,000\nNote: this is a subtitle',
			'2\n00:00:01,000 --> 00:00:02,000\nAnd then he said',
			'3\n00:00:02,000 --> 00:00:03,000\nnothing at all',
		].join('\n\n');
		const transcript = readTranscript(text, 'srt');
		expect(transcript.speakers).toEqual([{ speakerId: '1', name: 'Unknown speaker' }]);
		expect(transcript.segments[0].text).toBe('Note: this is a subtitle');
		const sentences = '1\n00:00:00,000 --> 00:00:01,000\nWell, you know what I mean: yes';
		expect(readTranscript(sentences, 'srt').segments[0].text).toBe(
			'Well, you know what I mean: yes',
		);
	});

	// Cases a review found believed wrongly: each must stay text, or go to no one.
	const srtOf = (...texts: string[]) =>
		texts
			.map((text, index) => `${index + 1}\n00:00:0${index},000 --> 00:00:0${index},900\n${text}`)
			.join('\n\n');

	it('does not take lower-case or foreign sound descriptions in brackets for speakers', () => {
		const transcript = readTranscript(
			srtOf(
				'[chuckles] Yeah, right.',
				'[gasps] Oh no.',
				'[chuckles] Sure.',
				'[gasps] Wow.',
				'[Musique]',
				'[Musique] bonjour',
			),
			'srt',
		);
		expect(transcript.speakers).toEqual([{ speakerId: '1', name: 'Unknown speaker' }]);
		// Nothing is dropped: a cue that is only a sound keeps it as text.
		expect(transcript.segments.map((segment) => segment.text)).toEqual([
			'[chuckles] Yeah, right.',
			'[gasps] Oh no.',
			'[chuckles] Sure.',
			'[gasps] Wow.',
			'[Musique]',
			'[Musique] bonjour',
		]);
	});

	it('does not believe a one-off label on a later line of a cue, even in a file labelled throughout', () => {
		const named = namedSegments(
			readTranscript(
				srtOf('Ada: Hi all\nBottom line: we ship Friday', 'Bob: Great', 'Ada: Thanks'),
				'srt',
			),
		);
		expect(named.map(([, , speaker, text]) => [speaker, text])).toEqual([
			['Ada', 'Hi all Bottom line: we ship Friday'],
			['Bob', 'Great'],
			['Ada', 'Thanks'],
		]);
	});

	it('after >>, believes a short name seen once, not a phrase', () => {
		const named = namedSegments(
			readTranscript(
				srtOf('>> Look, the thing is this: we need money.', '>> DANA: Agreed.'),
				'srt',
			),
		);
		expect(named.map(([, , speaker, text]) => [speaker, text])).toEqual([
			['Unknown speaker', 'Look, the thing is this: we need money.'],
			['DANA', 'Agreed.'],
		]);
	});

	it('does not read ">>" inside running text as a turn marker', () => {
		const named = namedSegments(
			readTranscript(
				srtOf('Ada: the value went 10 >> 20', 'Bob: yes', 'no label here', 'Ada: ok', 'Bob: fine'),
				'srt',
			),
		);
		expect(named.map(([, , speaker, text]) => [speaker, text])).toEqual([
			['Ada', 'the value went 10 >> 20'],
			['Bob', 'yes'],
			['Unknown speaker', 'no label here'],
			['Ada', 'ok'],
			['Bob', 'fine'],
		]);
	});

	it('reads a file of many names, each labelling two cues among unlabelled ones', () => {
		// Rule 2 for every name (the look-up per label is a Set: this size once took minutes).
		const cues: string[] = [];
		for (let index = 0; index < 40_000; index++) cues.push(`N${index}: a`, `N${index}: b`);
		cues.push('no label');
		const lines = cues.map(
			(text, index) =>
				`${String(Math.floor(index / 3600)).padStart(2, '0')}:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')} ${text}`,
		);
		expect(readTranscript(lines.join('\n'), 'plainText').speakers).toHaveLength(40_001);
	});

	it('accepts cues without numbers, dots for commas and position coordinates', () => {
		const text =
			'00:00:01.500 --> 00:00:02.000 X1:100 X2:200 Y1:10 Y2:20\nHello\n\n00:00:03,000 --> 00:00:04,000\nThere';
		expect(
			readTranscript(text, 'srt').segments.map((segment) => [segment.start, segment.text]),
		).toEqual([
			[1.5, 'Hello'],
			[3, 'There'],
		]);
	});
});

describe('Plain text with timestamps', () => {
	it('reads the supported timestamp styles', () => {
		const text = [
			'0:01 Ada: one',
			'00:02.500 Ada: two',
			'[00:00:04] Bob: three',
			'(00:05) Bob: four',
			'00:06 - Ada: five',
			'1:00:07 | Bob: six',
		].join('\n');
		expect(namedSegments(readTranscript(text, 'auto'))).toEqual([
			[1, 2.5, 'Ada', 'one'],
			[2.5, 4, 'Ada', 'two'],
			[4, 5, 'Bob', 'three'],
			[5, 6, 'Bob', 'four'],
			[6, 3607, 'Ada', 'five'],
			[3607, 3608, 'Bob', 'six'],
		]);
	});

	it('estimates the last line from its words: 400 ms a word, between 1 and 30 seconds', () => {
		expect(estimateLastLineMs('Yes')).toBe(1000);
		expect(estimateLastLineMs('one two three four five')).toBe(2000);
		expect(estimateLastLineMs(Array(200).fill('word').join(' '))).toBe(30000);
		expect(
			readTranscript('00:08 Ada: Listen.\n00:10 Ada: one two three four five', 'plainText')
				.segments[1],
		).toEqual({
			start: 10,
			end: 12,
			speakerId: '1',
			text: 'one two three four five',
		});
	});

	it('ends lines sharing a timestamp where the next later line starts, and sorts lines given out of order', () => {
		const text = '00:09 Cy: last\n00:03 Ada: first\n00:03 Bob: same second\n';
		expect(namedSegments(readTranscript(text, 'plainText'))).toEqual([
			[3, 9, 'Ada', 'first'],
			[3, 9, 'Bob', 'same second'],
			[9, 10, 'Cy', 'last'],
		]);
	});

	it('reads lines without speakers as one "Unknown speaker"', () => {
		const transcript = readTranscript('00:00 Hello there\n00:02 General Kenobi', 'plainText');
		expect(transcript.speakers).toEqual([{ speakerId: '1', name: 'Unknown speaker' }]);
		expect(transcript.segments.map((segment) => segment.text)).toEqual([
			'Hello there',
			'General Kenobi',
		]);
	});
});

describe('Claap transcript JSON (Transcript → Get)', () => {
	const segments = [
		{ startedAt: 0.1, endedAt: 1.2, speaker: 'Ada', text: 'Hi', languageCode: 'en' },
		{ startedAt: 1.2, endedAt: 2.3, speaker: null, text: 'Unknown voice', languageCode: 'en' },
	];
	const expected = {
		langIso2: 'en',
		segments: [
			{ start: 0.1, end: 1.2, speakerId: '1', text: 'Hi' },
			{ start: 1.2, end: 2.3, speakerId: '2', text: 'Unknown voice' },
		],
		speakers: [
			{ speakerId: '1', name: 'Ada' },
			{ speakerId: '2', name: 'Unknown speaker' },
		],
	};

	it.each([
		['result', { result: { segments, languageCode: 'en' } }],
		['result.transcript', { result: { transcript: { segments, languageCode: 'en' } } }],
		['transcript', { transcript: { segments } }],
		['bare', { segments }],
	])('reads the %s shape', (_shape, document) => {
		expect(readTranscript(JSON.stringify(document), 'auto')).toEqual(expected);
		expect(fromClaapReadJson(document)).toEqual(expected);
	});
});

describe('speech-to-text JSON', () => {
	it('Whisper: WhisperX speakers when segments carry them', () => {
		const document = {
			language: 'en',
			segments: [
				{ start: 0, end: 1.5, text: ' Hello.', speaker: 'SPEAKER_00' },
				{ start: 1.5, end: 2, text: ' Hi.', speaker: 'SPEAKER_01' },
			],
		};
		// WhisperX's labels number speakers: they are kept apart, and named after their own numbers.
		const transcript = readTranscript(JSON.stringify(document), 'auto');
		expect(transcript.segments.map((segment) => segment.speakerId)).toEqual(['1', '2']);
		expect(transcript.speakers).toEqual([
			{ speakerId: '1', name: 'Speaker 0' },
			{ speakerId: '2', name: 'Speaker 1' },
		]);
	});

	it('Deepgram: words grouped into sentences by speaker when there are no utterances or paragraphs', () => {
		const words = [
			{ word: 'hello', punctuated_word: 'Hello.', start: 0, end: 0.5, speaker: 0 },
			{ word: 'hi', punctuated_word: 'Hi,', start: 0.6, end: 0.8, speaker: 1 },
			{ word: 'there', punctuated_word: 'there.', start: 0.8, end: 1.1, speaker: 1 },
			{ word: 'bye', start: 1.2, end: 1.5, speaker: 1 },
		];
		const document = { results: { channels: [{ alternatives: [{ transcript: '', words }] }] } };
		expect(readTranscript(JSON.stringify(document), 'auto').segments).toEqual([
			{ start: 0, end: 0.5, speakerId: '0', text: 'Hello.' },
			{ start: 0.6, end: 1.1, speakerId: '1', text: 'Hi, there.' },
			{ start: 1.2, end: 1.5, speakerId: '1', text: 'bye' },
		]);
	});

	it('Deepgram: channels tell speakers apart in multichannel audio without diarization', () => {
		const channel = (text: string, start: number) => ({
			alternatives: [
				{ paragraphs: { paragraphs: [{ sentences: [{ text }], start, end: start + 1 }] } },
			],
		});
		const document = {
			results: { channels: [channel('Agent here.', 0), channel('Caller here.', 1)] },
		};
		expect(
			readTranscript(JSON.stringify(document), 'deepgramJson').segments.map(
				(segment) => segment.speakerId,
			),
		).toEqual(['channel 0', 'channel 1']);
	});

	it('AssemblyAI: a bare utterances list copied from a response is recognised', () => {
		const document = { utterances: [{ speaker: 'A', start: 1000, end: 2500, text: 'Hi.' }] };
		expect(readTranscript(JSON.stringify(document), 'auto').segments).toEqual([
			{ start: 1, end: 2.5, speakerId: 'A', text: 'Hi.' },
		]);
	});

	it('AWS Transcribe: speakers on items, without speaker_labels segments, and without any speakers', () => {
		const item = (content: string, start: string, end: string, speaker?: string) => ({
			type: 'pronunciation',
			start_time: start,
			end_time: end,
			alternatives: [{ content }],
			...(speaker ? { speaker_label: speaker } : {}),
		});
		const dot = { type: 'punctuation', alternatives: [{ content: '.' }] };
		const withSpeakers = {
			results: {
				transcripts: [],
				items: [item('Hi', '0.1', '0.4', 'spk_0'), dot, item('Yo', '0.5', '0.9', 'spk_1'), dot],
			},
		};
		expect(readTranscript(JSON.stringify(withSpeakers), 'auto').segments).toEqual([
			{ start: 0.1, end: 0.4, speakerId: 'spk_0', text: 'Hi.' },
			{ start: 0.5, end: 0.9, speakerId: 'spk_1', text: 'Yo.' },
		]);
		const items = [
			item('One', '0', '0.3'),
			dot,
			item('Two', '0.4', '0.7'),
			item('three', '0.7', '1.05'),
			dot,
		];
		const noSpeakers = { results: { transcripts: [], items } };
		expect(readTranscript(JSON.stringify(noSpeakers), 'auto').segments).toEqual([
			{ start: 0, end: 0.3, speakerId: 'unknown', text: 'One.' },
			{ start: 0.4, end: 1.05, speakerId: 'unknown', text: 'Two three.' },
		]);
		expect(readTranscript(JSON.stringify(noSpeakers), 'auto').speakers).toEqual([
			{ speakerId: 'unknown', name: 'Unknown speaker' },
		]);
	});
});

describe('toLangIso2', () => {
	it.each([
		['en', 'en'],
		['EN-us', 'en'],
		['en_us', 'en'],
		['zh-Hant-TW', 'zh'],
		['english', 'en'],
		[' French ', 'fr'],
		['portuguese', 'pt'],
		['klingon', undefined],
		['eng', undefined],
		['constructor', undefined],
		[42, undefined],
		[undefined, undefined],
	])('%p → %p', (input, output) => {
		expect(toLangIso2(input)).toBe(output);
	});
});

describe('Deepgram with several channels', () => {
	it('keeps speaker 0 of channel 0 apart from speaker 0 of channel 1', () => {
		const document = {
			results: {
				channels: [{ alternatives: [{ transcript: '' }] }, { alternatives: [{ transcript: '' }] }],
				utterances: [
					{ start: 0, end: 1, transcript: 'Hello from the left.', speaker: 0, channel: 0 },
					{ start: 1, end: 2, transcript: 'Hello from the right.', speaker: 0, channel: 1 },
				],
			},
		};
		const transcript = readTranscript(JSON.stringify(document), 'auto');
		expect(transcript.segments.map((segment) => segment.speakerId)).toEqual([
			'channel 0 speaker 0',
			'channel 1 speaker 0',
		]);
	});
});
