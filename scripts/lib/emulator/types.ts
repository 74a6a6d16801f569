import type { RECORDING_STATES } from '../../../nodes/Claap/helpers/apiContract';

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
	/** Deliver webhook events (recording_added, recording_updated) to a local receiver. */
	webhook?: WebhookOptions;
}

/** Where and how the emulator delivers webhook events, as registered in Claap's settings. */
export interface WebhookOptions {
	/** The receiver: an http(s) URL on a loopback host (127.0.0.1, localhost, [::1]); nothing else is fetched. */
	url: string;
	/** Sent as is in X-Claap-Webhook-Secret. */
	secret: string;
	/** Sent in X-Claap-Webhook-Id; generated (`whk_…`) when omitted. */
	webhookId?: string;
	/**
	 * The wait before each redelivery, counted from the end of the attempt that failed:
	 * by default [0, 60000, 300000] (at once, after 1 minute, after 5 minutes), then the event is dropped.
	 */
	redeliveryDelaysMs?: number[];
	/** How long an attempt waits for the receiver's 200 before it counts as failed (default 5000). */
	timeoutMs?: number;
}

export type WebhookEventType = 'recording_added' | 'recording_updated';

/** The body Claap POSTs: the same eventId on every redelivery. */
export interface WebhookPayload {
	eventId: string;
	event: { type: WebhookEventType; recording: Record<string, unknown> };
}

export interface WebhookAttempt {
	/** Start of the attempt, epoch milliseconds. */
	at: number;
	/** The receiver's status; undefined when no answer came in time. */
	status?: number;
	/** Why the attempt failed without a status: 'timeout' or a network error. */
	error?: string;
	durationMs: number;
}

export interface WebhookDelivery {
	eventId: string;
	type: WebhookEventType;
	recordingId: string;
	/** Exactly what every attempt sent. */
	payload: WebhookPayload;
	attempts: WebhookAttempt[];
	/** 'pending' until an attempt gets 200 ('delivered') or the redeliveries run out ('dropped'). */
	state: 'pending' | 'delivered' | 'dropped';
}

/** What a user can change on a recording in Claap's UI; each change sends recording_updated. */
export interface RecordingChanges {
	labels?: string[];
	/** The folder to move the recording to. */
	channelId?: string;
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
	/** Labels set in Claap (`updateRecording`); none at creation. */
	labels: string[];
	/** The folder the recording is in now: the create body's, or the one `updateRecording` moved it to. */
	channelId?: string;
}

export interface Fault {
	/** Matches any method when omitted. */
	method?: string;
	/** Exact URL path, or a pattern tested against it; matches any path when omitted. */
	path?: string | RegExp;
	/** How many matching requests the fault applies to: default 1, Infinity allowed. */
	times?: number;
	/** How many matching requests to let through untouched before the fault applies: default 0. */
	after?: number;
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
	/**
	 * Changes a recording as a user would in Claap (labels, folder) and sends `recording_updated`.
	 * Throws for an unknown or deleted recording.
	 */
	updateRecording(id: string, changes: RecordingChanges): EmulatedRecording;
	/** The webhook id sent in X-Claap-Webhook-Id; undefined while no webhook is configured. */
	readonly webhookId: string | undefined;
	/**
	 * Registers (or, with undefined, removes) the webhook receiver, as the `webhook` option does.
	 * Deliveries already under way keep their settings.
	 */
	setWebhook(options: WebhookOptions | undefined): void;
	/** Every webhook event sent so far, oldest first, with its attempts. Snapshots. */
	webhookDeliveries(): WebhookDelivery[];
	/** Resolves once no delivery is waiting for an answer or for its next attempt. */
	webhooksSettled(): Promise<void>;
	/** Forgets recordings, requests, webhook deliveries, quotas and rate-limit counters (injected faults and the webhook stay). */
	reset(): void;
	close(): Promise<void>;
}
