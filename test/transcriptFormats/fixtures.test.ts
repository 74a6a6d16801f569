import {
	findTranscriptProblem,
	readTranscript,
	TRANSCRIPT_READERS,
} from '../../nodes/Claap/transcriptFormats';
import { fixtureNames, readExpectation, readFixture } from './helpers';

describe('fixture corpus', () => {
	const names = fixtureNames();

	it('holds at least two samples for every reader', () => {
		const perReader = new Map<string, number>();
		for (const name of names) {
			const { reader } = readExpectation(name);
			perReader.set(reader, (perReader.get(reader) ?? 0) + 1);
		}
		const short = TRANSCRIPT_READERS.map((reader) => reader.id).filter(
			(id) => (perReader.get(id) ?? 0) < 2,
		);
		expect(short).toEqual([]);
	});

	it('is a corpus of at least 30 files', () => {
		expect(names.length).toBeGreaterThanOrEqual(30);
	});

	describe.each(names)('%s', (name) => {
		const text = readFixture(name);
		const expected = readExpectation(name);

		it('says what it tests', () => {
			expect(expected.tests.trim().length).toBeGreaterThan(20);
		});

		it('is recognised as its format by Auto-Detect, and by content alone', () => {
			const content = text.replace(/^\ufeff/, '');
			expect(TRANSCRIPT_READERS.find((reader) => reader.detect(content, name))?.id).toBe(
				expected.reader,
			);
			expect(TRANSCRIPT_READERS.find((reader) => reader.detect(content))?.id).toBe(expected.reader);
		});

		it('converts to the expected transcript, detected or named', () => {
			expect(readTranscript(text, 'auto', name)).toEqual(expected.transcript);
			expect(readTranscript(text, expected.reader)).toEqual(expected.transcript);
		});

		it('gives a transcript Claap accepts', () => {
			expect(findTranscriptProblem(readTranscript(text, 'auto', name))).toBeUndefined();
		});

		it('reads the same with CRLF or LF line ends, with or without a BOM', () => {
			const lf = text.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
			expect(readTranscript(lf, 'auto')).toEqual(expected.transcript);
			expect(readTranscript(`\ufeff${lf.replace(/\n/g, '\r\n')}`, 'auto')).toEqual(
				expected.transcript,
			);
		});
	});
});
