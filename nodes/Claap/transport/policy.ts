import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** How hard the node tries: bounded in attempts and in time, with separate timeouts. */
export interface RequestPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** No retry starts once this much time has passed since the first attempt. */
	maxRetryTimeMs: number;
	/** Inactivity timeout of an API call. */
	timeoutMs: number;
	/** Inactivity timeout of an upload: a slow link still moves bytes, a dead one does not. */
	uploadTimeoutMs: number;
}

/** The policy with every option at its default, as shown in the node (actions/options.descriptions.ts). */
export const DEFAULT_POLICY: RequestPolicy = {
	maxRetries: 4,
	maxRetryTimeMs: 120_000,
	timeoutMs: 60_000,
	uploadTimeoutMs: 600_000,
};

function secondsOption(options: IDataObject, name: string, fallbackMs: number): number {
	const value = Number(options[name]);
	return options[name] === undefined || !Number.isFinite(value) || value < 0
		? fallbackMs
		: value * 1000;
}

/** The policy from an operation's Options; values out of range fall back to the defaults. */
export function requestPolicyFrom(options: IDataObject = {}): RequestPolicy {
	const maxRetries = Number(options.maxRetries);
	return {
		maxRetries:
			options.maxRetries === undefined || !Number.isInteger(maxRetries) || maxRetries < 0
				? DEFAULT_POLICY.maxRetries
				: Math.min(maxRetries, 10),
		maxRetryTimeMs: secondsOption(options, 'maxRetryTimeSeconds', DEFAULT_POLICY.maxRetryTimeMs),
		timeoutMs: Math.max(1000, secondsOption(options, 'timeoutSeconds', DEFAULT_POLICY.timeoutMs)),
		uploadTimeoutMs: Math.max(
			1000,
			secondsOption(options, 'uploadTimeoutSeconds', DEFAULT_POLICY.uploadTimeoutMs),
		),
	};
}

/**
 * The retry and timeout policy an item's Options ask for: its own options before node version
 * 1.2, the Retries and Timeouts group from 1.2 on (a version has only one of the two).
 */
export function requestPolicyOf(this: IExecuteFunctions, itemIndex: number): RequestPolicy {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const group = (options.retriesAndTimeouts as IDataObject | undefined)?.limits as
		| IDataObject
		| undefined;
	return requestPolicyFrom({ ...options, ...group });
}
