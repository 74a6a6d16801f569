// How a speaker's label looks in caption text: `Name:`, `[Name]`, never a sound or a note.
// The rules are in docs/transcript-speakers.md.

const MAX_NAME_LENGTH = 64;
const MAX_NAME_WORDS = 6;

/** Letters of any script, digits, spaces and the punctuation names carry ("Smith, John", "O'Neil", "J.R."). */
const NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,'’\-_&()]*$/u;
const DIGITS_ONLY = /^[\d .]+$/;

/** What caption files put in brackets that is a sound or a note, not a person. */
const SOUNDS = new Set([
	'applause',
	'background noise',
	'beep',
	'blank audio',
	'cheering',
	'cheers',
	'coughing',
	'coughs',
	'crosstalk',
	'foreign',
	'foreign language',
	'inaudible',
	'indistinct',
	'laughing',
	'laughs',
	'laughter',
	'music',
	'music playing',
	'no audio',
	'noise',
	'pause',
	'sighs',
	'silence',
	'speaking foreign language',
	'static',
	'unintelligible',
	// The same in the languages captions most often come in.
	'applaudissements',
	'applaus',
	'aplausos',
	'gelächter',
	'lachen',
	'musik',
	'música',
	'musique',
	'rires',
	'risas',
]);

/** A letter of any script that has case and is upper case: a name in brackets shows one. */
const UPPER_CASE = /\p{Lu}/u;

export function countWords(text: string): number {
	return text.split(' ').filter((word) => word !== '').length;
}

function isName(candidate: string): boolean {
	return (
		candidate.length <= MAX_NAME_LENGTH &&
		NAME.test(candidate) &&
		!DIGITS_ONLY.test(candidate) &&
		countWords(candidate) <= MAX_NAME_WORDS
	);
}

function isSound(content: string): boolean {
	return SOUNDS.has(
		content
			.toLowerCase()
			.replace(/[\s_-]+/g, ' ')
			.trim(),
	);
}

export interface Label {
	name: string;
	rest: string;
}

/**
 * A `Name:`, `[Name]` or `[Name]:` label at the start of `text` (already trimmed), or undefined.
 * The colon must touch the name and be followed by a space or the end: "10:30", "https://" and
 * French "il a dit : oui" are text.
 */
export function readLabel(text: string): Label | undefined {
	if (text.charCodeAt(0) === 91 /* [ */) {
		const close = text.indexOf(']');
		if (close === -1) return undefined;
		const content = text.slice(1, close).trim();
		// "[chuckles]", "[Musique]": a description in lower case or a known sound is not a person.
		if (content === '' || isSound(content) || !UPPER_CASE.test(content) || !isName(content))
			return undefined;
		let rest = text.slice(close + 1);
		if (rest.charCodeAt(0) === 58 /* : */) rest = rest.slice(1);
		else if (rest !== '' && !/^\s/.test(rest)) return undefined;
		// Brackets alone on a line ("[Laughter]", "[Door closes]") describe, they do not introduce.
		if (rest.trim() === '') return undefined;
		return { name: content, rest: rest.trim() };
	}
	const colon = text.indexOf(':');
	if (colon <= 0 || colon > MAX_NAME_LENGTH) return undefined;
	const after = text.charAt(colon + 1);
	if (after !== '' && !/\s/.test(after)) return undefined;
	const name = text.slice(0, colon);
	if (/\s$/.test(name) || !isName(name)) return undefined;
	return { name, rest: text.slice(colon + 1).trim() };
}
