import { isEmail } from './email';
import { isLanguageCode } from './language';
import type { ClaapTranscript } from './types';

export interface TranscriptProblem {
	/** Where, in Claap's upload shape: `segments[3].end`, `speakers[0].email`, `langIso2`. */
	path: string;
	reason: string;
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** The first thing Claap would refuse in this transcript, or undefined when it is valid. */
export function findTranscriptProblem(transcript: ClaapTranscript): TranscriptProblem | undefined {
	const { segments, speakers, langIso2 } = transcript;
	if (langIso2 !== undefined && !isLanguageCode(langIso2)) {
		return {
			path: 'langIso2',
			reason: `"${langIso2}" is not a two-letter language code such as "en"`,
		};
	}
	if (!Array.isArray(segments) || segments.length === 0) {
		return { path: 'segments', reason: 'the transcript has no segments' };
	}

	const knownSpeakers = new Set<string>();
	for (const [index, speaker] of (speakers ?? []).entries()) {
		const path = `speakers[${index}]`;
		if (!speaker.speakerId) return { path: `${path}.speakerId`, reason: 'is empty' };
		if (typeof speaker.name !== 'string' || speaker.name.trim() === '') {
			return {
				path: `${path}.name`,
				reason: `is missing: Claap requires a name for every listed speaker ("${speaker.speakerId}" has none)`,
			};
		}
		if (knownSpeakers.has(speaker.speakerId)) {
			return { path: `${path}.speakerId`, reason: `"${speaker.speakerId}" is listed twice` };
		}
		if (speaker.email !== undefined && !isEmail(speaker.email)) {
			return { path: `${path}.email`, reason: `"${speaker.email}" is not an email address` };
		}
		knownSpeakers.add(speaker.speakerId);
	}

	for (const [index, segment] of segments.entries()) {
		const path = `segments[${index}]`;
		if (!isFiniteNumber(segment.start) || segment.start < 0) {
			return { path: `${path}.start`, reason: 'must be a number of seconds, 0 or more' };
		}
		if (!isFiniteNumber(segment.end))
			return { path: `${path}.end`, reason: 'must be a number of seconds' };
		if (segment.end <= segment.start) {
			return {
				path: `${path}.end`,
				reason: `ends at ${segment.end}s, not after its start (${segment.start}s)`,
			};
		}
		if (typeof segment.text !== 'string' || segment.text.trim() === '') {
			return { path: `${path}.text`, reason: 'is empty' };
		}
		if (typeof segment.speakerId !== 'string' || segment.speakerId === '') {
			return { path: `${path}.speakerId`, reason: 'is empty' };
		}
		if (speakers !== undefined && !knownSpeakers.has(segment.speakerId)) {
			return {
				path: `${path}.speakerId`,
				reason: `"${segment.speakerId}" is not in the speakers list`,
			};
		}
	}
	return undefined;
}
