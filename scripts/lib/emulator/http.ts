import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers; the dispatcher writes it, or drops it when a fault resets the connection. */
export interface EmulatorResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Thrown by handlers and validators; the dispatcher turns it into the API's error envelope. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
		readonly path?: string,
	) {
		super(message);
	}
}

/** `path` names the offending field; '' (the body itself) leaves it out. */
export function validationError(path: string, message: string): ApiError {
	return new ApiError(400, 'validation_error', message, path || undefined);
}

export function jsonResponse(status: number, payload: unknown): EmulatorResponse {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		body: JSON.stringify(payload),
	};
}

export function resultResponse(result: unknown): EmulatorResponse {
	return jsonResponse(200, { result });
}

export function errorResponse(
	status: number,
	type: string,
	message: string,
	path?: string,
): EmulatorResponse {
	return jsonResponse(status, { error: { type, message, ...(path !== undefined && { path }) } });
}

export function apiErrorResponse(error: ApiError): EmulatorResponse {
	return errorResponse(error.status, error.type, error.message, error.path);
}

export function textResponse(status: number, text: string): EmulatorResponse {
	return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

export function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
	if (res.destroyed || res.headersSent) return;
	res.writeHead(response.status, {
		...response.headers,
		'Content-Length': String(Buffer.byteLength(response.body)),
	});
	res.end(response.body);
}

/** The media type without parameters, lowercased; '' when absent. */
export function baseContentType(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonContentType(header: string | undefined): boolean {
	const type = baseContentType(header);
	return type === 'application/json' || type.endsWith('+json');
}

/**
 * The declared Content-Length, or undefined when the body is chunked or the header is missing or
 * malformed (pre-signed storage refuses such uploads).
 */
export function declaredContentLength(req: IncomingMessage): number | undefined {
	const header = req.headers['content-length'];
	if (
		req.headers['transfer-encoding'] !== undefined ||
		header === undefined ||
		!/^\d+$/.test(header)
	) {
		return undefined;
	}
	return Number(header);
}

/**
 * Feeds the body to `onChunk` as it arrives, never holding it whole.
 * Resolves false when the client went away before sending all of it.
 */
export async function consumeBody(
	req: IncomingMessage,
	onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<boolean> {
	try {
		for await (const chunk of req as AsyncIterable<Buffer>) await onChunk(chunk);
	} catch (error) {
		if (req.complete) throw error;
		return false;
	}
	return req.complete;
}

/**
 * Reads a small body whole, keeping at most `maxBytes`; `tooLarge` tells when more arrived.
 * The rest is still read (and dropped) so the answer reaches the client cleanly.
 */
export async function readSmallBody(
	req: IncomingMessage,
	maxBytes: number,
	onProgress: (bytes: number) => void,
): Promise<{ body: Buffer; tooLarge: boolean; complete: boolean }> {
	const chunks: Buffer[] = [];
	let bytes = 0;
	const complete = await consumeBody(req, (chunk) => {
		bytes += chunk.length;
		onProgress(bytes);
		if (bytes <= maxBytes) chunks.push(chunk);
	});
	return { body: Buffer.concat(chunks), tooLarge: bytes > maxBytes, complete };
}
