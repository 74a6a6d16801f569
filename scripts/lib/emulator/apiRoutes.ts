import type { EmulatorConfig } from './config';
import {
	ApiError,
	isJsonContentType,
	resultResponse,
	textResponse,
	validationError,
	type EmulatorResponse,
} from './http';
import type { RecordingEntry, RecordingStore } from './store';
import { isEmail, parseIsoDate, validateCreateBody } from './validation';
import {
	createdRecordingView,
	durationSeconds,
	recorderIdFor,
	recordingView,
	titleOf,
	transcriptJsonView,
	transcriptTextView,
	type ViewContext,
} from './views';

const QUOTA_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export interface ApiContext {
	config: EmulatorConfig;
	store: RecordingStore;
	view: ViewContext;
	query: URLSearchParams;
	/** The parsed body; undefined when there was none. */
	json: unknown;
	contentType?: string;
	bodyBytes: number;
}

interface Route {
	method: string;
	/** Names the endpoint for rate limiting, e.g. 'GET /v1/recordings/{id}'. */
	template: string;
	pattern: RegExp;
	/** Query parameters the endpoint understands; any other is refused. */
	queryParams: readonly string[];
	handle: (ctx: ApiContext, params: string[]) => EmulatorResponse;
}

const FILTER_PARAMS = [
	'channelId',
	'createdAfter',
	'createdBefore',
	'labels',
	'recorderEmail',
	'recorderId',
	'sort',
];

const ROUTES: Route[] = [
	{
		method: 'GET',
		template: '/v1/workspaces/mine',
		pattern: /^\/v1\/workspaces\/mine$/,
		queryParams: [],
		handle: getWorkspace,
	},
	{
		method: 'GET',
		template: '/v1/recordings',
		pattern: /^\/v1\/recordings$/,
		queryParams: [...FILTER_PARAMS, 'cursor', 'limit'],
		handle: listRecordings,
	},
	{
		method: 'POST',
		template: '/v1/recordings',
		pattern: /^\/v1\/recordings$/,
		queryParams: [],
		handle: createRecording,
	},
	{
		method: 'GET',
		template: '/v1/recordings/{id}',
		pattern: /^\/v1\/recordings\/([^/]+)$/,
		queryParams: ['returnAiFields'],
		handle: getRecording,
	},
	{
		method: 'DELETE',
		template: '/v1/recordings/{id}',
		pattern: /^\/v1\/recordings\/([^/]+)$/,
		queryParams: [],
		handle: deleteRecording,
	},
	{
		method: 'GET',
		template: '/v1/recordings/{id}/transcript',
		pattern: /^\/v1\/recordings\/([^/]+)\/transcript$/,
		queryParams: ['format', 'lang'],
		handle: getTranscript,
	},
];

export interface RouteMatch {
	route: Route;
	params: string[];
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
	for (const route of ROUTES) {
		const match = route.method === method ? route.pattern.exec(path) : null;
		if (match) return { route, params: match.slice(1).map(decodePathSegment) };
	}
	return undefined;
}

/** A malformed escape cannot name a recording: it is kept as is and so finds none. */
function decodePathSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

export function callRoute({ route, params }: RouteMatch, ctx: ApiContext): EmulatorResponse {
	const unknown = [...ctx.query.keys()].find((key) => !route.queryParams.includes(key));
	if (unknown !== undefined) throw validationError(unknown, `Unknown query parameter "${unknown}"`);
	return route.handle(ctx, params);
}

function notFound(what: string): ApiError {
	return new ApiError(404, 'not_found', `${what} not found`);
}

function findRecording(ctx: ApiContext, id: string): RecordingEntry {
	const entry = ctx.store.get(id);
	if (!entry) throw notFound('Recording');
	return entry;
}

function getWorkspace(ctx: ApiContext): EmulatorResponse {
	const active = ctx.store.active();
	const authors = new Set(active.map((entry) => entry.record.authorEmail.toLowerCase()));
	const { id, name, createdAt } = ctx.config.workspace;
	return resultResponse({
		workspace: {
			id,
			name,
			createdAt,
			membersCount: ctx.config.members?.size ?? Math.max(1, authors.size),
			recordingsCount: active.length,
		},
	});
}

