import { speakerNameFor } from './cues';
import type { ClaapTranscript, TranscriptSpeaker } from './types';

/** One row of a user's speaker mapping; empty strings count as not given. */
export interface SpeakerMappingRow {
	/** A speaker's name in the file ("Ada Lovelace") or its label or id ("spk_0", "A", "1"). */
	match: string;
	displayName?: string;
	email?: string;
	isRecorder?: boolean;
}

function normalise(value: string | undefined): string {
	return (value ?? '').trim().toLowerCase();
}

/** The transcript's speakers, or, when it lists none, one per speaker id in order of appearance. */
export function speakersOf(transcript: ClaapTranscript): TranscriptSpeaker[] {
	if (transcript.speakers) return transcript.speakers;
	const seen = new Set<string>();
	const speakers: TranscriptSpeaker[] = [];
	for (const segment of transcript.segments) {
		if (!seen.has(segment.speakerId)) {
			seen.add(segment.speakerId);
			speakers.push({ speakerId: segment.speakerId });
		}
	}
	return speakers;
}

/**
 * The speakers a mapping applies to. A transcript without a speaker list gets one from its
 * segments, and Claap requires a name on each listed speaker: those are named after their ids
 * ("Speaker 1"), which a row may then replace.
 */
function mappableSpeakers(transcript: ClaapTranscript): TranscriptSpeaker[] {
	if (transcript.speakers) return transcript.speakers;
	return speakersOf(transcript).map((speaker) => ({
		...speaker,
		name: speakerNameFor(speaker.speakerId, true),
	}));
}

/**
 * The row for each speaker: one whose `match` equals the speaker's name, else one equal to its id
 * (case-insensitive, trimmed). Names win so a row "1" cannot take a speaker actually named "1".
 */
function matchRows(
	speakers: TranscriptSpeaker[],
	rows: SpeakerMappingRow[],
): Array<SpeakerMappingRow | undefined> {
	const byMatch = new Map<string, SpeakerMappingRow>();
	for (const row of rows) {
		const key = normalise(row.match);
		if (key && !byMatch.has(key)) byMatch.set(key, row);
	}
	// A row naming a speaker is that speaker's alone: it must not also catch another by id.
	const names = new Set(speakers.map((speaker) => normalise(speaker.name)).filter(Boolean));
	return speakers.map((speaker) => {
		const name = normalise(speaker.name);
		const byName = name ? byMatch.get(name) : undefined;
		const id = normalise(speaker.speakerId);
		return byName ?? (names.has(id) ? undefined : byMatch.get(id));
	});
}

/**
 * Applies a user's speaker mapping to a converted transcript: a matching row sets the speaker's
 * name, email and recorder flag. Pure: returns a new transcript (sharing the segments) and leaves
 * the input untouched. Speakers without a row, and rows matching no speaker, change nothing; see
 * findUnmatchedSpeakerMappings to report the latter.
 */
export function applySpeakerMapping(
	transcript: ClaapTranscript,
	rows: SpeakerMappingRow[],
): ClaapTranscript {
	if (rows.length === 0) return transcript;
	const speakers = mappableSpeakers(transcript);
	const matched = matchRows(speakers, rows);
	return {
		...transcript,
		speakers: speakers.map((speaker, index) => {
			const row = matched[index];
			if (!row) return { ...speaker };
			const mapped: TranscriptSpeaker = { ...speaker };
			const displayName = row.displayName?.trim();
			const email = row.email?.trim();
			if (displayName) mapped.name = displayName;
			if (email) mapped.email = email;
			if (row.isRecorder === true) mapped.isRecorder = true;
			return mapped;
		}),
	};
}

/** The `match` values of rows that match no speaker of the transcript (likely typos). */
export function findUnmatchedSpeakerMappings(
	transcript: ClaapTranscript,
	rows: SpeakerMappingRow[],
): string[] {
	const speakers = mappableSpeakers(transcript);
	const keys = new Set<string>();
	for (const speaker of speakers) {
		keys.add(normalise(speaker.speakerId));
		if (speaker.name) keys.add(normalise(speaker.name));
	}
	return rows
		.map((row) => row.match)
		.filter((match) => normalise(match) !== '' && !keys.has(normalise(match)));
}
