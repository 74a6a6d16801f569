import { rm } from 'node:fs/promises';
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { callRoute, matchRoute } from './apiRoutes';
import { resolveConfig, type EmulatorConfig } from './config';
import { FaultRegistry, faultResponse, withHeaders } from './faults';
import {
	ApiError,
	apiErrorResponse,
	consumeBody,
	errorResponse,
	readSmallBody,
	writeResponse,
	type EmulatorResponse,
} from './http';
import { RateLimiter } from './rateLimit';
import { RecordingStore } from './store';
import type {
	ClaapEmulator,
	EmulatedRecording,
	EmulatorOptions,
	Fault,
	ReceivedRequest,
	RecordingChanges,
	WebhookDelivery,
	WebhookEventType,
	WebhookOptions,
} from './types';
import { handleStorageRequest } from './uploadRoutes';
import { recordingView } from './views';
import { resolveWebhookOptions, WebhookSender } from './webhooks';
import type { RecordingEntry } from './store';

/** API bodies are small JSON documents. */
const MAX_API_BODY_BYTES = 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<ClaapEmulator> {
	const emulator = new Emulator(await resolveConfig(options));
	await emulator.listen();
	return emulator;
}

class Emulator implements ClaapEmulator {
	readonly apiKey: string;
	readonly requests: ReceivedRequest[] = [];
	private baseUrl = '';
	private readonly server: Server;
	private readonly store: RecordingStore;
	private readonly limiter?: RateLimiter;
	private readonly faults = new FaultRegistry();
	private readonly webhooks = new WebhookSender();

	constructor(private readonly config: EmulatorConfig) {
		this.apiKey = [...config.apiKeys][0];
		this.webhooks.configure(config.webhook);
		// Claap announces a recording once it is available: transcoded, transcribed, analysed.
		this.store = new RecordingStore(config.processingDelayMs, (entry) =>
			this.sendEvent('recording_added', entry),
		);
		this.limiter = config.rateLimit ? new RateLimiter(config.rateLimit) : undefined;
		// No request timeout: a multi-gigabyte upload may legitimately take minutes.
		this.server = createServer({ requestTimeout: 0 }, (req, res) => void this.handle(req, res));
	}

