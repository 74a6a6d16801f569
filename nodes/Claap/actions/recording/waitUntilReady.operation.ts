import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getRecordingId } from '../../helpers/recordingId';
import { mediaHintsOfItem } from '../../helpers/waitSchedule';
import { requestPolicyOf } from '../../transport';
import { optionsCollection, recordingLocator } from '../common.descriptions';
import { waitOptionsFrom, waitUntilReady } from '../../helpers/waitForRecording';
import { waitOptionFields } from '../options.descriptions';

const properties: INodeProperties[] = [
	recordingLocator({
		default: { mode: 'id', value: '={{ $json.id }}' },
		description:
			'The recording to wait for. The default takes the ID from the input item, e.g. the output of Create.',
	}),
	...optionsCollection(waitOptionFields),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['waitUntilReady'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const recordingId = getRecordingId.call(this, itemIndex);
	const options = waitOptionsFrom(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	// The input (Create's output, a recording) tells how long the media is; it may be long Ready.
	const start = { hints: mediaHintsOfItem(this.getInputData()[itemIndex].json), checkAtOnce: true };
	const recording = await waitUntilReady.call(
		this,
		recordingId,
		options,
		itemIndex,
		requestPolicyOf.call(this, itemIndex),
		start,
	);
	return [{ json: recording }];
}
