/** Text helpers shared by the readers; all linear, with no backtracking regular expressions. */

/**
 * Splits a file into lines at LF, CRLF or CR. Most files have no CR at all: splitting on a plain
 * "\n" is then several times faster than the regular expression.
 */
export function splitLines(text: string): string[] {
	return text.indexOf('\r') === -1 ? text.split('\n') : text.split(/\r\n|\r|\n/);
}

/** Whether a line holds only spaces and tabs (without building a trimmed copy). */
export function isBlank(line: string): boolean {
	for (let index = 0; index < line.length; index++) {
		const code = line.charCodeAt(index);
		if (code !== 32 && code !== 9 && code !== 0xfeff) return false;
	}
	return true;
}

/** Shortens a piece of input quoted in an error message. */
export function quote(text: string, maxLength = 40): string {
	const shown = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
	return `"${shown}"`;
}

const WHITESPACE_RUN = /\s+/g;

/** Whether a character is one that `\s` matches. */
function isWhitespace(code: number): boolean {
	return (
		(code >= 9 && code <= 13) ||
		code === 32 ||
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}

/**
 * Joins lines and collapses runs of whitespace (including no-break spaces) into single spaces. Most
 * cue texts are already clean: a scan finds that without building a new string.
 */
export function collapseWhitespace(text: string): string {
	let previousWasSpace = true;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 32) {
			if (previousWasSpace) return text.replace(WHITESPACE_RUN, ' ').trim();
			previousWasSpace = true;
		} else if (code < 33 || (code > 126 && isWhitespace(code))) {
			return text.replace(WHITESPACE_RUN, ' ').trim();
		} else {
			previousWasSpace = false;
		}
	}
	return previousWasSpace && text.length > 0 ? text.slice(0, -1) : text;
}

const NAMED_ENTITIES = new Map<string, string>([
	['amp', '&'],
	['lt', '<'],
	['gt', '>'],
	['quot', '"'],
	['apos', "'"],
	['nbsp', '\u00a0'],
	['lrm', '\u200e'],
	['rlm', '\u200f'],
]);

// Bounded repetitions: no backtracking blow-up on long runs of '&' or letters.
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;

/** Decodes the HTML entities caption files use; unknown ones are left as written. */
export function decodeEntities(text: string): string {
	if (text.indexOf('&') === -1) return text;
	return text.replace(ENTITY, (whole: string, body: string) => {
		if (body.charCodeAt(0) !== 35) return NAMED_ENTITIES.get(body.toLowerCase()) ?? whole;
		const code =
			body[1] === 'x' || body[1] === 'X'
				? parseInt(body.slice(2), 16)
				: parseInt(body.slice(1), 10);
		const isCharacter = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
		return isCharacter ? String.fromCodePoint(code) : whole;
	});
}

/**
 * Collapses whitespace within each line and drops blank lines, keeping the line breaks between the
 * rest: caption readers keep them so that a speaker label may start any line of a cue.
 */
export function collapseLines(text: string): string {
	if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1) return collapseWhitespace(text);
	const lines: string[] = [];
	for (const line of splitLines(text)) {
		const collapsed = collapseWhitespace(line);
		if (collapsed !== '') lines.push(collapsed);
	}
	return lines.join('\n');
}
