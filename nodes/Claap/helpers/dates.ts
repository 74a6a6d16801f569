import { InvalidParameterError } from './errors';

/**
 * Dates as people give them (n8n's date picker, expressions, text with a space between date and
 * time), sent to Claap as one unambiguous form: ISO-8601 in UTC. A date or time without an offset
 * is a wall-clock time in the workflow's time zone: a meeting at 10:00 in New York is 15:00 UTC,
 * not 10:00 UTC.
 */

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		field('year'),
		field('month') - 1,
		field('day'),
		field('hour'),
		field('minute'),
		field('second'),
	);
	return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a wall-clock time (given as if it were UTC) stands for in `timeZone`. */
function wallClockToUtc(wallMs: number, timeZone: string): number {
	// Twice: the offset at the first guess may differ (a change to or from summer time).
	const guess = wallMs - zoneOffsetMs(timeZone, wallMs);
	return wallMs - zoneOffsetMs(timeZone, guess);
}

function isTimeZone(timeZone: string): boolean {
	try {
		Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/** Milliseconds since the epoch, or undefined when the text is not a date this accepts. */
export function parseDate(text: string, timeZone: string): number | undefined {
	const match = DATE_TIME.exec(text.trim());
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match
		.slice(1, 7)
		.map((part) => Number(part ?? 0));
	const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > daysInMonth ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	)
		return undefined;
	const wall = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
	// Date.UTC reads years below 100 as 19xx.
	wall.setUTCFullYear(year);
	const wallMs = wall.getTime();
	const zone = match[8];
	if (zone === undefined) return wallClockToUtc(wallMs, isTimeZone(timeZone) ? timeZone : 'UTC');
	if (zone.toUpperCase() === 'Z') return wallMs;
	const digits = zone.replace(':', '');
	const offsetHours = Number(digits.slice(1, 3));
	const offsetMinutesPart = Number(digits.slice(3, 5) || 0);
	// Real offsets run from -12:00 to +14:00.
	if (offsetHours > 14 || offsetMinutesPart > 59) return undefined;
	return wallMs - (digits[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart) * 60_000;
}

/** Date parameters arrive as strings, or as Date or Luxon DateTime objects from expressions. */
function dateText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (value instanceof Date)
		return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	const toISO = (value as { toISO?: () => string | null }).toISO;
	if (typeof toISO === 'function') return toISO.call(value) ?? 'Invalid DateTime';
	// Any other object from an expression is no date; it is named in the refusal, never converted
	// with String(), which throws for objects without a usable toString.
	if (typeof value === 'object') return JSON.stringify(value) ?? 'an object';
	return String(value).trim();
}

export interface ClaapDate {
	/** What Claap is sent: ISO-8601 UTC, e.g. 2025-02-25T15:00:00.000Z. */
	iso: string;
	ms: number;
	/** The date as the user gave it, for messages. */
	given: string;
}

/**
 * A date parameter as Claap should receive it, or undefined when it is empty; an unreadable date
 * is refused naming the parameter. Dates without an offset are read in `timeZone`.
 */
export function claapDate(
	parameter: string,
	value: unknown,
	timeZone: string,
): ClaapDate | undefined {
	const text = dateText(value);
	if (text === '') return undefined;
	const ms = parseDate(text, timeZone);
	if (ms === undefined) {
		throw new InvalidParameterError(
			parameter,
			`"${text}" is not an ISO-8601 date`,
			`Use a date such as 2025-02-25, 2025-02-25 13:00 or 2025-02-25T13:00:44Z; without an offset it is read in the workflow's time zone (${timeZone}).`,
		);
	}
	return { iso: new Date(ms).toISOString(), ms, given: text };
}
