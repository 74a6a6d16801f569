import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { recordingLabel, recordingTitle } from '../helpers/recordingLabel';
import { claapApiPage } from '../transport';

const PAGE_SIZE = 50;

/**
 * Recent recordings first, named with their date and duration. Claap's list has no text search,
 * so the filter applies to the titles (or an exact ID) of the page fetched; scrolling fetches the
 * next page.
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
	const wanted = (filter ?? '').trim();
	const needle = wanted.toLowerCase();
	const results = page.items
		.filter(
			(recording) =>
				!needle ||
				recordingTitle(recording).toLowerCase().includes(needle) ||
				String(recording.id) === wanted,
		)
		.map((recording) => ({
			name: recordingLabel(recording),
			value: String(recording.id),
			url: typeof recording.url === 'string' ? recording.url : undefined,
		}));
	return { results, paginationToken: page.nextCursor };
}
