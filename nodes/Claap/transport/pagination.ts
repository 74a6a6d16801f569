import type { IDataObject } from 'n8n-workflow';

import type { ClaapRequest } from './apiRequest';
import { claapApiRequest } from './apiRequest';
import type { ClaapContext } from './loop';

/** Claap's list pages: `result.<key>[]` and `result.pagination.nextCursor` until the last page. */
export interface ClaapPage {
	items: IDataObject[];
	nextCursor?: string;
	totalCount?: number;
}

const LIST_PAGE_SIZE_MAX = 100;

/** One page of a list endpoint. */
export async function claapApiPage(
	this: ClaapContext,
	request: ClaapRequest,
	itemsKey: string,
): Promise<ClaapPage> {
	const result = await claapApiRequest.call(this, request);
	const pagination = (result.pagination ?? {}) as IDataObject;
	return {
		// Anything but objects in the list would only crash the steps after.
		items: Array.isArray(result[itemsKey])
			? (result[itemsKey] as unknown[]).filter(
					(entry): entry is IDataObject =>
						typeof entry === 'object' && entry !== null && !Array.isArray(entry),
				)
			: [],
		nextCursor:
			typeof pagination.nextCursor === 'string' && pagination.nextCursor
				? pagination.nextCursor
				: undefined,
		totalCount: typeof pagination.totalCount === 'number' ? pagination.totalCount : undefined,
	};
}

/**
 * Follows Claap's cursor until `maxItems` are collected (all of them when undefined), asking
 * for the largest pages Claap serves so that as few calls as possible count against its limits.
 */
export async function claapApiPaginate(
	this: ClaapContext,
	request: ClaapRequest,
	itemsKey: string,
	maxItems?: number,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	const cursorsSeen = new Set<string>();
	let cursor: string | undefined;
	do {
		const wanted =
			maxItems === undefined
				? LIST_PAGE_SIZE_MAX
				: Math.min(LIST_PAGE_SIZE_MAX, maxItems - collected.length);
		const qs: IDataObject = { ...(request.qs ?? {}), limit: wanted };
		if (cursor) qs.cursor = cursor;
		const page = await claapApiPage.call(this, { ...request, qs }, itemsKey);
		collected.push(...page.items);
		// An empty page or a cursor seen before would otherwise page forever on the daily budget.
		if (page.items.length === 0 || (page.nextCursor && cursorsSeen.has(page.nextCursor))) break;
		cursor = page.nextCursor;
		if (cursor) cursorsSeen.add(cursor);
	} while (cursor && (maxItems === undefined || collected.length < maxItems));
	return maxItems === undefined ? collected : collected.slice(0, maxItems);
}
