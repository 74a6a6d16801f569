import { readTranscript, TranscriptFormatError } from '../../nodes/Claap/transcriptFormats';

/** The message of the TranscriptFormatError reading `text` as `format` throws. */
function errorOf(text: string, format: string): string {
	try {
		readTranscript(text, format);
	} catch (error) {
		expect(error).toBeInstanceOf(TranscriptFormatError);
		return (error as Error).message;
	}
	throw new Error('expected the transcript to be refused');
}

const ACCEPTED =
	'Accepted formats: Claap upload JSON, Claap transcript JSON (Transcript → Get), OpenAI Whisper JSON, Deepgram JSON, AssemblyAI JSON, AWS Transcribe JSON, WebVTT, SubRip (SRT), Plain text with timestamps';
const json = (value: unknown) => JSON.stringify(value);

describe('unrecognised input names the accepted formats', () => {
	it.each([
		[
			'an unknown format id',
			'x',
			'docx',
			`Unrecognised transcript, whole file: "docx" is not a known transcript format. ${ACCEPTED}`,
		],
		[
			'text in no known format',
			'Dear team, here are the notes.',
			'auto',
			`Unrecognised transcript, whole file: the format could not be recognised. ${ACCEPTED}`,
		],
		[
			'an empty file',
			'',
			'auto',
			`Unrecognised transcript, whole file: the format could not be recognised. ${ACCEPTED}`,
		],
		[
			'JSON of another kind',
			json({ meeting: { id: 1 } }),
			'auto',
			`Unrecognised transcript, whole file: the JSON does not match any known transcript format. ${ACCEPTED}`,
		],
	])('%s', (_case, text, format, message) => {
		expect(errorOf(text, format)).toBe(message);
	});

	it('broken JSON', () => {
		expect(errorOf('{"segments": [', 'auto')).toMatch(
			/^Unrecognised transcript, whole file: the file starts like JSON but is not valid JSON \(.+\)\. Accepted formats: /,
		);
	});
});

describe('WebVTT errors', () => {
	it.each([
		[
			'no signature',
			'00:00.000 --> 00:01.000\nHi',
			'WebVTT transcript, line 1: a WebVTT file starts with "WEBVTT"',
		],
		[
			'a signature glued to text',
			'WEBVTTX\n\n00:00.000 --> 00:01.000\nHi',
			'WebVTT transcript, line 1: a WebVTT file starts with "WEBVTT"',
		],
		[
			'an identifier without a timing line',
			'WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\nintro\nHello',
			'WebVTT transcript, cue 2 (line 6): expected a timing line like "00:00:01.000 --> 00:00:02.000" after "intro"',
		],
		[
			'a blank line inside a cue',
			'WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\nthere\n\n00:02.000 --> 00:03.000\nAgain',
			'WebVTT transcript, cue 2 (line 6): expected a timing line like "00:00:01.000 --> 00:00:02.000" after "there"',
		],
		[
			'a bad start',
			'WEBVTT\n\n00:00.0x0 --> 00:01.000\nHi',
			'WebVTT transcript, cue 1 (line 3): start "00:00.0x0" is not a timestamp like 00:01.000 or 01:02:03.000',
		],
		[
			'a bad end',
			'WEBVTT\n\n00:00.000 --> 00:61.000\nHi',
			'WebVTT transcript, cue 1 (line 3): end "00:61.000" is not a timestamp like 00:01.000 or 01:02:03.000',
		],
		[
			'minutes over 59 with hours',
			'WEBVTT\n\n1\n01:60:00.000 --> 02:00:00.000\nHi',
			'WebVTT transcript, cue 1 (line 4): start "01:60:00.000" is not a timestamp like 00:01.000 or 01:02:03.000',
		],
		[
			'a missing end',
			'WEBVTT\n\n00:00.000 -->\nHi',
			'WebVTT transcript, cue 1 (line 3): end "" is not a timestamp like 00:01.000 or 01:02:03.000',
		],
		[
			'an end before the start',
			'WEBVTT\n\n00:05.000 --> 00:04.500\nHi',
			'WebVTT transcript, cue 1 (line 3): ends at 4.5s, before its start (5s)',
		],
		[
			'no cue with text',
			'WEBVTT\n\nNOTE nothing here\n\n00:00.000 --> 00:01.000\n<i></i>',
			'WebVTT transcript, whole file: no cue with any text was found',
		],
		[
			'a long value, shortened',
			`WEBVTT\n\n${'9'.repeat(60)} --> 00:01.000\nHi`,
			`WebVTT transcript, cue 1 (line 3): start "${'9'.repeat(40)}…" is not a timestamp like 00:01.000 or 01:02:03.000`,
		],
	])('%s', (_case, text, message) => {
		expect(errorOf(text, 'webVtt')).toBe(message);
	});
});

