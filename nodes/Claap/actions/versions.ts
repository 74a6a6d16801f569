import type { IDisplayOptions } from 'n8n-workflow';

/**
 * Node versions, for parameters whose shape changed. Old versions keep their shape, so saved
 * workflows run as they were built.
 * 1.1: Output (Simplified, Raw, Selected Fields / File) on the read operations.
 * 1.2: Create's Wait Until Ready as a field of its own, its Meeting group, one speaker list per
 *      transcript input, Transcript → Upload's file in `data` by default, and Retries and
 *      Timeouts grouped under Options.
 */
export const NODE_VERSIONS = [1, 1.1, 1.2];
export const LATEST_VERSION = 1.2;

/** Show from `version` on. */
export function since(version: number): IDisplayOptions['show'] {
	return { '@version': [{ _cnd: { gte: version } }] };
}

/** Show in the versions before `version`. */
export function before(version: number): IDisplayOptions['show'] {
	return { '@version': [{ _cnd: { lt: version } }] };
}
