import type { IDataObject } from 'n8n-workflow';

import { GUESSES } from './apiContract';

/*
 * When to check a recording while Claap processes it. Every call counts against the workspace's
 * 3,000 a day, so the checks are few: the first one near the moment the recording is expected to
 * be ready (from its media's duration), then each after 15 % of the time waited so far, so that
 * the wait ends at most 15 % after the recording became Ready, whatever it takes.
 */

/** What is known of the media, to expect how long Claap will take. */
export interface MediaHints {
	/** The media's duration, when known (meeting times, transcript, Claap's own figure). */
	mediaSeconds?: number;
	mediaBytes?: number;
	contentType?: string;
}

/** The first check comes before the expected moment: processing may well be faster. */
const FIRST_CHECK_SHARE = 0.6;
/** Without any hint, the first check comes after this long. */
const FIRST_CHECK_WITHOUT_HINTS_MS = 30_000;
/** Each later check waits this share of the time waited so far. */
const GROWTH = 0.15;
const MIN_INTERVAL_MS = 5_000;
const MAX_INTERVAL_MS = 10 * 60_000;

function positive(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** The media's duration in seconds: as given, else estimated from its size and type. */
export function mediaSecondsOf(hints: MediaHints): number | undefined {
	const seconds = positive(hints.mediaSeconds);
	if (seconds !== undefined) return seconds;
	const bytes = positive(hints.mediaBytes);
	if (bytes === undefined) return undefined;
	const rates = GUESSES.mediaBytesPerSecond;
	return bytes / (String(hints.contentType ?? '').startsWith('audio/') ? rates.audio : rates.video);
}

/** How long Claap is expected to take, or undefined when nothing is known of the media. */
export function expectedProcessingMs(hints: MediaHints): number | undefined {
	const seconds = mediaSecondsOf(hints);
	if (seconds === undefined) return undefined;
	const model = GUESSES.processingTime;
	return (model.fixedSeconds + model.secondsPerMediaSecond * seconds) * 1000;
}

/** How long to wait before the next check, `waitedMs` after the waiting began. */
export function nextCheckDelayMs(waitedMs: number, expectedMs: number | undefined): number {
	if (waitedMs <= 0)
		return expectedMs === undefined
			? FIRST_CHECK_WITHOUT_HINTS_MS
			: Math.max(MIN_INTERVAL_MS, expectedMs * FIRST_CHECK_SHARE);
	return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, waitedMs * GROWTH));
}

function spanSeconds(start: unknown, end: unknown): number | undefined {
	if (typeof start !== 'string' || typeof end !== 'string') return undefined;
	return positive((Date.parse(end) - Date.parse(start)) / 1000);
}

/**
 * Hints from what an item carries: Create's output (`uploaded.media`, the meeting), Claap's
 * recording (`durationSeconds`, `meeting.startingAt/endingAt`).
 */
export function mediaHintsOfItem(json: IDataObject): MediaHints {
	const uploaded = (json.uploaded ?? {}) as IDataObject;
	const media = (uploaded.media ?? {}) as IDataObject;
	const meeting = (json.meeting ?? {}) as IDataObject;
	return {
		mediaSeconds:
			positive(json.durationSeconds) ??
			spanSeconds(meeting.startingAt ?? meeting.startedAt, meeting.endingAt ?? meeting.endedAt),
		mediaBytes: positive(media.bytes),
		contentType: typeof media.contentType === 'string' ? media.contentType : undefined,
	};
}

/** Hints from a create body, the media sent and the transcript's last moment. */
export function mediaHintsOfCreate(
	body: IDataObject,
	media?: IDataObject,
	transcriptEndSeconds?: number,
): MediaHints {
	const meeting = (body.meeting ?? {}) as IDataObject;
	return {
		mediaSeconds: spanSeconds(meeting.startedAt, meeting.endedAt) ?? positive(transcriptEndSeconds),
		mediaBytes: positive(media?.bytes),
		contentType: typeof media?.contentType === 'string' ? media.contentType : undefined,
	};
}