describe('SubRip errors', () => {
	it.each([
		[
			'text where a cue should start',
			'Hello\n00:00:00,000 --> 00:00:01,000',
			'SubRip (SRT) transcript, cue 1 (line 1): expected a cue number or a timing line like "00:00:01,000 --> 00:00:02,000", found "Hello"',
		],
		[
			'a number without a timing line',
			'1\n00:00:00,000 --> 00:00:01,000\nHi\n\n2\nHello',
			'SubRip (SRT) transcript, cue 2 (line 5): expected a timing line like "00:00:01,000 --> 00:00:02,000" after the cue number "2"',
		],
		[
			'a number at the end',
			'1\n00:00:00,000 --> 00:00:01,000\nHi\n\n2',
			'SubRip (SRT) transcript, cue 2 (line 5): expected a timing line like "00:00:01,000 --> 00:00:02,000" after the cue number "2"',
		],
		[
			'a bad start',
			'1\n00:00:0a,000 --> 00:00:01,000\nHi',
			'SubRip (SRT) transcript, cue 1 (line 2): start "00:00:0a,000" is not a timestamp like 00:00:01,000',
		],
		[
			'a bad end',
			'1\n00:00:00,000 --> 00:00:01;000\nHi',
			'SubRip (SRT) transcript, cue 1 (line 2): end "00:00:01;000" is not a timestamp like 00:00:01,000',
		],
		[
			'an end before the start',
			'7\n00:01:00,250 --> 00:00:59,000\nHi',
			'SubRip (SRT) transcript, cue 1 (line 2): ends at 59s, before its start (60.25s)',
		],
		[
			'no text at all',
			'1\n00:00:00,000 --> 00:00:01,000\n',
			'SubRip (SRT) transcript, whole file: no cue with any text was found',
		],
		['an empty file', '', 'SubRip (SRT) transcript, whole file: no cue with any text was found'],
	])('%s', (_case, text, message) => {
		expect(errorOf(text, 'srt')).toBe(message);
	});
});

describe('plain text errors', () => {
	it.each([
		[
			'text before the first timestamp',
			'Weekly sync\n00:00 Ada: Hi',
			'Plain text with timestamps transcript, line 1: expected a line starting with a timestamp, such as "00:05 Ada: Hello" or "[01:02:03] Ada: Hello", found "Weekly sync"',
		],
		[
			'seconds over 59',
			'00:00 Ada: Hi\n\n00:75 Bob: Hello',
			'Plain text with timestamps transcript, line 3: "00:75" is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)',
		],
		[
			'minutes over 59 with hours',
			'1:75:00 Ada: Hi',
			'Plain text with timestamps transcript, line 1: "1:75:00" is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)',
		],
		[
			'too many fields',
			'1:02:03:04 Ada: Hi',
			'Plain text with timestamps transcript, line 1: "1:02:03:04" is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)',
		],
		[
			'an unclosed bracket',
			'[00:05 Ada: Hi',
			'Plain text with timestamps transcript, line 1: "[00:05 " is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)',
		],
		[
			'a timestamp glued to text',
			'00:05pm Ada: Hi',
			'Plain text with timestamps transcript, line 1: "00:05pm" is not a timestamp like "05:30" or "01:05:30" (minutes and seconds below 60)',
		],
		[
			'only empty lines',
			'00:00 Ada:\n00:05 Bob:   ',
			'Plain text with timestamps transcript, whole file: no cue with any text was found',
		],
	])('%s', (_case, text, message) => {
		expect(errorOf(text, 'plainText')).toBe(message);
	});
});

