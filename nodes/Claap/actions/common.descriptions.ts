import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { GUESSES, RECORDING_ID_PATTERN } from '../helpers/apiContract';
import { ACCEPTED_MEDIA_FORMATS } from '../helpers/validation';
import { requestOptionFields, retriesAndTimeoutsGroup } from './options.descriptions';
import { before, since } from './versions';

/** Picks one recording: from a searchable list, by ID, or from its Claap link. */
export function recordingLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Recording',
		name: 'recordingId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The recording to use',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a recording...',
				typeOptions: { searchListMethod: 'searchRecordings', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. rec_8Zt3kQ',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: RECORDING_ID_PATTERN,
							errorMessage: 'Not a valid Claap recording ID',
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.claap.io/acme/weekly-sync-c-rec_8Zt3kQ',
				extractValue: { type: 'regex', regex: GUESSES.recordingUrlPattern },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: GUESSES.recordingUrlPattern,
							errorMessage: 'Not a Claap recording link',
						},
					},
				],
			},
		],
		...overrides,
	};
}

/**
 * An operation's Options collection: its own options plus retries and timeouts (the upload
 * timeout only where something is uploaded), sorted by name. Before version 1.2 the four limits
 * are options of their own; from 1.2 they are one group, and `latestOptions` may differ from the
 * operation's earlier options.
 */
export function optionsCollection(
	operationOptions: INodeProperties[] = [],
	{ uploads = false, latestOptions = operationOptions } = {},
): INodeProperties[] {
	const collection = (options: INodeProperties[], show: IDisplayOptions['show']) => ({
		displayName: 'Options',
		name: 'options',
		type: 'collection' as const,
		placeholder: 'Add Option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		displayOptions: { show },
	});
	const requestOptions = requestOptionFields.filter(
		(field) => uploads || field.name !== 'uploadTimeoutSeconds',
	);
	return [
		collection([...operationOptions, ...requestOptions], before(1.2)),
		collection([...latestOptions, retriesAndTimeoutsGroup({ uploads })], since(1.2)),
	];
}

/** The binary field holding the video or audio to upload. */
export function mediaBinaryField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the media file',
		description: `Name of the binary field (see the Binary tab of the input) that holds the video or audio. Claap accepts ${ACCEPTED_MEDIA_FORMATS}.`,
		...overrides,
	};
}
