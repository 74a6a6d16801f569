import { randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { WebhookDelivery, WebhookEventType, WebhookOptions, WebhookPayload } from './types';

/** At once, after 1 minute, after 5 minutes: Claap's documented redeliveries. */
export const DEFAULT_REDELIVERY_DELAYS_MS = [0, 60_000, 300_000];

/** Claap wants the receiver's 200 within 5 seconds. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/** The only hosts the emulator sends webhooks to: it must never reach out to the network. */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ResolvedWebhookOptions {
	url: URL;
	secret: string;
	webhookId: string;
	redeliveryDelaysMs: number[];
	timeoutMs: number;
}

export function resolveWebhookOptions(options: WebhookOptions): ResolvedWebhookOptions {
	let url: URL;
	try {
		url = new URL(options.url);
	} catch {
		throw new Error(`webhook.url is not a URL: "${options.url}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new Error(`webhook.url must be http or https: "${options.url}"`);
	}
	if (!LOOPBACK_HOSTNAMES.has(url.hostname)) {
		throw new Error(
			`webhook.url must point at this machine (127.0.0.1, localhost or [::1]): "${options.url}"`,
		);
	}
	if (typeof options.secret !== 'string' || options.secret === '')
		throw new Error('webhook.secret must be a non-empty string');
	const redeliveryDelaysMs = options.redeliveryDelaysMs ?? DEFAULT_REDELIVERY_DELAYS_MS;
	if (!redeliveryDelaysMs.every((delay) => Number.isFinite(delay) && delay >= 0)) {
		throw new Error('webhook.redeliveryDelaysMs must hold durations of 0 ms or more');
	}
	const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
	if (!(timeoutMs > 0)) throw new Error('webhook.timeoutMs must be greater than 0');
	return {
		url,
		secret: options.secret,
		webhookId: options.webhookId ?? `whk_${randomBytes(8).toString('hex')}`,
		redeliveryDelaysMs: [...redeliveryDelaysMs],
		timeoutMs,
	};
}

interface AttemptResult {
	status?: number;
	error?: string;
}

/**
 * Claap's side of webhooks: one POST per event, redelivered with the same eventId until the
 * receiver answers 200 in time or the redeliveries run out.
 */
export class WebhookSender {
	private options?: ResolvedWebhookOptions;
	private deliveries: WebhookDelivery[] = [];
	private pendingCount = 0;
	/** Bumped by reset/close so that answers to forgotten deliveries are ignored. */
	private generation = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<ClientRequest>();
	private settledWaiters: Array<() => void> = [];

	configure(options: ResolvedWebhookOptions | undefined): void {
		this.options = options;
	}

	get webhookId(): string | undefined {
		return this.options?.webhookId;
	}

	/** Sends an event now, if a receiver is configured. */
	send(type: WebhookEventType, recordingId: string, recording: Record<string, unknown>): void {
		const options = this.options;
		if (!options) return;
		const eventId = `evt_${randomBytes(12).toString('hex')}`;
		const payload: WebhookPayload = { eventId, event: { type, recording } };
		const delivery: WebhookDelivery = {
			eventId,
			type,
			recordingId,
			payload,
			attempts: [],
			state: 'pending',
		};
		this.deliveries.push(delivery);
		this.pendingCount += 1;
		this.attempt(delivery, options, this.generation);
	}

	snapshot(): WebhookDelivery[] {
		return structuredClone(this.deliveries);
	}

	settled(): Promise<void> {
		if (this.pendingCount === 0) return Promise.resolve();
		return new Promise((resolve) => this.settledWaiters.push(resolve));
	}

	/** Forgets every delivery and stops those under way. */
	reset(): void {
		this.generation += 1;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const request of this.inFlight) request.destroy();
		this.inFlight.clear();
		this.deliveries = [];
		this.pendingCount = 0;
		this.notifySettled();
	}

	private attempt(
		delivery: WebhookDelivery,
		options: ResolvedWebhookOptions,
		generation: number,
	): void {
		const at = Date.now();
		void post(options, delivery.payload, this.inFlight).then((result) => {
			if (generation !== this.generation) return;
			delivery.attempts.push({ at, ...result, durationMs: Date.now() - at });
			if (result.status === 200) {
				this.finish(delivery, 'delivered');
				return;
			}
			const delay = options.redeliveryDelaysMs[delivery.attempts.length - 1];
			if (delay === undefined) {
				this.finish(delivery, 'dropped');
				return;
			}
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.attempt(delivery, options, generation);
			}, delay);
			this.timers.add(timer);
		});
	}

	private finish(delivery: WebhookDelivery, state: 'delivered' | 'dropped'): void {
		delivery.state = state;
		this.pendingCount -= 1;
		if (this.pendingCount === 0) this.notifySettled();
	}

	private notifySettled(): void {
		const waiters = this.settledWaiters;
		this.settledWaiters = [];
		for (const resolve of waiters) resolve();
	}
}

/**
 * One delivery attempt. Only the status matters; an answer that does not start within the
 * timeout counts as none, and the connection is dropped as Claap would.
 */
function post(
	options: ResolvedWebhookOptions,
	payload: WebhookPayload,
	inFlight: Set<ClientRequest>,
): Promise<AttemptResult> {
	const body = Buffer.from(JSON.stringify(payload));
	const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve) => {
		let done = false;
		const finish = (result: AttemptResult) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			inFlight.delete(request);
			if (result.status === undefined) request.destroy();
			resolve(result);
		};
		const request = send(
			options.url,
			{
				method: 'POST',
				// A fresh connection per attempt: nothing lingers after close().
				agent: false,
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': body.length,
					'User-Agent': 'Claap-Webhooks (emulator)',
					'X-Claap-Webhook-Id': options.webhookId,
					'X-Claap-Webhook-Secret': options.secret,
				},
			},
			(response) => {
				response.resume();
				finish({ status: response.statusCode });
			},
		);
		const timer = setTimeout(() => finish({ error: 'timeout' }), options.timeoutMs);
		request.on('error', (error) => finish({ error: error.message }));
		inFlight.add(request);
		request.end(body);
	});
}
