/*
 * As strict as the usual server-side checks, so that Claap never refuses an address the node let
 * through (the exact rule Claap applies is not documented: GUESSES.emailRule). The local part is
 * dot-separated runs of the characters RFC 5322 allows unquoted (no leading, trailing or doubled
 * dot); the domain is labels of letters, digits and inner hyphens, ending in a top-level domain
 * of two letters or more (or its xn-- form).
 */
const LOCAL_RUN = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** Letters, or an internationalised top-level domain in its ASCII form (xn--p1ai for .рф). */
const TOP_LEVEL_DOMAIN = '(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})';
const EMAIL = new RegExp(
	`^${LOCAL_RUN}(?:\\.${LOCAL_RUN})*@(?:${DOMAIN_LABEL}\\.)+${TOP_LEVEL_DOMAIN}$`,
);
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

export function isEmail(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.length <= MAX_EMAIL_LENGTH &&
		value.indexOf('@') <= MAX_LOCAL_PART_LENGTH &&
		EMAIL.test(value)
	);
}
