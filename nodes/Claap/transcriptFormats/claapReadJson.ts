import type { Cue } from './cues';
import { buildTranscript } from './cues';
import { isObject, JsonFields, jsonReader } from './json';
import { toLangIso2 } from './language';
import { collapseWhitespace } from './text';
import type { ClaapTranscript } from './types';

const FORMAT_NAME = 'Claap transcript JSON (Transcript → Get)';
const fields = new JsonFields(FORMAT_NAME);

/**
 * Finds the transcript in what GET /v1/recordings/{id}/transcript returns: `{result: {...}}`,
 * sometimes with an extra `transcript` wrapper, or the inner object alone. Returns the object
 * holding `segments` and the path to it, for error messages.
 */
function unwrap(document: unknown): { body: Record<string, unknown>; path: string } | undefined {
	let body = document;
	let path = '';
	if (isObject(body) && isObject(body.result)) {
		body = body.result;
		path = 'result.';
	}
	if (isObject(body) && isObject(body.transcript)) {
		body = body.transcript;
		path += 'transcript.';
	}
	return isObject(body) && Array.isArray(body.segments) ? { body, path } : undefined;
}

function matches(document: unknown): boolean {
	const found = unwrap(document);
	const first = found ? (found.body.segments as unknown[])[0] : undefined;
	return isObject(first) && 'startedAt' in first && 'endedAt' in first;
}

/**
 * Converts Claap's read shape (`segments[] {startedAt, endedAt, speaker, text, languageCode}`,
 * seconds) to the upload shape, so a transcript can be copied from one recording to another.
 */
export function fromClaapReadJson(document: unknown): ClaapTranscript {
	const found = unwrap(document);
	if (!found) {
		return fields.fail(
			'whole file',
			'expected {"result": {"segments": [...]}} as Transcript → Get returns it',
		);
	}
	const { body, path } = found;
	const listPath = `${path}segments`;
	const list = body.segments as unknown[];
	const cues: Cue[] = new Array(list.length);
	for (let index = 0; index < list.length; index++) {
		const item = fields.item(list, index, listPath);
		const [startMs, endMs] = fields.span(item, listPath, index, ['startedAt', 'endedAt']);
		cues[index] = {
			startMs,
			endMs,
			text: collapseWhitespace(fields.text(item, 'text', listPath, index)),
			speaker: fields.label(item.speaker, () => `${listPath}[${index}].speaker`),
		};
	}
	const firstSegment = list[0];
	const language =
		body.languageCode ?? (isObject(firstSegment) ? firstSegment.languageCode : undefined);
	return buildTranscript(FORMAT_NAME, cues, {
		speakerIds: 'ordinal',
		langIso2: toLangIso2(language),
	});
}

export const claapReadJson = jsonReader('claapReadJson', FORMAT_NAME, matches, fromClaapReadJson);
