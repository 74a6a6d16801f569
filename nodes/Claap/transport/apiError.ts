import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

interface ClaapErrorBody {
	type?: string;
	message?: string;
	path?: string;
}

/** Claap's `{"error": {...}}`, or undefined when the body is something else (HTML, text, truncated JSON). */
/** A body that arrived as text although it is JSON (or was meant to be), parsed when it can be. */
export function parseJsonText(body: unknown): unknown {
	if (typeof body !== 'string' || !body.trimStart().startsWith('{')) return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

export function claapErrorOf(body: unknown): ClaapErrorBody | undefined {
	const parsed = parseJsonText(body);
	const error = (parsed as { error?: unknown } | undefined)?.error;
	if (typeof error !== 'object' || error === null) return undefined;
	const { type, message, path } = error as Record<string, unknown>;
	return {
		type: typeof type === 'string' ? type : undefined,
		message: typeof message === 'string' ? message : undefined,
		path: typeof path === 'string' ? path : undefined,
	};
}

function hintFor(
	statusCode: number,
	claapError: ClaapErrorBody,
	headers: Record<string, unknown>,
): string {
	switch (statusCode) {
		case 400:
			return claapError.path
				? `Check the parameter that maps to "${claapError.path}" in Claap's API.`
				: "Check the parameters against Claap's API documentation.";
		case 401:
			return 'Check the API key in the Claap credential. A workspace admin creates keys in Claap under Settings → API; workspaces on the free plan have no API access.';
		case 403:
			return /quota/i.test(claapError.message ?? '')
				? 'The author has used up their recording quota (Claap allows 50 API-created recordings per author every 30 days, plus plan limits). Use another author or wait.'
				: 'The author must be a member of the workspace who is allowed to create recordings. Check the Author Email.';
		case 404:
			return 'Check the recording ID, e.g. one that Recording → Get Many lists (Claap also answers "not found" for private recordings and for recordings hidden from search).';
		case 429: {
			const daily =
				headers['x-daily-ratelimit-remaining'] ?? headers['x-ratelimit-daily-remaining'];
			return `Claap allows 3 calls per second per endpoint and 3,000 calls per day per workspace${
				daily !== undefined ? ` (calls left today: ${String(daily)})` : ''
			}. Slow the workflow down or try again later.`;
		}
		default:
			return statusCode >= 500
				? 'Claap could not handle the request right now. Try again in a moment.'
				: "See Claap's answer above.";
	}
}

/** Turns a non-2xx answer from Claap's API into a NodeApiError that keeps Claap's own words. */
export function claapApiError(
	node: INode,
	response: { statusCode: number; body: unknown; headers?: Record<string, unknown> },
	itemIndex?: number,
): NodeApiError {
	const { statusCode } = response;
	const claapError = claapErrorOf(response.body) ?? {};
	const what = claapError.message ?? unexpectedBodySummary(response.body);
	const where = claapError.path ? ` (field "${claapError.path}")` : '';
	const type = claapError.type ? ` ${claapError.type}` : '';
	return new NodeApiError(node, { httpCode: String(statusCode), ...claapError } as JsonObject, {
		message: `Claap answered ${statusCode}${type}: ${what}${where}`,
		description: hintFor(statusCode, claapError, response.headers ?? {}),
		httpCode: String(statusCode),
		itemIndex,
	});
}

/** A short, safe description of a body that is not Claap's JSON (an HTML error page, say). */
export function unexpectedBodySummary(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'no content';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const compact = text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return compact.length > 200 ? `${compact.slice(0, 200)}…` : compact || 'an empty page';
}
