import type { IDataObject } from 'n8n-workflow';

/** Fixed English names: a label reads the same whatever the server's locale. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-03T09:30:00Z" → "3 Dec 2026" (the UTC day), or undefined when it is no date. */
export function labelDate(value: unknown): string | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return undefined;
	return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Seconds as "45 s", "32 min", "1 h" or "1 h 5 min" (to the nearest minute from one minute up). */
export function labelDuration(value: unknown): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
	const seconds = Math.round(value);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = `${Math.floor(minutes / 60)} h`;
	return minutes % 60 === 0 ? hours : `${hours} ${minutes % 60} min`;
}

export function recordingTitle(recording: IDataObject): string {
	return typeof recording.title === 'string' && recording.title
		? recording.title
		: 'Untitled recording';
}

/**
 * How the recording picker names a recording: "Weekly sync · 3 Dec 2026 · 32 min". Claap sends
 * the date and duration only once a recording is Ready; missing parts are left out.
 */
export function recordingLabel(recording: IDataObject): string {
	return [
		recordingTitle(recording),
		labelDate(recording.createdAt),
		labelDuration(recording.durationSeconds),
	]
		.filter((part) => part !== undefined)
		.join(' · ');
}
