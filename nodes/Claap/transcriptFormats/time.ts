/*
 * Times are handled as whole milliseconds from parsing to output and divided by 1000 once, when a
 * segment is built: summing or scaling float seconds would drift away from what the file says.
 */

const MAX_CLOCK_FIELD_DIGITS = 7;
const MAX_FRACTION_DIGITS = 9;

function isDigits(text: string, maxLength: number): boolean {
	if (text.length === 0 || text.length > maxLength) return false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 48 || code > 57) return false;
	}
	return true;
}

/** "5" → 500, "25" → 250, "250" → 250; digits beyond the third round to the nearest millisecond. */
function fractionToMs(fraction: string): number {
	const whole = Number((fraction.slice(0, 3) + '00').slice(0, 3));
	return fraction.length > 3 && fraction.charCodeAt(3) >= 53 ? whole + 1 : whole;
}

/**
 * Whole milliseconds from a clock time `[hours:]minutes:seconds[.fraction]` in `text` between
 * `from` and `to` (a comma works as the fraction separator too, as in SubRip), or undefined when it
 * is not one. Minutes may exceed 59 only when no hours are given ("75:30" is a common way to write
 * 1:15:30). Reads character codes in place: it runs twice per cue, so it allocates nothing.
 */
export function parseClock(text: string, from = 0, to = text.length): number | undefined {
	// Fields shift left at each colon: [first, second, current]; all plain numbers, no allocation.
	let first = 0;
	let second = 0;
	let secondWidth = 0;
	let current = 0;
	let width = 0;
	let fields = 1;
	let position = from;
	for (; position < to; position++) {
		const code = text.charCodeAt(position);
		if (code >= 48 && code <= 57) {
			if (++width > MAX_CLOCK_FIELD_DIGITS) return undefined;
			current = current * 10 + (code - 48);
		} else if (code === 58 /* : */) {
			if (width === 0 || fields === 3) return undefined;
			first = second;
			second = current;
			secondWidth = width;
			current = 0;
			width = 0;
			fields++;
		} else if (code === 46 /* . */ || code === 44 /* , */) {
			break;
		} else {
			return undefined;
		}
	}
	if (fields < 2 || width === 0 || width > 2 || current >= 60) return undefined;
	if (fields === 3 && (secondWidth > 2 || second >= 60)) return undefined;

	let fractionMs = 0;
	if (position < to) {
		// On the separator: 1–9 digits follow, rounded to the millisecond by the fourth.
		const digits = to - position - 1;
		if (digits < 1 || digits > MAX_FRACTION_DIGITS) return undefined;
		for (let place = 1; place <= digits; place++) {
			const digit = text.charCodeAt(position + place) - 48;
			if (digit < 0 || digit > 9) return undefined;
			if (place <= 3) fractionMs += digit * (place === 1 ? 100 : place === 2 ? 10 : 1);
			else if (place === 4 && digit >= 5) fractionMs += 1;
		}
	}
	const hours = fields === 3 ? first : 0;
	return ((hours * 60 + second) * 60 + current) * 1000 + fractionMs;
}

/** Whole milliseconds from seconds given as a JSON number. */
export function secondsToMs(seconds: number): number {
	return Math.round(seconds * 1000);
}

/** Whole milliseconds from a decimal string of seconds such as "4.87" (AWS Transcribe), or undefined. */
export function decimalSecondsToMs(text: string): number | undefined {
	const point = text.indexOf('.');
	const wholeText = point === -1 ? text : text.slice(0, point);
	if (!isDigits(wholeText, MAX_FRACTION_DIGITS)) return undefined;
	const fraction = point === -1 ? '' : text.slice(point + 1);
	if (point !== -1 && !isDigits(fraction, MAX_FRACTION_DIGITS)) return undefined;
	return Number(wholeText) * 1000 + (fraction ? fractionToMs(fraction) : 0);
}

function pad(value: number, width: number): string {
	const text = String(value);
	return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}

/** `hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SubRip). */
export function formatClock(ms: number, fractionSeparator: '.' | ','): string {
	const totalSeconds = Math.floor(ms / 1000);
	const hours = Math.floor(totalSeconds / 3600);
	const minutes = Math.floor(totalSeconds / 60) % 60;
	return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(totalSeconds % 60, 2)}${fractionSeparator}${pad(ms % 1000, 3)}`;
}

/** Claap's text timestamps: `mm:ss`, or `hh:mm:ss` from the first hour on; whole seconds. */
export function formatTextClock(ms: number): string {
	const totalSeconds = Math.floor(ms / 1000);
	const hours = Math.floor(totalSeconds / 3600);
	const minutes = Math.floor(totalSeconds / 60) % 60;
	const clock = `${pad(minutes, 2)}:${pad(totalSeconds % 60, 2)}`;
	return hours > 0 ? `${pad(hours, 2)}:${clock}` : clock;
}
