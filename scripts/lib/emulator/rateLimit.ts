import type { RateLimitOptions } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RateLimitDecision {
	allowed: boolean;
	/** Sent on every /v1 answer, refused or not. */
	headers: Record<string, string>;
}

/**
 * Claap's per-workspace limits: a token bucket per endpoint (sustained rate plus a small burst)
 * and a rolling 24-hour count over all endpoints. Refused calls consume neither.
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();
	/** Times of the calls accepted in the last 24 hours, oldest first. */
	private dailyCalls: number[] = [];

	constructor(private readonly limits: RateLimitOptions) {}

	take(endpoint: string): RateLimitDecision {
		const now = Date.now();
		while (this.dailyCalls.length > 0 && this.dailyCalls[0] <= now - DAY_MS)
			this.dailyCalls.shift();
		const bucket = this.refill(endpoint, now);
		const allowed = bucket.tokens >= 1 && this.dailyCalls.length < this.limits.perDay;
		if (allowed) {
			bucket.tokens -= 1;
			this.dailyCalls.push(now);
		}
		return {
			allowed,
			headers: {
				'X-RateLimit-Limit': String(this.limits.perSecond),
				'X-RateLimit-Remaining': String(Math.floor(bucket.tokens)),
				// The docs spell the daily header both ways; clients may read either.
				'X-Daily-RateLimit-Remaining': String(this.limits.perDay - this.dailyCalls.length),
				'X-RateLimit-Daily-Remaining': String(this.limits.perDay - this.dailyCalls.length),
			},
		};
	}

	reset(): void {
		this.buckets.clear();
		this.dailyCalls = [];
	}

	private refill(endpoint: string, now: number): { tokens: number; refilledAt: number } {
		const bucket = this.buckets.get(endpoint) ?? { tokens: this.limits.burst, refilledAt: now };
		const elapsedSeconds = (now - bucket.refilledAt) / 1000;
		bucket.tokens = Math.min(
			this.limits.burst,
			bucket.tokens + elapsedSeconds * this.limits.perSecond,
		);
		bucket.refilledAt = now;
		this.buckets.set(endpoint, bucket);
		return bucket;
	}
}
