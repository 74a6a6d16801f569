import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What the Claap Trigger checks incoming events against. Claap signs nothing: it sends the
 * shared secret itself in `X-Claap-Webhook-Secret`, and the webhook's id in `X-Claap-Webhook-Id`.
 * There is no Claap API to test these against; the Claap Trigger node tests the credential
 * itself (its `testedBy`), checking only what can be checked locally.
 */
export class ClaapWebhookApi implements ICredentialType {
	name = 'claapWebhookApi';

	displayName = 'Claap Webhook API';

	icon: Icon = { light: 'file:claap.svg', dark: 'file:claap.dark.svg' };

	documentationUrl = 'https://github.com/claap-community/n8n-nodes-claap#claap-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret of the webhook in Claap\'s settings. Claap sends it with every event; events without it are refused.',
		},
		{
			displayName: 'Webhook ID',
			name: 'webhookId',
			type: 'string',
			default: '',
			placeholder: 'e.g. whk_2f9c…',
			description:
				'Optional. When set, only events carrying this webhook ID (header X-Claap-Webhook-Id) are accepted.',
		},
	];
}
