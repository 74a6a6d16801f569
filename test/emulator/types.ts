import type { RECORDING_STATES } from '../../nodes/Claap/helpers/apiContract';

export type RecordingState = (typeof RECORDING_STATES)[number];

export interface RateLimitOptions {
	/** Sustained calls per second, per endpoint (method + route template). */
	perSecond: number;
	/** Calls an endpoint may make at once before the sustained rate applies. */
	burst: number;
	/** Calls per rolling 24 hours, all endpoints together. */
	perDay: number;
}

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Valid API keys; by default one generated `cla_test_…` key. */
	apiKeys?: string[];
	/** Keys of a workspace on the free plan: refused with 401. */
	freePlanKeys?: string[];
	workspace?: { id: string; name: string };
	/** Author emails allowed to create recordings; when omitted every well-formed email is a member. */
	members?: string[];
	/** Recordings one author may create in a rolling 30 days. */
	quotaPerAuthor?: number;
	/** `false` turns rate limiting (and its headers) off. */
	rateLimit?: false | RateLimitOptions;
	/** Time a recording spends in `Uploaded` before it becomes `Ready` or `Failed`. */
	processingDelayMs?: number;
	/** 'disk' streams uploads to files under dataDir; 'hash' only counts and hashes them. */
	storage?: 'disk' | 'hash';
	/** Where 'disk' storage writes; by default a temporary folder removed on close(). */
	dataDir?: string;
}

export interface ReceivedRequest {
	method: string;
	/** URL path without the query string. */
	path: string;
	/** Query parameters; a repeated parameter keeps its first value, as the API reads it. */
	query: Record<string, string>;
	/** Request headers, names lowercased. */
	headers: Record<string, string>;
	/** The parsed body, when it was JSON. */
	json?: unknown;
	/** Body bytes received (so far, for a request still in flight). */
	bodyBytes: number;
	/** SHA-256 (hex) of a complete upload body. */
	sha256?: string;
	/** Arrival time, epoch milliseconds. */
	at: number;
}

export interface StoredMedia {
	bytes: number;
	sha256: string;
	/** The Content-Type header of the upload, '' when absent. */
	contentType: string;
	/** Format recognised from the first bytes; undefined when unusable (the recording then fails). */
	sniffedFormat?: string;
	/** Where the payload was written, with 'disk' storage. */
	filePath?: string;
}

export interface EmulatedRecording {
	id: string;
	/** The create body exactly as received. */
	body: Record<string, unknown>;
	state: RecordingState;
	authorEmail: string;
	createdAt: string;
	deleted: boolean;
	deletedAt?: string;
	downloadUrl?: string;
	media?: StoredMedia;
	/** The transcript PUT body as received: `{ transcript: { … } }`. */
	transcript?: unknown;
	/** Tokens in the upload URLs handed out at creation. */
	uploadTokens: { media?: string; meta?: string };
}

export interface Fault {
	/** Matches any method when omitted. */
	method?: string;
	/** Exact URL path, or a pattern tested against it; matches any path when omitted. */
	path?: string | RegExp;
	/** How many matching requests the fault applies to: default 1, Infinity allowed. */
	times?: number;
	/** Answer with this status instead of handling the request (nothing is created or stored). */
	status?: number;
	/** Body for `status`: a string is sent as is, anything else as JSON; defaults to an error envelope. */
	body?: unknown;
	/** Extra response headers, added to the injected or the normal response (e.g. Retry-After). */
	headers?: Record<string, string>;
	/** Wait this long before handling or answering. */
	delayMs?: number;
	/**
	 * Destroy the connection instead of answering:
	 * 'immediately' before reading anything; 'midBody' after part of the body (nothing is processed);
	 * 'afterBody' after the request was read and handled (a create does create: the answer is lost).
	 */
	reset?: 'immediately' | 'afterBody' | 'midBody';
}

export interface ClaapEmulator {
	/** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
	readonly url: string;
	/** A valid API key. */
	readonly apiKey: string;
	/** Every request received, in arrival order. */
	readonly requests: ReceivedRequest[];
	/** Every recording created, deleted ones included (flagged). Snapshots: editing them changes nothing. */
	recordings(): EmulatedRecording[];
	getRecording(id: string): EmulatedRecording | undefined;
	injectFault(fault: Fault): void;
	clearFaults(): void;
	/** Forgets recordings, requests, quotas and rate-limit counters (injected faults stay). */
	reset(): void;
	close(): Promise<void>;
}
