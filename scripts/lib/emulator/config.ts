import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	RATE_LIMITS,
	RECORDINGS_PER_AUTHOR_PER_30_DAYS,
} from '../../../nodes/Claap/helpers/apiContract';
import type { EmulatorOptions, RateLimitOptions } from './types';
import { resolveWebhookOptions, type ResolvedWebhookOptions } from './webhooks';

/** The emulator's settings with every default filled in. */
export interface EmulatorConfig {
	port: number;
	apiKeys: Set<string>;
	freePlanKeys: Set<string>;
	workspace: { id: string; name: string; createdAt: string };
	/** Lowercased member emails; undefined means every well-formed email is a member. */
	members?: Set<string>;
	quotaPerAuthor: number;
	rateLimit: false | RateLimitOptions;
	processingDelayMs: number;
	storage: 'disk' | 'hash';
	/** Set with 'disk' storage only. */
	dataDir?: string;
	/** True when the emulator created dataDir and so removes it on close. */
	ownsDataDir: boolean;
	/** The webhook receiver at start; undefined when none. */
	webhook?: ResolvedWebhookOptions;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
	perSecond: RATE_LIMITS.callsPerSecondPerEndpoint,
	burst: 5,
	perDay: RATE_LIMITS.callsPerDay,
};

export function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

export async function resolveConfig(options: EmulatorOptions): Promise<EmulatorConfig> {
	const apiKeys = options.apiKeys?.length ? options.apiKeys : [`cla_test_${randomToken(12)}`];
	const storage = options.storage ?? 'hash';
	const dataDir =
		storage === 'disk'
			? (options.dataDir ?? (await mkdtemp(join(tmpdir(), 'claap-emulator-'))))
			: undefined;
	return {
		port: options.port ?? 0,
		apiKeys: new Set(apiKeys),
		freePlanKeys: new Set(options.freePlanKeys ?? []),
		workspace: {
			...(options.workspace ?? { id: 'ws_emulated', name: 'Emulated Workspace' }),
			createdAt: '2024-01-15T09:30:00.000Z',
		},
		members: options.members && new Set(options.members.map((email) => email.toLowerCase())),
		quotaPerAuthor: options.quotaPerAuthor ?? RECORDINGS_PER_AUTHOR_PER_30_DAYS,
		rateLimit: options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit,
		processingDelayMs: options.processingDelayMs ?? 30,
		storage,
		dataDir,
		ownsDataDir: storage === 'disk' && options.dataDir === undefined,
		webhook: options.webhook && resolveWebhookOptions(options.webhook),
	};
}
