import type { ClaapTranscript } from '../../nodes/Claap/transcriptFormats';
import {
	fromClaapReadJson,
	readTranscript,
	TRANSCRIPT_WRITERS,
	writeTranscript,
} from '../../nodes/Claap/transcriptFormats';
import { readFixture } from './helpers';

const transcript: ClaapTranscript = {
	langIso2: 'en',
	segments: [
		{ start: 0.5, end: 1.5, speakerId: '1', text: 'Hello & <welcome>' },
		{ start: 3599.999, end: 3602.25, speakerId: '2', text: 'Two\nlines' },
		{ start: 3725, end: 3726.001, speakerId: '3', text: 'No name' },
	],
	speakers: [
		{ speakerId: '1', name: 'Éric', email: 'e@x.io', isRecorder: true },
		{ speakerId: '2', name: 'Ada Lovelace' },
		{ speakerId: '3' },
	],
};

describe('writers', () => {
	it('lists each format with its file extension and MIME type', () => {
		expect(
			TRANSCRIPT_WRITERS.map(({ id, fileExtension, mimeType }) => [id, fileExtension, mimeType]),
		).toEqual([
			['claapJson', 'json', 'application/json'],
			['text', 'txt', 'text/plain'],
			['webVtt', 'vtt', 'text/vtt'],
			['srt', 'srt', 'application/x-subrip'],
		]);
	});

	it("writes Claap's upload JSON, which reads back unchanged", () => {
		const file = writeTranscript(transcript, 'claapJson');
		expect(JSON.parse(file.content)).toEqual({ transcript });
		expect(readTranscript(file.content, 'auto')).toEqual(transcript);
	});

	it("writes Claap's text format, hh:mm:ss from the first hour on", () => {
		expect(writeTranscript(transcript, 'text').content).toBe(
			'00:00 Éric: Hello & <welcome>\n59:59 Ada Lovelace: Two lines\n01:02:05 speaker_3: No name\n',
		);
	});

	it('writes WebVTT with voice tags and escaped text', () => {
		expect(writeTranscript(transcript, 'webVtt').content).toBe(
			[
				'WEBVTT\nLanguage: en\n',
				'00:00:00.500 --> 00:00:01.500\n<v Éric>Hello &amp; &lt;welcome&gt;</v>\n',
				'00:59:59.999 --> 01:00:02.250\n<v Ada Lovelace>Two lines</v>\n',
				'01:02:05.000 --> 01:02:06.001\n<v speaker_3>No name</v>\n',
			].join('\n'),
		);
	});

	it('writes SubRip with speaker prefixes', () => {
		expect(writeTranscript(transcript, 'srt').content).toBe(
			[
				'1\n00:00:00,500 --> 00:00:01,500\nÉric: Hello & <welcome>\n',
				'2\n00:59:59,999 --> 01:00:02,250\nAda Lovelace: Two lines\n',
				'3\n01:02:05,000 --> 01:02:06,001\nspeaker_3: No name\n',
			].join('\n'),
		);
	});

	it('writes segments in start order, whatever order they come in', () => {
		const reversed = { ...transcript, segments: [...transcript.segments].reverse() };
		expect(writeTranscript(reversed, 'srt').content).toBe(
			writeTranscript(transcript, 'srt').content,
		);
	});

	it('converts a Transcript → Get response through fromClaapReadJson', () => {
		const response = JSON.parse(readFixture('claap-read.json')) as unknown;
		expect(writeTranscript(fromClaapReadJson(response), 'text').content).toBe(
			[
				"00:00 Inès Moreau: Bonjour à tous, merci d'être là pour la revue trimestrielle.",
				'00:04 Daniel Okafor: Merci. On commence par les renouvellements ?',
				"00:08 Inès Moreau: Oui : 94 % de renouvellement, deux points de plus qu'au trimestre dernier.",
				'',
			].join('\n'),
		);
	});

	it('refuses an unknown output format', () => {
		expect(() => writeTranscript(transcript, 'docx')).toThrow(
			'Unknown transcript output format "docx". Use one of: claapJson, text, webVtt, srt',
		);
	});
});
