import { errorResponse, jsonResponse, textResponse, type EmulatorResponse } from './http';
import type { Fault } from './types';

/** Injected faults, applied in the order they were added; each wears out after `times` matches. */
export class FaultRegistry {
	private faults: Array<{ fault: Fault; remaining: number; toLetThrough: number }> = [];

	add(fault: Fault): void {
		const times = fault.times ?? 1;
		if (!(times > 0)) throw new Error('Fault.times must be greater than 0');
		this.faults.push({ fault, remaining: times, toLetThrough: fault.after ?? 0 });
	}

	/** The first fault matching the request, counted as used. */
	take(method: string, path: string): Fault | undefined {
		const entry = this.faults.find(({ fault }) => matches(fault, method, path));
		if (!entry) return undefined;
		if (entry.toLetThrough > 0) {
			entry.toLetThrough -= 1;
			return undefined;
		}
		entry.remaining -= 1;
		if (entry.remaining <= 0) this.faults = this.faults.filter((other) => other !== entry);
		return entry.fault;
	}

	clear(): void {
		this.faults = [];
	}
}

function matches(fault: Fault, method: string, path: string): boolean {
	if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
	if (fault.path === undefined) return true;
	if (typeof fault.path === 'string') return fault.path === path;
	fault.path.lastIndex = 0; // a global or sticky pattern would otherwise remember its last match
	return fault.path.test(path);
}

const DEFAULT_ERROR_TYPES: Record<number, string> = {
	400: 'validation_error',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
	429: 'rate_limited',
};

/** The answer for a fault with a status: its body, or the API's error envelope for that status. */
export function faultResponse(status: number, body: unknown): EmulatorResponse {
	if (typeof body === 'string') return textResponse(status, body);
	if (body !== undefined) return jsonResponse(status, body);
	const type = DEFAULT_ERROR_TYPES[status] ?? (status >= 500 ? 'internal_error' : 'error');
	return errorResponse(status, type, `Injected fault (${status})`);
}

export function withHeaders(
	response: EmulatorResponse,
	headers: Record<string, string>,
): EmulatorResponse {
	return { ...response, headers: { ...response.headers, ...headers } };
}