function createRecording(ctx: ApiContext): EmulatorResponse {
	if (ctx.bodyBytes > 0 && !isJsonContentType(ctx.contentType)) {
		throw new ApiError(415, 'unsupported_media_type', 'The body must be sent as application/json');
	}
	const input = validateCreateBody(ctx.json);
	const { config, store } = ctx;
	if (
		store.countCreatedBy(input.authorEmail, Date.now() - QUOTA_WINDOW_MS) >= config.quotaPerAuthor
	) {
		throw new ApiError(
			403,
			'forbidden',
			`Recording quota exceeded: ${input.authorEmail} created ${config.quotaPerAuthor} recordings in the last 30 days`,
		);
	}
	if (config.members && !config.members.has(input.authorEmail.toLowerCase())) {
		throw new ApiError(
			403,
			'forbidden',
			`${input.authorEmail} does not have permission to create recordings in this workspace`,
		);
	}
	const entry = store.create(input, ctx.json as Record<string, unknown>);
	return resultResponse({ recording: createdRecordingView(entry, ctx.view) });
}

function getRecording(ctx: ApiContext, [id]: string[]): EmulatorResponse {
	const returnAiFields = ctx.query.get('returnAiFields');
	if (returnAiFields !== null && returnAiFields !== 'true' && returnAiFields !== 'false') {
		throw validationError('returnAiFields', 'returnAiFields must be true or false');
	}
	const entry = findRecording(ctx, id);
	return resultResponse({ recording: recordingView(entry, ctx.view, returnAiFields === 'true') });
}

function deleteRecording(ctx: ApiContext, [id]: string[]): EmulatorResponse {
	ctx.store.delete(findRecording(ctx, id));
	return resultResponse({ ok: true });
}

function getTranscript(ctx: ApiContext, [id]: string[]): EmulatorResponse {
	const format = ctx.query.get('format') ?? 'json';
	if (format !== 'json' && format !== 'text')
		throw validationError('format', 'format must be json or text');
	const entry = findRecording(ctx, id);
	// Transcripts become readable once processing is over.
	const transcript = entry.record.state === 'Ready' ? entry.transcript : undefined;
	if (!transcript) throw notFound('Transcript');
	const lang = ctx.query.get('lang');
	if (lang !== null && lang !== transcriptJsonView(transcript).languageCode) {
		throw notFound(`Transcript in language "${lang}"`);
	}
	return format === 'text'
		? textResponse(200, transcriptTextView(transcript))
		: resultResponse(transcriptJsonView(transcript));
}

// ---- List ----

const SORT_ORDERS = [
	'created_asc',
	'created_desc',
	'duration_asc',
	'duration_desc',
	'title_asc',
	'title_desc',
] as const;
type SortOrder = (typeof SORT_ORDERS)[number];

interface ListFilters {
	channelId?: string;
	createdAfter?: number;
	createdBefore?: number;
	labels?: string[];
	recorderEmail?: string;
	recorderId?: string;
	sort: SortOrder;
}

/** What a cursor carries: the query it pages through, and where the next page starts. */
interface CursorState {
	offset: number;
	params: Record<string, string>;
}

function encodeCursor(state: CursorState): string {
	return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string): CursorState {
	try {
		const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
		const paramsAreStrings = Object.values(state.params).every(
			(value) => typeof value === 'string',
		);
		if (Number.isInteger(state.offset) && state.offset >= 0 && paramsAreStrings) return state;
	} catch {
		// reported below
	}
	throw validationError('cursor', 'Invalid cursor');
}