describe('JSON errors', () => {
	it.each([
		// Every JSON reader, given text that is not JSON
		[
			'Claap upload, not JSON',
			'{"segments": [',
			'claapUploadJson',
			/^Claap upload JSON transcript, whole file: not valid JSON \(.+\)$/,
		],
		[
			'Claap read, not JSON',
			'nope',
			'claapReadJson',
			/^Claap transcript JSON \(Transcript → Get\) transcript, whole file: not valid JSON \(.+\)$/,
		],
		[
			'Whisper, not JSON',
			'{',
			'whisperJson',
			/^OpenAI Whisper JSON transcript, whole file: not valid JSON \(.+\)$/,
		],
		[
			'Deepgram, not JSON',
			'{',
			'deepgramJson',
			/^Deepgram JSON transcript, whole file: not valid JSON \(.+\)$/,
		],
		[
			'AssemblyAI, not JSON',
			'{',
			'assemblyAiJson',
			/^AssemblyAI JSON transcript, whole file: not valid JSON \(.+\)$/,
		],
		[
			'AWS, not JSON',
			'{',
			'awsTranscribeJson',
			/^AWS Transcribe JSON transcript, whole file: not valid JSON \(.+\)$/,
		],
	])('%s', (_case, text, format, message) => {
		expect(errorOf(text, format)).toMatch(message);
	});

	const seg = (extra: object) => ({
		startedAt: 0,
		endedAt: 1,
		speaker: 'Ada',
		text: 'Hi',
		...extra,
	});
	it.each([
		[
			'Claap upload: wrong shape',
			json({ items: [] }),
			'claapUploadJson',
			'Claap upload JSON transcript, whole file: expected {"transcript": {"segments": [...]}} or {"segments": [...]}',
		],
		[
			'Claap upload: speakers not a list',
			json({ segments: [], speakers: {} }),
			'claapUploadJson',
			'Claap upload JSON transcript, speakers: must be a list',
		],
		[
			'Claap upload: a segment not an object',
			json({ segments: [3] }),
			'claapUploadJson',
			'Claap upload JSON transcript, segments[0]: must be an object with start, end, speakerId and text',
		],
		[
			'Claap upload: a speaker without id',
			json({ segments: [], speakers: [{ name: 'Ada' }] }),
			'claapUploadJson',
			'Claap upload JSON transcript, speakers[0].speakerId: must be a string',
		],
		[
			'Claap upload: a language not text',
			json({ segments: [], langIso2: 1 }),
			'claapUploadJson',
			'Claap upload JSON transcript, langIso2: must be a two-letter language code',
		],
		[
			'Claap read: wrong shape',
			json({ result: { recording: {} } }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, whole file: expected {"result": {"segments": [...]}} as Transcript → Get returns it',
		],
		[
			'Claap read: a segment not an object',
			json({ result: { segments: [seg({}), 'x'] } }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, result.segments[1]: must be an object',
		],
		[
			'Claap read: a missing start',
			json({ result: { transcript: { segments: [{ endedAt: 1, text: 'Hi' }] } } }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, result.transcript.segments[0].startedAt: is missing',
		],
		[
			'Claap read: a negative end',
			json({ segments: [seg({ endedAt: -1 })] }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, segments[0].endedAt: must be a number of seconds, 0 or more (found -1)',
		],
		[
			'Claap read: an end before the start',
			json({ segments: [seg({ startedAt: 3, endedAt: 2.5 })] }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, segments[0]: ends at 2.5s, before its start (3s)',
		],
		[
			'Claap read: text not text',
			json({ segments: [seg({ text: 5 })] }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, segments[0].text: must be text',
		],
		[
			'Claap read: speaker not text',
			json({ segments: [seg({ speaker: { name: 'Ada' } })] }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, segments[0].speaker: must be text or a number',
		],
		[
			'Claap read: no text at all',
			json({ segments: [seg({ text: ' ' })] }),
			'claapReadJson',
			'Claap transcript JSON (Transcript → Get) transcript, whole file: no cue with any text was found',
		],
		[
			'Whisper: not an object',
			json([1]),
			'whisperJson',
			'OpenAI Whisper JSON transcript, whole file: must be an object',
		],
		[
			'Whisper: plain json output',
			json({ text: 'Hello' }),
			'whisperJson',
			'OpenAI Whisper JSON transcript, segments: is missing: request the transcription with response_format "verbose_json"',
		],
		[
			'Whisper: segments not a list',
			json({ segments: 'x' }),
			'whisperJson',
			'OpenAI Whisper JSON transcript, segments: must be a list',
		],
		[
			'Whisper: a time as text',
			json({ segments: [{ start: '1.5s', end: 2, text: 'Hi' }] }),
			'whisperJson',
			'OpenAI Whisper JSON transcript, segments[0].start: must be a number of seconds, 0 or more (found "1.5s")',
		],
		[
			'Whisper: a time beyond any recording',
			json({ segments: [{ start: 0, end: 1e300, text: 'Hi' }] }),
			'whisperJson',
			'OpenAI Whisper JSON transcript, segments[0].end: 1e+300 seconds is longer than any recording',
		],
		[
			'Whisper: a missing end',
			json({ segments: [{ start: 0, end: null, text: 'Hi' }] }),
			'whisperJson',
			'OpenAI Whisper JSON transcript, segments[0].end: must be a number of seconds, 0 or more (found null)',
		],
		[
			'Deepgram: no results',
			json({ metadata: {} }),
			'deepgramJson',
			'Deepgram JSON transcript, results: must be an object',
		],
		[
			'Deepgram: empty results',
			json({ results: {} }),
			'deepgramJson',
			'Deepgram JSON transcript, results: has neither utterances nor channels',
		],
		[
			'Deepgram: channels not a list',
			json({ results: { channels: {} } }),
			'deepgramJson',
			'Deepgram JSON transcript, results.channels: must be a list',
		],
		[
			'Deepgram: a channel without alternatives',
			json({ results: { channels: [{}] } }),
			'deepgramJson',
			'Deepgram JSON transcript, results.channels[0].alternatives: is missing',
		],
		[
			'Deepgram: paragraph sentences missing',
			json({
				results: {
					channels: [{ alternatives: [{ paragraphs: { paragraphs: [{ start: 0, end: 1 }] } }] }],
				},
			}),
			'deepgramJson',
			'Deepgram JSON transcript, results.channels[0].alternatives[0].paragraphs.paragraphs[0].sentences: is missing',
		],
		[
			'Deepgram: an utterance without end',
			json({ results: { utterances: [{ start: 0, transcript: 'Hi' }] } }),
			'deepgramJson',
			'Deepgram JSON transcript, results.utterances[0].end: is missing',
		],
		[
			'Deepgram: a word ending early',
			json({
				results: { channels: [{ alternatives: [{ words: [{ word: 'a', start: 2, end: 1 }] }] }] },
			}),
			'deepgramJson',
			'Deepgram JSON transcript, results.channels[0].alternatives[0].words[0]: ends at 1s, before its start (2s)',
		],
		[
			'Deepgram: nothing said',
			json({ results: { channels: [{ alternatives: [] }] } }),
			'deepgramJson',
			'Deepgram JSON transcript, whole file: no cue with any text was found',
		],
		[
			'AssemblyAI: not completed',
			json({ id: 'x', status: 'processing', utterances: null }),
			'assemblyAiJson',
			'AssemblyAI JSON transcript, utterances: is missing, and there are no words either: is the transcript completed?',
		],
		[
			'AssemblyAI: seconds instead of ms',
			json({ utterances: [{ speaker: 'A', start: '0.5', end: 1000, text: 'Hi' }] }),
			'assemblyAiJson',
			'AssemblyAI JSON transcript, utterances[0].start: must be a number of milliseconds, 0 or more (found "0.5")',
		],
		[
			'AssemblyAI: a time beyond any recording',
			json({ utterances: [{ speaker: 'A', start: 0, end: 1e13, text: 'Hi' }] }),
			'assemblyAiJson',
			'AssemblyAI JSON transcript, utterances[0].end: 10000000000000 milliseconds is longer than any recording',
		],
		[
			'AssemblyAI: a word not an object',
			json({ utterances: [], words: [null] }),
			'assemblyAiJson',
			'AssemblyAI JSON transcript, words[0]: must be an object',
		],
		[
			'AssemblyAI: an utterance ending early',
			json({ utterances: [{ speaker: 'A', start: 900, end: 100, text: 'Hi' }] }),
			'assemblyAiJson',
			'AssemblyAI JSON transcript, utterances[0]: ends at 0.1s, before its start (0.9s)',
		],
		[
			'AWS: no results',
			json({ jobName: 'x' }),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results: must be an object',
		],
		[
			'AWS: no items',
			json({ results: { transcripts: [] } }),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results.items: is missing',
		],
		[
			'AWS: an item without alternatives',
			json({ results: { items: [{ start_time: '0', end_time: '1' }] } }),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results.items[0].alternatives: is missing',
		],
		[
			'AWS: a malformed time',
			json({
				results: {
					items: [{ start_time: '1,5', end_time: '2', alternatives: [{ content: 'Hi' }] }],
				},
			}),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results.items[0].start_time: must be a number of seconds, 0 or more (found "1,5")',
		],
		[
			'AWS: an audio segment ending early',
			json({
				results: {
					items: [],
					audio_segments: [{ start_time: '2', end_time: '1', transcript: 'Hi' }],
				},
			}),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results.audio_segments[0]: ends at 1s, before its start (2s)',
		],
		[
			'AWS: a speaker turn without start',
			json({
				results: {
					items: [{ start_time: '0', end_time: '1', alternatives: [{ content: 'Hi' }] }],
					speaker_labels: { segments: [{ speaker_label: 'spk_0' }] },
				},
			}),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, results.speaker_labels.segments[0].start_time: is missing',
		],
		[
			'AWS: nothing said',
			json({ results: { items: [] } }),
			'awsTranscribeJson',
			'AWS Transcribe JSON transcript, whole file: no cue with any text was found',
		],
	])('%s', (_case, text, format, message) => {
		expect(errorOf(text, format)).toBe(message);
	});
});
