import type { ClaapTranscript } from '../../nodes/Claap/transcriptFormats';
import {
	applySpeakerMapping,
	findTranscriptProblem,
	findUnmatchedSpeakerMappings,
	readTranscript,
} from '../../nodes/Claap/transcriptFormats';
import { readFixture } from './helpers';

describe('applySpeakerMapping', () => {
	const zoom = readTranscript(readFixture('zoom-meeting.vtt'), 'auto');

	it('matches names case-insensitively and sets name, email and recorder', () => {
		const mapped = applySpeakerMapping(zoom, [
			{
				match: '  camille MARTIN ',
				displayName: 'Camille M.',
				email: ' camille@example.com ',
				isRecorder: true,
			},
			{ match: 'Priya Raman', email: 'priya@example.com' },
		]);
		expect(mapped.speakers).toEqual([
			{ speakerId: '1', name: 'Camille M.', email: 'camille@example.com', isRecorder: true },
			{ speakerId: '2', name: 'Jonas Weber' },
			{ speakerId: '3', name: 'Priya Raman', email: 'priya@example.com' },
		]);
		expect(mapped.segments).toBe(zoom.segments);
		expect(findTranscriptProblem(mapped)).toBeUndefined();
	});

	it("matches a service's own labels, which are the speaker ids", () => {
		const assembly = readTranscript(readFixture('assemblyai-utterances.json'), 'auto');
		const mapped = applySpeakerMapping(assembly, [
			{ match: 'a', displayName: 'Tom Becker', email: 'tom@example.com' },
			{ match: 'B', displayName: 'Rosa Diaz', isRecorder: false },
		]);
		expect(mapped.speakers).toEqual([
			{ speakerId: 'A', name: 'Tom Becker', email: 'tom@example.com' },
			{ speakerId: 'B', name: 'Rosa Diaz' },
		]);
		const aws = readTranscript(readFixture('aws-speaker-labels.json'), 'auto');
		expect(applySpeakerMapping(aws, [{ match: 'SPK_1', displayName: 'Caller' }]).speakers).toEqual([
			{ speakerId: 'spk_0', name: 'Speaker 0' },
			{ speakerId: 'spk_1', name: 'Caller' },
		]);
	});

	it('prefers a name over an id, and the first of two rows for the same speaker', () => {
		const transcript: ClaapTranscript = {
			segments: [
				{ start: 0, end: 1, speakerId: '1', text: 'a' },
				{ start: 1, end: 2, speakerId: '2', text: 'b' },
			],
			speakers: [
				{ speakerId: '1', name: '2' },
				{ speakerId: '2', name: 'Bob' },
			],
		};
		const mapped = applySpeakerMapping(transcript, [
			{ match: '2', displayName: 'Named two' },
			{ match: 'bob', displayName: 'First' },
			{ match: 'BOB', displayName: 'Second' },
		]);
		expect(mapped.speakers).toEqual([
			{ speakerId: '1', name: 'Named two' },
			{ speakerId: '2', name: 'First' },
		]);
	});

	it('lists speakers from the segments when the transcript has none, named after their ids, and ignores empty fields', () => {
		const transcript: ClaapTranscript = {
			segments: [
				{ start: 0, end: 1, speakerId: 'x', text: 'a' },
				{ start: 1, end: 2, speakerId: 'y', text: 'b' },
				{ start: 2, end: 3, speakerId: 'x', text: 'c' },
			],
		};
		expect(
			applySpeakerMapping(transcript, [{ match: 'Y', displayName: '', email: '  ' }]).speakers,
		).toEqual([
			{ speakerId: 'x', name: 'Speaker X' },
			{ speakerId: 'y', name: 'Speaker Y' },
		]);
		// Claap requires a name on every listed speaker: the derived names are names.
		const mapped = applySpeakerMapping(transcript, [{ match: 'Speaker Y', displayName: 'Yves' }]);
		expect(mapped.speakers?.map((speaker) => speaker.name)).toEqual(['Speaker X', 'Yves']);
		expect(findTranscriptProblem(mapped)).toBeUndefined();
	});

	it('leaves the input untouched, and returns it as is without rows', () => {
		const before = JSON.stringify(zoom);
		applySpeakerMapping(zoom, [{ match: 'Jonas Weber', displayName: 'J' }]);
		expect(JSON.stringify(zoom)).toBe(before);
		expect(applySpeakerMapping(zoom, [])).toBe(zoom);
	});
});

describe('findUnmatchedSpeakerMappings', () => {
	it('names the rows that match no speaker, ignoring empty ones', () => {
		const zoom = readTranscript(readFixture('zoom-meeting.vtt'), 'auto');
		expect(
			findUnmatchedSpeakerMappings(zoom, [
				{ match: 'jonas weber' },
				{ match: 'Jonas Webber' },
				{ match: '3' },
				{ match: ' ' },
				{ match: 'Ada' },
			]),
		).toEqual(['Jonas Webber', 'Ada']);
	});
});

describe('a mapping row naming one speaker', () => {
	it('does not also catch another speaker by id', () => {
		const transcript = {
			segments: [
				{ start: 0, end: 1, speakerId: '1', text: 'a' },
				{ start: 1, end: 2, speakerId: '2', text: 'b' },
			],
			speakers: [
				{ speakerId: '1', name: '2' },
				{ speakerId: '2', name: 'Bob' },
			],
		};
		const mapped = applySpeakerMapping(transcript, [
			{ match: '2', displayName: 'Carol', email: 'carol@example.com' },
		]);
		expect(mapped.speakers).toEqual([
			{ speakerId: '1', name: 'Carol', email: 'carol@example.com' },
			{ speakerId: '2', name: 'Bob' },
		]);
	});
});