	get url(): string {
		return this.baseUrl;
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.config.port, '127.0.0.1', () => resolve());
		});
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	recordings(): EmulatedRecording[] {
		return this.store.all().map((entry) => structuredClone(entry.record));
	}

	getRecording(id: string): EmulatedRecording | undefined {
		const entry = this.store.all().find((candidate) => candidate.record.id === id);
		return entry && structuredClone(entry.record);
	}

	updateRecording(id: string, changes: RecordingChanges): EmulatedRecording {
		const entry = this.store.get(id);
		if (!entry) throw new Error(`No recording ${id} (unknown or deleted)`);
		if (
			changes.labels !== undefined &&
			!changes.labels.every((label) => typeof label === 'string' && label !== '')
		) {
			throw new Error('labels must be non-empty strings');
		}
		if (
			changes.channelId !== undefined &&
			(typeof changes.channelId !== 'string' || changes.channelId === '')
		) {
			throw new Error('channelId must be a non-empty string');
		}
		this.store.update(entry, changes);
		this.sendEvent('recording_updated', entry);
		return structuredClone(entry.record);
	}

	get webhookId(): string | undefined {
		return this.webhooks.webhookId;
	}

	setWebhook(options: WebhookOptions | undefined): void {
		this.webhooks.configure(options && resolveWebhookOptions(options));
	}

	webhookDeliveries(): WebhookDelivery[] {
		return this.webhooks.snapshot();
	}

	async webhooksSettled(): Promise<void> {
		await this.webhooks.settled();
	}

	injectFault(fault: Fault): void {
		this.faults.add(fault);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	reset(): void {
		this.store.reset();
		this.limiter?.reset();
		this.webhooks.reset();
		// Cleared in place: callers may hold on to the `requests` array.
		this.requests.length = 0;
	}

	async close(): Promise<void> {
		this.store.stopTimers();
		this.webhooks.reset();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
		if (this.config.ownsDataDir && this.config.dataDir) {
			await rm(this.config.dataDir, { recursive: true, force: true });
		}
	}

	/** The event body carries the recording as the API would return it at that moment. */
	private sendEvent(type: WebhookEventType, entry: RecordingEntry): void {
		const recording = recordingView(
			entry,
			{ baseUrl: this.baseUrl, workspace: this.config.workspace },
			false,
		);
		this.webhooks.send(type, entry.record.id, recording as Record<string, unknown>);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const log: ReceivedRequest = {
			method,
			path: url.pathname,
			query: firstValues(url.searchParams),
			headers: flattenHeaders(req.headers),
			bodyBytes: 0,
			at: Date.now(),
		};
		this.requests.push(log);
		const fault = this.faults.take(method, url.pathname);
		try {
			if (fault?.delayMs) await sleep(fault.delayMs);
			if (fault?.reset === 'immediately') {
				req.socket.destroy();
				return;
			}
			if (fault?.reset === 'midBody') {
				await destroyMidBody(req, log);
				return;
			}
			let response: EmulatorResponse | undefined;
			if (fault?.status !== undefined) {
				// The request is read but not acted on: nothing is created or stored.
				await consumeBody(req, (chunk) => {
					log.bodyBytes += chunk.length;
				});
				response = faultResponse(fault.status, fault.body);
			} else {
				response = await this.route(req, method, url, log);
			}
			if (fault?.reset === 'afterBody') {
				req.socket.destroy();
				return;
			}
			if (response) writeResponse(res, withHeaders(response, fault?.headers ?? {}));
		} catch (error) {
			writeResponse(res, errorResponse(500, 'internal_error', (error as Error).message));
		}
	}

	private async route(
		req: IncomingMessage,
		method: string,
		url: URL,
		log: ReceivedRequest,
	): Promise<EmulatorResponse | undefined> {
		try {
			if (url.pathname.startsWith('/v1/')) return await this.routeApi(req, method, url, log);
			if (url.pathname.startsWith('/storage/')) {
				return await handleStorageRequest(
					{ config: this.config, store: this.store, req, log },
					url.pathname,
				);
			}
			return errorResponse(404, 'not_found', `No route for ${method} ${url.pathname}`);
		} catch (error) {
			if (error instanceof ApiError) return apiErrorResponse(error);
			throw error;
		}
	}

	/** Every /v1 call: key check, then rate limit (headers on every answer), then the endpoint. */
	private async routeApi(
		req: IncomingMessage,
		method: string,
		url: URL,
		log: ReceivedRequest,
	): Promise<EmulatorResponse | undefined> {
		const { body, tooLarge, complete } = await readSmallBody(
			req,
			MAX_API_BODY_BYTES,
			(bytes) => (log.bodyBytes = bytes),
		);
		if (!complete) return undefined;
		let json: unknown;
		let malformed = false;
		if (body.length > 0) {
			try {
				json = JSON.parse(body.toString('utf8'));
				log.json = json;
			} catch {
				malformed = true;
			}
		}

		const keyRefusal = this.checkKey(req.headers['x-claap-key']);
		if (keyRefusal) return keyRefusal;

		const match = matchRoute(method, url.pathname);
		const decision = this.limiter?.take(`${method} ${match?.route.template ?? url.pathname}`);
		let response: EmulatorResponse;
		if (decision && !decision.allowed) {
			response = errorResponse(
				429,
				'rate_limited',
				'Rate limit exceeded: slow down and retry later',
			);
		} else if (!match) {
			response = errorResponse(404, 'not_found', `No route for ${method} ${url.pathname}`);
		} else if (tooLarge) {
			response = errorResponse(
				413,
				'payload_too_large',
				`Request bodies are limited to ${MAX_API_BODY_BYTES} bytes`,
			);
		} else if (malformed) {
			response = errorResponse(400, 'validation_error', 'The request body is not valid JSON');
		} else {
			try {
				response = callRoute(match, {
					config: this.config,
					store: this.store,
					view: { baseUrl: this.baseUrl, workspace: this.config.workspace },
					query: url.searchParams,
					json,
					contentType: req.headers['content-type'],
					bodyBytes: body.length,
				});
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				response = apiErrorResponse(error);
			}
		}
		return withHeaders(response, decision?.headers ?? {});
	}

	private checkKey(header: string | string[] | undefined): EmulatorResponse | undefined {
		const key = Array.isArray(header) ? header[0] : header;
		if (!key) return errorResponse(401, 'unauthorized', 'Missing X-Claap-Key header');
		if (this.config.freePlanKeys.has(key)) {
			return errorResponse(
				401,
				'unauthorized',
				'The API is not available on the free plan: upgrade the workspace',
			);
		}
		if (!this.config.apiKeys.has(key)) return errorResponse(401, 'unauthorized', 'Invalid API key');
		return undefined;
	}
}

/** Reads part of the body (half of the announced length, at least one chunk), then drops the connection. */
function destroyMidBody(req: IncomingMessage, log: ReceivedRequest): Promise<void> {
	const threshold = Math.max(1, Math.floor(Number(req.headers['content-length'] ?? 0) / 2));
	return new Promise((resolve) => {
		const stop = () => {
			req.socket.destroy();
			resolve();
		};
		req.on('data', (chunk: Buffer) => {
			log.bodyBytes += chunk.length;
			if (log.bodyBytes >= threshold) stop();
		});
		req.on('end', stop);
		req.on('close', stop);
	});
}

function firstValues(params: URLSearchParams): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [name, value] of params) if (!(name in query)) query[name] = value;
	return query;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}
