import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LOOK_BACK_HOURS, DEFAULT_REUSE_MODE } from '../helpers/earlierRecording';

/** The request options every operation offers, under its Options collection; their defaults are DEFAULT_POLICY's. */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 4,
		description:
			'How many times to retry a call Claap refused for its rate limit or could not answer. A create is retried only when Claap cannot have created anything.',
	},
	{
		displayName: 'Max Retry Time (Seconds)',
		name: 'maxRetryTimeSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 120,
		description: 'No retry starts after this long',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How long a call to Claap may stay silent before it is abandoned',
	},
	{
		displayName: 'Upload Timeout (Seconds)',
		name: 'uploadTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description:
			'How long an upload may go without sending or receiving anything before it is abandoned',
	},
];

/**
 * From version 1.2, the same four limits in one group, named so the time limits can be told apart:
 * a no-code user rarely needs them, and the defaults suit most workflows.
 */
export function retriesAndTimeoutsGroup({ uploads = false } = {}): INodeProperties {
	const [maxRetries, maxRetryTime, timeout, uploadTimeout] = requestOptionFields;
	const values: INodeProperties[] = [
		maxRetries,
		{
			...maxRetryTime,
			displayName: 'Stop Retrying After (Seconds)',
			description: 'No retry starts once this long has passed since the first attempt',
		},
		{
			...timeout,
			displayName: 'Answer Timeout (Seconds)',
			description: 'How long to wait for Claap to answer a call before giving up on it',
		},
	];
	if (uploads)
		values.push({
			...uploadTimeout,
			displayName: 'Upload Stall Timeout (Seconds)',
			description:
				'How long an upload may send nothing before it is abandoned; a slow upload that keeps moving never times out',
		});
	return {
		displayName: 'Retries and Timeouts',
		name: 'retriesAndTimeouts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: false },
		placeholder: 'Set Retries and Timeouts',
		// Opens with the four limits at their defaults: the group is added from Add Option already.
		default: { limits: {} },
		description:
			'How the node retries when Claap is busy or cannot answer, and how long it waits. A recording is never created twice by a retry.',
		options: [{ displayName: 'Limits', name: 'limits', values }],
	};
}

/** The options both Wait Until Ready and Create's "Wait Until Ready" show. */
export const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description:
			"How often to check whether the recording is ready. Unset, the node chooses from the recording's length and checks only a few times. Each check counts toward Claap's 3,000 API calls a day.",
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1800,
		description:
			'How long to wait in all before giving up. Long recordings can take as long as they last.',
	},
];

/** Create's options for finding the recording of an earlier run (helpers/earlierRecording.ts). */
export const reuseOptionFields: INodeProperties[] = [
	{
		displayName: 'Skip If Already Created',
		name: 'skipIfAlreadyCreated',
		type: 'options',
		default: DEFAULT_REUSE_MODE,
		options: [
			{
				name: 'On Retried Executions',
				value: 'retriedExecutions',
				description: 'Only when n8n retries a failed execution (Executions list → Retry)',
			},
			{
				name: 'Always',
				value: 'always',
				description:
					'Every run looks first, e.g. for queue mode, where a job can be run again by another worker',
			},
			{ name: 'Never', value: 'never', description: 'Always create a new recording' },
		],
		description:
			'When to look first for a recording with the same author and title (and folder and meeting start, when set) created within Look Back, and finish and output it instead of creating a duplicate. Needs a title; looking costs one API call per item.',
	},
	{
		displayName: 'Look Back (Hours)',
		name: 'lookBackHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_LOOK_BACK_HOURS,
		description: 'How far back Skip If Already Created looks for an earlier recording',
	},
];
