import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestPolicy } from '../transport';
import { claapApiPage } from '../transport';
import { InvalidParameterError } from './errors';

/*
 * Claap's create has no idempotency key, so a run of Create that n8n starts again in a new
 * execution (Retry on the executions list, a queue-mode job picked up again after its worker
 * died) cannot know its first run's recording. It can look for it: a recording by the same author,
 * with the same title (and folder, and meeting start when both have one), created within a window.
 */

export type ReuseMode = 'retriedExecutions' | 'always' | 'never';

export const DEFAULT_REUSE_MODE: ReuseMode = 'retriedExecutions';
export const DEFAULT_LOOK_BACK_HOURS = 24;
/** Claap lets an author create 50 recordings in 30 days: one page of 100 holds every candidate. */
const CANDIDATES_PAGE_SIZE = 100;

export interface ReuseSettings {
	mode: ReuseMode;
	lookBackHours: number;
}

/** Reads and checks the two options. */
export function reuseSettingsFrom(options: IDataObject): ReuseSettings {
	const mode = (options.skipIfAlreadyCreated ?? DEFAULT_REUSE_MODE) as ReuseMode;
	const lookBackHours = Number(options.lookBackHours ?? DEFAULT_LOOK_BACK_HOURS);
	if (!Number.isFinite(lookBackHours) || lookBackHours <= 0) {
		throw new InvalidParameterError(
			'Look Back (Hours)',
			`${String(options.lookBackHours)} is not a positive number of hours`,
			'Use e.g. 24 for a day.',
		);
	}
	return { mode, lookBackHours };
}

/** Whether this run should look for an earlier recording before creating one. */
export function shouldLookForEarlier(
	settings: ReuseSettings,
	executionMode: string,
	body: IDataObject,
): boolean {
	if (typeof body.title !== 'string' || body.title === '') return false;
	return (
		settings.mode === 'always' ||
		(settings.mode === 'retriedExecutions' && executionMode === 'retry')
	);
}

function sameText(a: unknown, b: unknown): boolean {
	return (
		typeof a === 'string' &&
		typeof b === 'string' &&
		a.trim().toLowerCase() === b.trim().toLowerCase()
	);
}

/**
 * Whether a listed recording is the one this create body describes. Without a title in the body,
 * Claap gives the recording its own, so only the author and the folder can be compared.
 */
export function isSameRecording(listed: IDataObject, body: IDataObject): boolean {
	const recorder = (listed.recorder ?? {}) as IDataObject;
	if (!sameText(recorder.email, body.authorEmail)) return false;
	if (body.title !== undefined && listed.title !== body.title) return false;
	const channel = (listed.channel ?? {}) as IDataObject;
	if (body.channelId !== undefined && channel.id !== body.channelId) return false;
	// Claap returns the meeting only once a recording is Ready: compare when both have one.
	const meeting = (listed.meeting ?? {}) as IDataObject;
	const startedAt = (body.meeting as IDataObject | undefined)?.startedAt;
	if (typeof startedAt === 'string' && typeof meeting.startingAt === 'string') {
		return Date.parse(startedAt) === Date.parse(meeting.startingAt);
	}
	return true;
}

/** Recordings this body describes created since `sinceMs`, newest first; one list call. */
export async function findRecordingsLike(
	this: IExecuteFunctions,
	body: IDataObject,
	sinceMs: number,
	itemIndex: number,
	policy: RequestPolicy,
	/** Recordings that are someone else's (other items of the execution). */
	excluded: Set<string> = new Set(),
): Promise<IDataObject[]> {
	const page = await claapApiPage.call(
		this,
		{
			method: 'GET',
			endpoint: '/v1/recordings',
			qs: {
				recorderEmail: body.authorEmail,
				createdAfter: new Date(sinceMs).toISOString(),
				sort: 'created_desc',
				limit: CANDIDATES_PAGE_SIZE,
			},
			itemIndex,
			policy,
		},
		'recordings',
	);
	return page.items.filter(
		(listed) => !excluded.has(String(listed.id)) && isSameRecording(listed, body),
	);
}

/** The newest recording this body describes within the Look Back window. */
export async function findEarlierRecording(
	this: IExecuteFunctions,
	body: IDataObject,
	settings: ReuseSettings,
	itemIndex: number,
	policy: RequestPolicy,
	excluded: Set<string>,
): Promise<IDataObject | undefined> {
	const sinceMs = Date.now() - settings.lookBackHours * 3_600_000;
	const [newest] = await findRecordingsLike.call(this, body, sinceMs, itemIndex, policy, excluded);
	return newest;
}
