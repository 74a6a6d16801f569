import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

import type { ClaapTranscript } from '../../nodes/Claap/transcriptFormats';

export const FIXTURES = join(__dirname, 'fixtures');

/** Every sample transcript in the fixture corpus (expectation files excluded). */
export function fixtureNames(): string[] {
	return readdirSync(FIXTURES)
		.filter((name) => !name.endsWith('.expected.json'))
		.sort();
}

export function readFixture(name: string): string {
	return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface Expectation {
	reader: string;
	/** What the sample tests, in a sentence or two. */
	tests: string;
	transcript: ClaapTranscript;
}

export function readExpectation(name: string): Expectation {
	return JSON.parse(
		readFileSync(join(FIXTURES, name.replace(/\.[a-z]+$/, '.expected.json')), 'utf8'),
	) as Expectation;
}

/** Segments as (start, end, speaker name or id, text), for comparing across speaker renumbering. */
export function namedSegments(
	transcript: ClaapTranscript,
): Array<[number, number, string, string]> {
	const names = new Map(
		(transcript.speakers ?? []).map((speaker) => [
			speaker.speakerId,
			speaker.name ?? speaker.speakerId,
		]),
	);
	return transcript.segments.map((segment) => [
		segment.start,
		segment.end,
		names.get(segment.speakerId) ?? segment.speakerId,
		segment.text,
	]);
}
