/**
 * English language names as speech-to-text services spell them (OpenAI Whisper's `language` is
 * "english", "french", …), for the languages most often transcribed. Anything else is dropped
 * rather than guessed: the caller's Transcript Language parameter can always set it.
 */
const LANGUAGE_NAMES = new Map<string, string>([
	['afrikaans', 'af'],
	['albanian', 'sq'],
	['arabic', 'ar'],
	['armenian', 'hy'],
	['azerbaijani', 'az'],
	['basque', 'eu'],
	['belarusian', 'be'],
	['bengali', 'bn'],
	['bosnian', 'bs'],
	['bulgarian', 'bg'],
	['catalan', 'ca'],
	['chinese', 'zh'],
	['croatian', 'hr'],
	['czech', 'cs'],
	['danish', 'da'],
	['dutch', 'nl'],
	['english', 'en'],
	['estonian', 'et'],
	['finnish', 'fi'],
	['french', 'fr'],
	['galician', 'gl'],
	['georgian', 'ka'],
	['german', 'de'],
	['greek', 'el'],
	['gujarati', 'gu'],
	['hebrew', 'he'],
	['hindi', 'hi'],
	['hungarian', 'hu'],
	['icelandic', 'is'],
	['indonesian', 'id'],
	['irish', 'ga'],
	['italian', 'it'],
	['japanese', 'ja'],
	['kannada', 'kn'],
	['kazakh', 'kk'],
	['korean', 'ko'],
	['latvian', 'lv'],
	['lithuanian', 'lt'],
	['macedonian', 'mk'],
	['malay', 'ms'],
	['malayalam', 'ml'],
	['maltese', 'mt'],
	['marathi', 'mr'],
	['mongolian', 'mn'],
	['nepali', 'ne'],
	['norwegian', 'no'],
	['persian', 'fa'],
	['polish', 'pl'],
	['portuguese', 'pt'],
	['punjabi', 'pa'],
	['romanian', 'ro'],
	['russian', 'ru'],
	['serbian', 'sr'],
	['slovak', 'sk'],
	['slovenian', 'sl'],
	['spanish', 'es'],
	['swahili', 'sw'],
	['swedish', 'sv'],
	['tagalog', 'tl'],
	['tamil', 'ta'],
	['telugu', 'te'],
	['thai', 'th'],
	['turkish', 'tr'],
	['ukrainian', 'uk'],
	['urdu', 'ur'],
	['uzbek', 'uz'],
	['vietnamese', 'vi'],
	['welsh', 'cy'],
]);

/** Whether a value is a two-letter ISO 639-1 code such as "en", as Claap's `langIso2` takes. */
export function isLanguageCode(value: string): boolean {
	return /^[a-z]{2}$/.test(value);
}

// A two-letter code, optionally with a region or script: "en", "en-US", "en_us", "zh-Hant-TW".
const LANGUAGE_TAG = /^[a-z]{2}(?:[-_][a-z0-9]{1,8}){0,3}$/;

/**
 * The ISO 639-1 code for a language as a file states it: a code or tag ("fr", "en-US", AssemblyAI's
 * "en_us") or a common English name ("english"). Undefined when it cannot be told.
 */
export function toLangIso2(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const language = value.trim().toLowerCase();
	if (LANGUAGE_TAG.test(language)) return language.slice(0, 2);
	return LANGUAGE_NAMES.get(language);
}
