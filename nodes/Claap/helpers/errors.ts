import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A parameter value the node refuses before sending anything. Pure code throws it without
 * knowing the node or the item; the router turns it into a NodeOperationError for that item.
 */
export class InvalidParameterError extends Error {
	constructor(
		/** The parameter's display name, as the user sees it. */
		readonly parameter: string,
		/** What is wrong with the value. */
		readonly problem: string,
		/** How to fix it. */
		readonly fix: string,
	) {
		super(`${parameter}: ${problem}`);
		this.name = 'InvalidParameterError';
	}
}

export function toNodeOperationError(
	node: INode,
	error: InvalidParameterError,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(node, `${error.parameter}: ${error.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: error.fix,
	});
}

/** What a user needs to finish a recording that was created but not fully uploaded. */
export interface RecordingToResume {
	/** Unknown when an upload step got only its URL. */
	id?: string;
	url?: string;
	state?: string;
	upload?: IDataObject;
}

const RESUME_KEY = 'claapRecording';

/**
 * Marks an error raised after the recording was created, so that neither the error nor a
 * Continue On Fail item loses the recording: creating it again would burn the author's quota.
 */
export function attachRecordingToResume<E extends Error & { description?: string | null }>(
	error: E,
	recording: RecordingToResume,
	resumeHint: string,
): E {
	const carrier = error as E & { context?: IDataObject };
	carrier.context = {
		...(carrier.context ?? {}),
		[RESUME_KEY]: recording as unknown as IDataObject,
	};
	const which = [recording.id && `ID ${recording.id}`, recording.url].filter(Boolean).join(', ');
	const created = `The recording was created${which ? ` (${which})` : ''}: do not create it again. ${resumeHint}`;
	error.description = error.description ? `${error.description} ${created}` : created;
	return error;
}

/** Marks any error raised after the recording was created, as an n8n error for the item. */
export function resumableError(
	node: INode,
	error: unknown,
	itemIndex: number,
	recording: RecordingToResume,
	resumeHint: string,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error, { itemIndex });
	return attachRecordingToResume(nodeError, recording, resumeHint);
}

/** The recording an upload step works on, as far as its input item tells. */
export function recordingOfItem(json: IDataObject, upload: IDataObject): RecordingToResume {
	const nested = (json.recording ?? {}) as IDataObject;
	const id =
		typeof json.id === 'string' ? json.id : typeof nested.id === 'string' ? nested.id : undefined;
	const url =
		typeof json.url === 'string'
			? json.url
			: typeof nested.url === 'string'
				? nested.url
				: undefined;
	return { ...(id ? { id } : {}), ...(url ? { url } : {}), upload };
}

export function recordingToResumeOf(error: unknown): RecordingToResume | undefined {
	const context = (error as { context?: IDataObject } | undefined)?.context;
	return context?.[RESUME_KEY] as RecordingToResume | undefined;
}
