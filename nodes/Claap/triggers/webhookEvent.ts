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
		typeof recording === 'object' && recording !== null && !Array.isArray(recording) ? (recording as IDataObject) : {};
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
