import { endsBeforeStart } from './cues';
import { decimalSecondsToMs, secondsToMs } from './time';
import type { ClaapTranscript, TranscriptReader } from './types';
import { TranscriptFormatError } from './types';

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function failJson(format: string, error: unknown): never {
	throw new TranscriptFormatError(
		format,
		'whole file',
		`not valid JSON (${(error as Error).message})`,
	);
}

export function parseJsonDocument(format: string, text: string): unknown {
	try {
		return JSON.parse(stripBom(text));
	} catch (error) {
		return failJson(format, error);
	}
}

/** A reader for a JSON format, built from its document-level matcher and converter. */
export function jsonReader(
	id: string,
	name: string,
	matches: (document: unknown) => boolean,
	convert: (document: unknown) => ClaapTranscript,
): TranscriptReader {
	return {
		id,
		name,
		detect(text) {
			const content = stripBom(text).trimStart();
			if (content.charCodeAt(0) !== 123) return false;
			try {
				return matches(JSON.parse(content));
			} catch {
				return false;
			}
		},
		read(text) {
			return convert(parseJsonDocument(name, text));
		},
		json: { matches, convert },
	};
}

/** Far beyond any recording; larger values are mistakes (or would overflow to Infinity). */
const MAX_SECONDS = 1e9;

/**
 * Reads the fields of one format's documents, naming the exact place of a problem: paths are only
 * built when something is wrong, so large files pay nothing for them.
 */
export class JsonFields {
	constructor(readonly format: string) {}

	fail(location: string, reason: string): never {
		throw new TranscriptFormatError(this.format, location, reason);
	}

	object(value: unknown, path: string): Record<string, unknown> {
		if (!isObject(value)) this.fail(path, 'must be an object');
		return value;
	}

	list(value: unknown, path: string): unknown[] {
		if (!Array.isArray(value))
			this.fail(path, value === undefined ? 'is missing' : 'must be a list');
		return value;
	}

	/** The list under `key` of the item at `index` of a list. */
	listAt(item: Record<string, unknown>, key: string, listPath: string, index: number): unknown[] {
		const value = item[key];
		if (!Array.isArray(value)) this.list(value, `${listPath}[${index}].${key}`);
		return value as unknown[];
	}

	/** The item at `index` of a list, which must be an object. */
	item(list: unknown[], index: number, listPath: string): Record<string, unknown> {
		const value = list[index];
		if (!isObject(value)) this.fail(`${listPath}[${index}]`, 'must be an object');
		return value;
	}

	/** A time in seconds (a number, or a decimal string as AWS writes them), as whole milliseconds. */
	seconds(item: Record<string, unknown>, key: string, listPath: string, index: number): number {
		const value = item[key];
		let ms: number | undefined;
		if (typeof value === 'number' && value >= 0 && value <= MAX_SECONDS) ms = secondsToMs(value);
		else if (typeof value === 'string') ms = decimalSecondsToMs(value.trim());
		if (ms === undefined) this.failTime(item, key, listPath, index, 'seconds', MAX_SECONDS);
		return ms;
	}

	/** A time in milliseconds, as AssemblyAI gives them. */
	milliseconds(
		item: Record<string, unknown>,
		key: string,
		listPath: string,
		index: number,
	): number {
		const value = item[key];
		if (typeof value !== 'number' || !(value >= 0 && value <= MAX_SECONDS * 1000)) {
			this.failTime(item, key, listPath, index, 'milliseconds', MAX_SECONDS * 1000);
		}
		return Math.round(value);
	}

	/** A cue's start and end as whole milliseconds, the end not before the start. */
	span(
		item: Record<string, unknown>,
		listPath: string,
		index: number,
		keys: [start: string, end: string],
		unit: 'seconds' | 'milliseconds' = 'seconds',
	): [startMs: number, endMs: number] {
		const read = unit === 'seconds' ? this.seconds : this.milliseconds;
		const startMs = read.call(this, item, keys[0], listPath, index);
		const endMs = read.call(this, item, keys[1], listPath, index);
		if (endMs < startMs)
			throw endsBeforeStart(this.format, `${listPath}[${index}]`, startMs, endMs);
		return [startMs, endMs];
	}

	private failTime(
		item: Record<string, unknown>,
		key: string,
		listPath: string,
		index: number,
		unit: string,
		max: number,
	): never {
		const value = item[key];
		let reason = `must be a number of ${unit}, 0 or more (found ${JSON.stringify(value)})`;
		if (value === undefined) reason = 'is missing';
		else if (typeof value === 'number' && value > max)
			reason = `${value} ${unit} is longer than any recording`;
		return this.fail(`${listPath}[${index}].${key}`, reason);
	}

	text(item: Record<string, unknown>, key: string, listPath: string, index: number): string {
		const value = item[key];
		if (value === null || value === undefined) return '';
		if (typeof value !== 'string') this.fail(`${listPath}[${index}].${key}`, 'must be text');
		return value;
	}

	/** A speaker label: text or a number; undefined when absent. */
	label(value: unknown, path: () => string): string | undefined {
		if (value === null || value === undefined) return undefined;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (typeof value === 'string') return value.trim() || undefined;
		return this.fail(path(), 'must be text or a number');
	}
}
