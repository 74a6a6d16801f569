import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	InvalidParameterError,
	recordingToResumeOf,
	toNodeOperationError,
} from '../helpers/errors';
import * as recording from './recording/Recording.resource';
import * as transcript from './transcript/Transcript.resource';
import * as workspace from './workspace/Workspace.resource';
import type { ClaapNodeMap, ClaapType } from './node.type';

type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** The resource modules as the router dispatches through them, checked against the node map. */
const resources: {
	[R in keyof ClaapNodeMap]: Record<ClaapNodeMap[R], { execute: OperationExecute }>;
} = {
	recording,
	transcript,
	workspace,
};

function operationOf(this: IExecuteFunctions): { execute: OperationExecute } {
	const claap = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as ClaapType;
	const operations = Object.prototype.hasOwnProperty.call(resources, claap.resource)
		? (resources[claap.resource] as Record<
				string,
				Partial<{ execute: OperationExecute }> | undefined
			>)
		: undefined;
	// A module also exports its description: only an export with an execute is an operation.
	const handler =
		operations && Object.prototype.hasOwnProperty.call(operations, claap.operation)
			? operations[claap.operation]
			: undefined;
	if (typeof handler?.execute !== 'function') {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${claap.operation}" of "${claap.resource}" is not supported`,
		);
	}
	return handler as { execute: OperationExecute };
}

/** Turns anything an operation throws into an n8n error tied to the item. */
function asNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof InvalidParameterError)
		return toNodeOperationError(this.getNode(), error, itemIndex);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * An AI agent receives only an error's message (n8n passes `{ error: message }` to the model), so
 * when the node runs as a tool, the fix (the description's first sentence) joins the message.
 */
function forAgent(
	this: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
): NodeApiError | NodeOperationError {
	if (!this.getNode().type.endsWith('Tool') || !error.description) return error;
	// A sentence ends before a capital letter or at the end: "e.g. one" does not end it.
	const fix =
		/^[\s\S]*?[.!?](?=\s+[A-Z]|$)/.exec(error.description.trim())?.[0] ?? error.description.trim();
	if (!error.message.includes(fix))
		error.message = `${error.message.replace(/[.\s]+$/, '')}. ${fix}`;
	return error;
}

/** Runs the chosen operation for every item: one output item (or error item) per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const handler = operationOf.call(this);

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await handler.execute.call(this, itemIndex);
			for (const result of results) returnData.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = forAgent.call(this, asNodeError.call(this, caught, itemIndex));
			// A cancelled execution stops: Continue On Fail is for items, not for the user's Stop.
			if (!this.continueOnFail() || this.getExecutionCancelSignal()?.aborted) throw error;
			const json: IDataObject = { error: error.message };
			if (error.description) json.description = error.description;
			const toResume = recordingToResumeOf(error);
			if (toResume) json.recording = toResume as unknown as IDataObject;
			// The input's files stay on the error item, so a failed upload can be resumed from it.
			const { binary } = items[itemIndex];
			returnData.push(
				binary
					? { json, binary, pairedItem: { item: itemIndex } }
					: { json, pairedItem: { item: itemIndex } },
			);
		}
	}
	return [returnData];
}
