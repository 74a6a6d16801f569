import type { INodeProperties } from 'n8n-workflow';

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
		description: 'How long an upload may go without sending or receiving anything before it is abandoned',
	},
];
