import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { RequestPolicy } from '../transport';
import { claapApiPage, DEFAULT_POLICY } from '../transport';
import { READY_STATE } from './pollPosition';

/** Claap serves at most 100 recordings a page. [seen] */
const PAGE_SIZE = 100;

/**
 * Pages one poll reads at most, each a call against Claap's rate limits (3 a second per
 * endpoint, 3,000 a day): a longer backlog is left for the next polls.
 */
export const MAX_PAGES_PER_POLL = 10;

/** Pages "Fetch Test Event" looks through for a Ready recording. */
const MANUAL_MAX_PAGES = 3;

/**
 * Retries and timeouts that fit inside the time n8n gives one poll: a page that retried past it
 * would have the whole poll thrown away.
 */
function pollPolicy(this: IPollFunctions): RequestPolicy {
	const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : Infinity;
	const share = Math.max(1000, budgetMs / 4);
	return {
		...DEFAULT_POLICY,
		maxRetries: Math.min(DEFAULT_POLICY.maxRetries, 2),
		maxRetryTimeMs: Math.min(DEFAULT_POLICY.maxRetryTimeMs, share),
		timeoutMs: Math.min(DEFAULT_POLICY.timeoutMs, share),
	};
}

async function listPage(this: IPollFunctions, qs: IDataObject) {
	return await claapApiPage.call(
		this,
		{ method: 'GET', endpoint: '/v1/recordings', qs, policy: pollPolicy.call(this) },
		'recordings',
	);
}

function filterQuery(folderId: string): IDataObject {
	return folderId ? { channelId: folderId } : {};
}

export interface Listing {
	/** Oldest first. */
	recordings: IDataObject[];
	/** False when the poll stopped before the last page. */
	complete: boolean;
}

/**
 * Recordings created from `createdAfter` on (all of them without it), oldest first, following
 * Claap's cursor. Stops early after {@link MAX_PAGES_PER_POLL} pages, or when half of the time
 * n8n gives a poll is spent, so that the recordings read so far are still emitted.
 */
export async function listRecordingsSince(
	this: IPollFunctions,
	folderId: string,
	createdAfter: string | undefined,
): Promise<Listing> {
	const startedAt = Date.now();
	// n8n versions before the poll budget existed give no such limit.
	const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : Infinity;
	const query: IDataObject = { ...filterQuery(folderId), sort: 'created_asc', limit: PAGE_SIZE };
	if (createdAfter !== undefined) query.createdAfter = createdAfter;

	const recordings: IDataObject[] = [];
	let cursor: string | undefined;
	let pages = 0;
	do {
		const page = await listPage.call(this, cursor ? { ...query, cursor } : query);
		recordings.push(...page.items);
		cursor = page.nextCursor;
		pages += 1;
	} while (cursor && pages < MAX_PAGES_PER_POLL && Date.now() - startedAt < budgetMs / 2);
	return { recordings, complete: cursor === undefined };
}

/** The newest recordings, newest first: one page, for the position the trigger starts from. */
export async function newestRecordings(
	this: IPollFunctions,
	folderId: string,
): Promise<IDataObject[]> {
	const page = await listPage.call(this, {
		...filterQuery(folderId),
		sort: 'created_desc',
		limit: PAGE_SIZE,
	});
	return page.items;
}

/** The latest recording (the latest Ready one with `onlyReady`), for "Fetch Test Event". */
export async function latestRecording(
	this: IPollFunctions,
	folderId: string,
	onlyReady: boolean,
): Promise<IDataObject | undefined> {
	const query: IDataObject = {
		...filterQuery(folderId),
		sort: 'created_desc',
		limit: onlyReady ? PAGE_SIZE : 1,
	};
	let cursor: string | undefined;
	for (let pages = 0; pages < MANUAL_MAX_PAGES; pages++) {
		const page = await listPage.call(this, cursor ? { ...query, cursor } : query);
		const found = onlyReady
			? page.items.find((recording) => recording.state === READY_STATE)
			: page.items[0];
		if (found || !onlyReady || !page.nextCursor) return found;
		cursor = page.nextCursor;
	}
	return undefined;
}
