import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * What Recording → Create has done for an item in the current execution. n8n's Retry On Fail runs
 * the node again, for every item, in the same process and the same execution: with this, each item
 * continues where the failed attempt left it (same recording, only the uploads still missing)
 * instead of creating a second recording, and an item that was complete is output again as it was.
 */
export interface CreateProgress {
	/** The recording, as Claap returned it at creation (or as found, for an earlier one). */
	recording: IDataObject;
	/** What arrived so far: `media`, `transcript`, `downloadUrl`. */
	uploaded: IDataObject;
	/** Found, not created: an earlier execution created it (Skip If Already Created). */
	alreadyCreated?: boolean;
	/** The recording needs no upload from this item (an earlier one already received its files). */
	uploadsDone?: boolean;
	/** Set once the item is complete: a re-run outputs this again. */
	output?: INodeExecutionData[];
}

/** What an earlier attempt of the item left: its progress, or a create whose outcome is unknown. */
export interface CreateAttempt {
	progress?: CreateProgress;
	/** When a create was sent and no recording came back from it (yet): it may exist. */
	createUnknownSinceMs?: number;
}

interface Entry extends CreateAttempt {
	atMs: number;
}

/** Long enough for any execution's retries, bounded so a long-running n8n does not grow. */
const LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, Entry>();

/**
 * The item's place: workflow, execution, node, the node's run in the execution, and item index.
 * Retry On Fail runs the node again in the same run; a loop runs it in a new run (another item).
 */
export function createProgressKey(context: IExecuteFunctions, itemIndex: number): string {
	const node = context.getNode();
	const runIndex = context.getWorkflowDataProxy(itemIndex).$runIndex as number;
	return [executionPrefix(context), node.id ?? node.name, runIndex, itemIndex].join('|');
}

/** The part of the key naming the execution (execution IDs are unique per n8n instance). */
function executionPrefix(context: IExecuteFunctions): string {
	return `${context.getWorkflow().id ?? ''}|${context.getExecutionId()}|`;
}

/**
 * The recordings other items of this execution hold: a look-up for one item must not take
 * another's (same author and title in one batch).
 */
export function recordingsHeldInExecution(
	context: IExecuteFunctions,
	exceptKey: string,
): Set<string> {
	const prefix = executionPrefix(context);
	const held = new Set<string>();
	for (const [key, entry] of entries) {
		const id = entry.progress?.recording.id;
		if (key !== exceptKey && key.startsWith(prefix) && typeof id === 'string') held.add(id);
	}
	return held;
}

function forgetExpired(nowMs: number): void {
	// Oldest first, as a Map keeps insertion order.
	for (const [key, entry] of entries) {
		if (entries.size <= MAX_ENTRIES && nowMs - entry.atMs < LIFETIME_MS) break;
		entries.delete(key);
	}
}

/**
 * What an earlier attempt of this run did for the item. Its parameters may differ (an expression
 * such as {{ $now }} gives another title each time): it is the same item, so the same recording.
 */
export function recallCreateAttempt(key: string): CreateAttempt | undefined {
	return entries.get(key);
}

function remember(key: string, attempt: CreateAttempt): void {
	const nowMs = Date.now();
	entries.delete(key);
	entries.set(key, { ...attempt, atMs: nowMs });
	forgetExpired(nowMs);
}

/** Remembers the item's progress; the caller keeps updating the same object as uploads arrive. */
export function rememberCreateProgress(key: string, progress: CreateProgress): void {
	remember(key, { progress });
}

/** Remembers that the item's create is under way: a re-run before its answer looks before creating. */
export function rememberUnknownCreate(key: string, sinceMs: number): void {
	remember(key, { createUnknownSinceMs: sinceMs });
}
