import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { claapApiPage } from '../transport';

const PAGE_SIZE = 50;

function label(recording: IDataObject): string {
	const title =
		typeof recording.title === 'string' && recording.title ? recording.title : 'Untitled recording';
	const created = typeof recording.createdAt === 'string' ? recording.createdAt.slice(0, 10) : '';
	return created ? `${title} (${created})` : title;
}

/**
 * Recent recordings first. Claap's list has no text search, so the filter applies to the page
 * fetched; scrolling fetches the next page.
 */
export async function searchRecordings(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { sort: 'created_desc', limit: PAGE_SIZE };
	if (paginationToken) qs.cursor = paginationToken;
	const page = await claapApiPage.call(
		this,
		{ method: 'GET', endpoint: '/v1/recordings', qs },
		'recordings',
	);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = page.items
		.filter(
			(recording) =>
				!needle ||
				label(recording).toLowerCase().includes(needle) ||
				String(recording.id) === filter,
		)
		.map((recording) => ({
			name: label(recording),
			value: String(recording.id),
			url: typeof recording.url === 'string' ? recording.url : undefined,
		}));
	return { results, paginationToken: page.nextCursor };
}
