const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'by',
	'for',
	'in',
	'of',
	'on',
	'or',
	'the',
	'to',
	'with',
]);

/** A format's name as an option name: "Plain text with timestamps" → "Plain Text with Timestamps". */
export function titleCase(name: string): string {
	return name
		.split(' ')
		.map((word, index) =>
			index > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
		)
		.join(' ');
}
