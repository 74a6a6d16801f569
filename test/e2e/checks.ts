import { isDeepStrictEqual } from 'node:util';

/** Collects every failed expectation of a scenario instead of stopping at the first. */
export class Checks {
	readonly failures: string[] = [];
	count = 0;

	ok(condition: unknown, label: string, detail?: unknown): boolean {
		this.count++;
		if (!condition)
			this.failures.push(detail === undefined ? label : `${label} (got ${short(detail)})`);
		return Boolean(condition);
	}

	equal(actual: unknown, expected: unknown, label: string): boolean {
		this.count++;
		if (isDeepStrictEqual(actual, expected)) return true;
		this.failures.push(`${label}: expected ${short(expected)}, got ${short(actual)}`);
		return false;
	}
}

/** A value for a message, cut to a readable length. */
export function short(value: unknown): string {
	const text =
		typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
