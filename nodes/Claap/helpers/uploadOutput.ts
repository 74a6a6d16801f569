import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** An output item carrying the input item's files on, when it has any. */
export function withItemBinary(item: INodeExecutionData, json: IDataObject): INodeExecutionData {
	return item.binary ? { json, binary: item.binary } : { json };
}

/**
 * The output of an upload step: the input item's data (usually the created recording), with the
 * spent upload URL dropped from `upload` and what arrived added to `uploaded`.
 */
export function withUpload(
	input: IDataObject,
	spentUrl: { field: 'url' | 'metaUrl'; value: string },
	arrived: { key: 'media' | 'transcript'; summary: IDataObject },
): IDataObject {
	const json: IDataObject = { ...input };
	// Resumed from a Continue On Fail error item: the error is over once the upload went through.
	if (
		typeof json.error === 'string' &&
		typeof json.recording === 'object' &&
		json.recording !== null
	) {
		delete json.error;
		delete json.description;
	}
	if (json.upload !== undefined) {
		const pending = { ...((json.upload as IDataObject | null) ?? {}) };
		if (pending[spentUrl.field] === spentUrl.value) delete pending[spentUrl.field];
		if (Object.keys(pending).length > 0) json.upload = pending;
		else delete json.upload;
	}
	json.uploaded = {
		...((json.uploaded as IDataObject | undefined) ?? {}),
		[arrived.key]: arrived.summary,
	};
	return json;
}
