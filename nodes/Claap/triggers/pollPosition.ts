import type { IDataObject } from 'n8n-workflow';

import { GUESSES } from '../helpers/apiContract';

/**
 * Where the polling trigger is in Claap's list of recordings, kept in the node's static data.
 *
 * The list is read oldest first from a creation time (`createdAfter`). Whether Claap counts
 * that instant in or out, and how finely it compares, is not documented, so each listing
 * starts a little before the boundary ({@link CREATED_AFTER_OVERLAP_MS}) and the recordings
 * already handled in that overlap are recognised by ID. Recordings still being processed come
 * back without `createdAt`; their place in the list (which is in creation order) still says
 * which known creation times they lie between.
 */
// A type rather than an interface: it is stored as is in n8n's static data (an IDataObject).
export type PollPosition = {
	/** The folder filter this position belongs to ('' for every folder); another folder starts afresh. */
	folderId: string;
	/**
	 * ISO creation time up to which every recording was handled; the next listing starts just
	 * before it. Absent when the workspace had no recording yet: the next listing reads them all.
	 */
	boundary?: string;
	/** Recordings the next listing can return again that need nothing more: emitted, or older than the trigger. */
	handledIds: string[];
	/** Recordings waited for ("Only When Ready"), by ID: when the trigger first saw them, epoch ms. */
	waitingSince: Record<string, number>;
};

/** The re-read margin before the boundary; see {@link PollPosition}. */
export const CREATED_AFTER_OVERLAP_MS = GUESSES.createdAfterOverlapMs;

/**
 * How long a recording still being processed holds the boundary back. Claap processes a
 * recording within minutes; one whose upload was never sent stays Empty for ever. While one is
 * waited for, every poll re-reads the recordings created since, which costs calls against
 * Claap's daily limit; after this it is given up (and not emitted even if it gets Ready later).
 */
export const MAX_WAIT_FOR_READY_MS = 6 * 60 * 60 * 1000;

/**
 * The first poll can only place the boundary from n8n's own clock when every recording it
 * sees is still being processed (no `createdAt`); this allows for that clock being ahead.
 */
export const CLOCK_TOLERANCE_MS = 10 * 60 * 1000;

export const READY_STATE = 'Ready';

/** Processing ended without a usable recording: nothing to wait for. */
export const FAILED_STATE = 'Failed';

function createdAtMs(recording: IDataObject): number | undefined {
	if (typeof recording.createdAt !== 'string') return undefined;
	const ms = Date.parse(recording.createdAt);
	return Number.isNaN(ms) ? undefined : ms;
}

function idOf(recording: IDataObject): string {
	return String(recording.id);
}

/** `createdAfter` for the next listing; undefined to list from the first recording. */
export function listingStart(position: PollPosition): string | undefined {
	if (position.boundary === undefined) return undefined;
	return new Date(Date.parse(position.boundary) - CREATED_AFTER_OVERLAP_MS).toISOString();
}

/** Whether the stored position can be used with this folder filter. */
export function positionFor(stored: unknown, folderId: string): PollPosition | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const position = stored as Partial<PollPosition>;
	if (position.folderId !== folderId || !Array.isArray(position.handledIds)) return undefined;
	if (position.boundary !== undefined && Number.isNaN(Date.parse(position.boundary)))
		return undefined;
	return {
		folderId,
		boundary: position.boundary,
		handledIds: position.handledIds.map(String),
		waitingSince:
			typeof position.waitingSince === 'object' && position.waitingSince !== null
				? { ...position.waitingSince }
				: {},
	};
}

/**
 * The position when the trigger starts, from the newest recordings (newest first): everything
 * that exists now counts as handled, so activation does not flood the workflow.
 */
export function startPosition(
	newestFirst: IDataObject[],
	folderId: string,
	now: number,
): PollPosition {
	const known = newestFirst.map(createdAtMs).filter((ms): ms is number => ms !== undefined);
	let boundary: string | undefined;
	if (known.length > 0) boundary = new Date(Math.max(...known)).toISOString();
	else if (newestFirst.length > 0) boundary = new Date(now - CLOCK_TOLERANCE_MS).toISOString();
	return { folderId, boundary, handledIds: newestFirst.map(idOf), waitingSince: {} };
}

export interface PollStep {
	/** Recordings to emit, oldest first. */
	emit: IDataObject[];
	position: PollPosition;
}

