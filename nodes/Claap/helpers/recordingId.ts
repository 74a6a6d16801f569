import type { IExecuteFunctions } from 'n8n-workflow';

import { RECORDING_ID_PATTERN } from './apiContract';
import { InvalidParameterError } from './errors';

/** The recording ID from the Recording locator, whatever mode it is in. */
export function getRecordingId(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName = 'recordingId',
): string {
	const value = this.getNodeParameter(parameterName, itemIndex, '', {
		extractValue: true,
	}) as unknown;
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!new RegExp(RECORDING_ID_PATTERN).test(id)) {
		throw new InvalidParameterError(
			'Recording',
			id ? `"${id}" is not a Claap recording ID` : 'names no recording (empty)',
			id
				? 'Pick a recording from the list, paste its ID, or paste its Claap link.'
				: 'Pick a recording from the list, paste its ID or its Claap link, or map one from the input, e.g. {{ $json.id }} after Recording → Create (the input item here has none).',
		);
	}
	return id;
}
