import { transcriptFromLists } from '../../nodes/Claap/helpers/transcriptInput';
import {
	findTranscriptProblem,
	readTranscript,
	TranscriptFormatError,
} from '../../nodes/Claap/transcriptFormats';

const upload = {
	transcript: {
		langIso2: 'fr',
		segments: [
			{ start: 0.5, end: 1.5, speakerId: '1', text: 'Bonjour !' },
			{ start: 1.5, end: 3.25, speakerId: '2', text: 'Salut.' },
		],
		speakers: [
			{ speakerId: '1', name: 'Éric', email: 'e@x.io', isRecorder: true },
			{ speakerId: '2', name: 'Ada' },
		],
	},
};

describe('Claap upload JSON', () => {
	it('reads the wrapped and the bare shape, with a BOM, by detection or by name', () => {
		const text = JSON.stringify(upload);
		expect(readTranscript(text, 'auto')).toEqual(upload.transcript);
		expect(readTranscript(`\ufeff${JSON.stringify(upload.transcript)}`, 'auto')).toEqual(
			upload.transcript,
		);
		expect(readTranscript(text, 'claapUploadJson')).toEqual(upload.transcript);
	});

	it('names the place of a malformed field', () => {
		const bad = {
			segments: [
				{ start: 0, end: 1, speakerId: '1', text: 'a' },
				{ start: 1, end: 2, speakerId: '1' },
			],
		};
		expect(() => readTranscript(JSON.stringify(bad), 'claapUploadJson')).toThrow(
			'segments[1].text: must be a string',
		);
		expect(() => readTranscript('{"segments": [', 'claapUploadJson')).toThrow(
			TranscriptFormatError,
		);
		expect(() => readTranscript('{"segments": [', 'claapUploadJson')).toThrow('not valid JSON');
	});

	it('lists the accepted formats when it recognises none', () => {
		expect(() => readTranscript('<?xml version="1.0"?><tt></tt>', 'auto')).toThrow(
			/Accepted formats: Claap upload JSON, .*WebVTT/,
		);
	});
});

describe('findTranscriptProblem', () => {
	const valid = upload.transcript;
	const withSegment = (segment: object) => ({ ...valid, segments: [...valid.segments, segment] });

	it('accepts a valid transcript, with or without speakers', () => {
		expect(findTranscriptProblem(valid)).toBeUndefined();
		expect(findTranscriptProblem({ segments: valid.segments })).toBeUndefined();
	});

	it.each([
		[{ ...valid, segments: [] }, 'segments', 'no segments'],
		[{ ...valid, langIso2: 'fra' }, 'langIso2', 'two-letter'],
		[
			withSegment({ start: Number.NaN, end: 5, speakerId: '1', text: 'x' }),
			'segments[2].start',
			'number of seconds',
		],
		[
			withSegment({ start: -1, end: 5, speakerId: '1', text: 'x' }),
			'segments[2].start',
			'0 or more',
		],
		[
			withSegment({ start: 4, end: Infinity, speakerId: '1', text: 'x' }),
			'segments[2].end',
			'number of seconds',
		],
		[
			withSegment({ start: 4, end: 4, speakerId: '1', text: 'x' }),
			'segments[2].end',
			'not after its start',
		],
		[withSegment({ start: 4, end: 5, speakerId: '1', text: '  ' }), 'segments[2].text', 'is empty'],
		[
			withSegment({ start: 4, end: 5, speakerId: '3', text: 'x' }),
			'segments[2].speakerId',
			'"3" is not in the speakers list',
		],
		[
			{ ...valid, speakers: [...valid.speakers, { speakerId: '1', name: 'Éric' }] },
			'speakers[2].speakerId',
			'listed twice',
		],
		[
			{ ...valid, speakers: [{ speakerId: '1', name: 'Éric', email: 'nope' }, valid.speakers[1]] },
			'speakers[0].email',
			'not an email',
		],
		// Claap's schema: `name` is required on every speaker.
		[
			{ ...valid, speakers: [{ speakerId: '1' }, valid.speakers[1]] },
			'speakers[0].name',
			'requires a name',
		],
		[
			{ ...valid, speakers: [valid.speakers[0], { speakerId: '2', name: '  ' }] },
			'speakers[1].name',
			'requires a name',
		],
	])('finds %#: %s', (transcript, path, reason) => {
		const problem = findTranscriptProblem(transcript as never);
		expect(problem?.path).toBe(path);
		expect(problem?.reason).toContain(reason);
	});
});

describe('transcriptFromLists', () => {
	it("maps the Segments and Speakers rows to Claap's shape", () => {
		expect(
			transcriptFromLists(
				[{ start: 0, end: 1.25, speakerId: ' 1 ', text: 'Hi' }],
				[
					{ speakerId: '1', name: 'Ada', email: ' ada@example.com ', isRecorder: true },
					{ speakerId: '2', name: '', email: '' },
				],
			),
		).toEqual({
			segments: [{ start: 0, end: 1.25, speakerId: '1', text: 'Hi' }],
			speakers: [
				{ speakerId: '1', name: 'Ada', email: 'ada@example.com', isRecorder: true },
				{ speakerId: '2' },
			],
		});
		expect(transcriptFromLists([{ start: 0, end: 1, speakerId: 'a', text: 'x' }], [])).toEqual({
			segments: [{ start: 0, end: 1, speakerId: 'a', text: 'x' }],
		});
	});
});