export interface PollStepOptions {
	/** Emit only Ready recordings; wait for the others (see {@link MAX_WAIT_FOR_READY_MS}). */
	onlyWhenReady: boolean;
	/** False when the listing stopped before its last page: what lies beyond was not seen. */
	complete: boolean;
	now: number;
}

/** What each listed recording is: already handled, to emit, failed or given up, or waited for. */
function sortListing(
	previous: PollPosition,
	listing: IDataObject[],
	options: PollStepOptions,
): {
	emit: IDataObject[];
	handled: Set<string>;
	waitingSince: Record<string, number>;
	firstWaitedFor: number;
} {
	const { onlyWhenReady, now } = options;
	const handledBefore = new Set(previous.handledIds);
	const handled = new Set<string>();
	const waitingSince: Record<string, number> = {};
	const emit: IDataObject[] = [];
	let firstWaitedFor = -1;

	listing.forEach((recording, index) => {
		const id = idOf(recording);
		if (handled.has(id) || id in waitingSince) return; // listed twice (pages shifted)
		if (handledBefore.has(id)) {
			handled.add(id);
			return;
		}
		if (!onlyWhenReady || recording.state === READY_STATE) {
			emit.push(recording);
			handled.add(id);
			return;
		}
		if (recording.state === FAILED_STATE) {
			handled.add(id);
			return;
		}
		const since = previous.waitingSince[id] ?? now;
		if (now - since >= MAX_WAIT_FOR_READY_MS) {
			handled.add(id); // given up
			return;
		}
		waitingSince[id] = since;
		if (firstWaitedFor < 0) firstWaitedFor = index;
	});
	return { emit, handled, waitingSince, firstWaitedFor };
}

/**
 * Decides what a poll emits from the recordings listed since the position (oldest first), and
 * where the next poll starts.
 *
 * The boundary moves up to the newest creation time listed before the first recording still
 * waited for, never past it: that recording must be listed again until it is Ready. Recordings
 * after it that were emitted meanwhile stay in `handledIds`, so they are not emitted twice.
 */
export function advancePosition(
	previous: PollPosition,
	listing: IDataObject[],
	options: PollStepOptions,
): PollStep {
	const { complete } = options;
	const { emit, handled, waitingSince, firstWaitedFor } = sortListing(previous, listing, options);

	const settled = firstWaitedFor < 0 ? listing : listing.slice(0, firstWaitedFor);
	const candidates = settled.map(createdAtMs).filter((ms): ms is number => ms !== undefined);
	if (previous.boundary !== undefined) candidates.push(Date.parse(previous.boundary));
	const boundary =
		candidates.length > 0 ? new Date(Math.max(...candidates)).toISOString() : undefined;
	const next: PollPosition = {
		folderId: previous.folderId,
		boundary,
		handledIds: [],
		waitingSince,
	};
	const nextStart = listingStart(next);
	const nextStartMs = nextStart === undefined ? undefined : Date.parse(nextStart);

	// Keep the handled recordings the next listing can return: created at or after its start, or
	// of unknown creation time unless a later recording in the list was already created before it.
	// One more overlap of margin: Claap may compare createdAfter coarser than to the millisecond
	// (to the second, say) and return recordings from just before the start.
	const latestPossible = latestPossibleCreation(listing);
	const listed = new Set(listing.map(idOf));
	next.handledIds = listing
		.map(idOf)
		.filter((id, index) => {
			if (!handled.has(id)) return false;
			const latest = latestPossible[index];
			return (
				nextStartMs === undefined ||
				latest === undefined ||
				latest >= nextStartMs - CREATED_AFTER_OVERLAP_MS
			);
		})
		.filter((id, index, ids) => ids.indexOf(id) === index);
	if (!complete) {
		// Beyond the part read: keep what is known about it for the next poll.
		for (const id of previous.handledIds)
			if (!listed.has(id) && !next.handledIds.includes(id)) next.handledIds.push(id);
		for (const [id, since] of Object.entries(previous.waitingSince))
			if (!listed.has(id)) waitingSince[id] = since;
	}
	return { emit, position: next };
}

/**
 * For each recording of an oldest-first listing, the latest time it can have been created:
 * its own `createdAt`, else the next known one after it; undefined when none follows.
 */
function latestPossibleCreation(listing: IDataObject[]): Array<number | undefined> {
	const result: Array<number | undefined> = new Array(listing.length);
	let next: number | undefined;
	for (let index = listing.length - 1; index >= 0; index--) {
		const own = createdAtMs(listing[index]);
		if (own !== undefined) next = own;
		result[index] = next;
	}
	return result;
}