function listRecordings(ctx: ApiContext): EmulatorResponse {
	const explicit: Record<string, string> = {};
	for (const name of FILTER_PARAMS) {
		const value = ctx.query.get(name);
		if (value !== null) explicit[name] = value;
	}
	// A cursor keeps paging the query it came from: filters may be repeated, not changed.
	let params = explicit;
	let offset = 0;
	const cursor = ctx.query.get('cursor');
	if (cursor !== null) {
		const state = decodeCursor(cursor);
		const changed = Object.keys(explicit).find((name) => explicit[name] !== state.params[name]);
		if (changed !== undefined)
			throw validationError('cursor', `The cursor was issued for another value of ${changed}`);
		params = state.params;
		offset = state.offset;
	}
	const filters = parseFilters(params);
	const limit = parseLimit(ctx.query.get('limit'));

	const matching = ctx.store
		.active()
		.filter((entry) => matchesFilters(entry, filters))
		.sort(comparator(filters.sort));
	const page = matching.slice(offset, offset + limit);
	const nextOffset = offset + page.length;
	return resultResponse({
		recordings: page.map((entry) => recordingView(entry, ctx.view, false)),
		pagination: {
			totalCount: matching.length,
			...(nextOffset < matching.length && {
				nextCursor: encodeCursor({ offset: nextOffset, params }),
			}),
		},
	});
}

function parseLimit(value: string | null): number {
	if (value === null) return 20;
	const limit = /^\d+$/.test(value) ? Number(value) : NaN;
	if (!(limit >= 1 && limit <= 100))
		throw validationError('limit', 'limit must be an integer from 1 to 100');
	return limit;
}

function parseDateParam(params: Record<string, string>, name: string): number | undefined {
	if (params[name] === undefined) return undefined;
	const date = parseIsoDate(params[name]);
	if (!date) throw validationError(name, `${name} must be an ISO-8601 date`);
	return date.getTime();
}

function parseFilters(params: Record<string, string>): ListFilters {
	const sort = params.sort ?? 'created_desc';
	if (!(SORT_ORDERS as readonly string[]).includes(sort)) {
		throw validationError('sort', `sort must be one of: ${SORT_ORDERS.join(', ')}`);
	}
	if (params.recorderEmail !== undefined && !isEmail(params.recorderEmail)) {
		throw validationError('recorderEmail', 'recorderEmail must be an email address');
	}
	let labels: string[] | undefined;
	if (params.labels !== undefined) {
		if (params.channelId === undefined)
			throw validationError('labels', 'labels can only be used together with channelId');
		labels = params.labels
			.split(',')
			.map((label) => label.trim())
			.filter(Boolean);
		if (labels.length === 0) throw validationError('labels', 'labels must list at least one label');
	}
	return {
		channelId: params.channelId,
		createdAfter: parseDateParam(params, 'createdAfter'),
		createdBefore: parseDateParam(params, 'createdBefore'),
		labels,
		recorderEmail: params.recorderEmail?.toLowerCase(),
		recorderId: params.recorderId,
		sort: sort as SortOrder,
	};
}

/** createdAfter is inclusive, createdBefore exclusive. */
function matchesFilters(entry: RecordingEntry, filters: ListFilters): boolean {
	const { input, createdAtMs } = entry;
	return (
		(filters.channelId === undefined || input.channelId === filters.channelId) &&
		(filters.createdAfter === undefined || createdAtMs >= filters.createdAfter) &&
		(filters.createdBefore === undefined || createdAtMs < filters.createdBefore) &&
		(filters.recorderEmail === undefined ||
			input.authorEmail.toLowerCase() === filters.recorderEmail) &&
		(filters.recorderId === undefined || recorderIdFor(input.authorEmail) === filters.recorderId) &&
		// [guess] A recording matches when it carries any of the listed labels (Claap does not say any or all).
		(filters.labels === undefined ||
			filters.labels.some((label) => entry.record.labels.includes(label)))
	);
}

function comparator(sort: SortOrder): (a: RecordingEntry, b: RecordingEntry) => number {
	const direction = sort.endsWith('_asc') ? 1 : -1;
	const byCreation = (a: RecordingEntry, b: RecordingEntry) => a.createdAtMs - b.createdAtMs;
	const primary: (a: RecordingEntry, b: RecordingEntry) => number = sort.startsWith('duration')
		? (a, b) => durationSeconds(a) - durationSeconds(b)
		: sort.startsWith('title')
			? (a, b) => titleOf(a).localeCompare(titleOf(b), 'en', { sensitivity: 'base' })
			: byCreation;
	// Ties fall back to creation order so pages never overlap.
	return (a, b) => direction * (primary(a, b) || byCreation(a, b));
}
