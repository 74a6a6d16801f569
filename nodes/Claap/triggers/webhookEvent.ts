import type { IDataObject } from 'n8n-workflow';

/** The events Claap sends. [doc] */
export const WEBHOOK_EVENT_TYPES = ['recording_added', 'recording_updated'] as const;

/**
 * How many event IDs the trigger remembers. Claap redelivers within about 5 minutes of the
 * first attempt, so this only has to outlast the events of a few minutes, and it keeps the
 * workflow's static data small.
 */
export const REMEMBERED_EVENT_IDS = 500;

/** A delivery body: `{"eventId": "...", "event": {"type": "...", "recording": {...}}}`. */
export interface ClaapWebhookEvent {
	eventId: string;
	type: string;
	recording: IDataObject;
}

/**
 * The event in a delivery body, or undefined when the body is not one. Only what the trigger
 * relies on is required (an eventId to dedupe on, a type to filter on); the rest passes through.
 */
export function parseWebhookEvent(body: unknown): ClaapWebhookEvent | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const { eventId, event } = body as IDataObject;
	if (typeof eventId !== 'string' || eventId === '') return undefined;
	if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
	const { type, recording } = event as IDataObject;
	if (typeof type !== 'string' || type === '') return undefined;
	const recordingObject =
		typeof recording === 'object' && recording !== null && !Array.isArray(recording)
			? (recording as IDataObject)
			: {};
	return { eventId, type, recording: recordingObject };
}

/**
 * Records the event ID in the node's static data and tells whether it is new. Claap
 * redelivers an event (same ID) when n8n's 200 did not reach it in time; the redelivery must
 * not start the workflow again.
 *
 * The list is reassigned rather than changed in place: n8n saves static data only when it sees
 * a property of the node's static data set.
 */
export function rememberEvent(staticData: IDataObject, eventId: string): boolean {
	const remembered = Array.isArray(staticData.eventIds) ? (staticData.eventIds as string[]) : [];
	if (remembered.includes(eventId)) return false;
	staticData.eventIds = [...remembered, eventId].slice(-REMEMBERED_EVENT_IDS);
	return true;
}

/**
 * How long this n8n process holds an event it started: Claap's whole redelivery schedule (at once,
 * after 1 minute, after 5 minutes) with a margin. It has to: n8n 2.41.1 saves the trigger's static
 * data only for a workflow's first event (the "changed" flag is reset between the trigger's call
 * and the save), so from the second event on the static data catches no redelivery, and no other
 * storage open to a community node survives the call. The price: an event whose workflow n8n
 * failed to start after this call is not run by its redeliveries within the window.
 */
export const CLAIM_MS = 7 * 60_000;
/** A bound on the claims held, whatever the rate of events. */
const MAX_CLAIMS = 10_000;

/** Events started in this process in the last CLAIM_MS, by trigger and event ID (oldest first). */
const claims = new Map<string, number>();

/**
 * Claims an event for one trigger (`triggerKey`: workflow, node and mode) in this n8n process,
 * and tells whether it was free. n8n loads a workflow's static data afresh for every call and
 * saves it once the call is answered, so two deliveries of one event arriving together would both
 * find it new there. This check-and-set runs without pausing, so only one of them can win it. It
 * complements rememberEvent(), which covers restarts and other n8n processes where n8n saves it.
 */
export function claimEvent(triggerKey: string, eventId: string, now = Date.now()): boolean {
	for (const [key, claimedAt] of claims) {
		if (now - claimedAt < CLAIM_MS && claims.size < MAX_CLAIMS) break;
		claims.delete(key);
	}
	const key = JSON.stringify([triggerKey, eventId]);
	const claimedAt = claims.get(key);
	if (claimedAt !== undefined && now - claimedAt < CLAIM_MS) return false;
	// Re-inserted so that the map stays oldest first.
	claims.delete(key);
	claims.set(key, now);
	return true;
}
