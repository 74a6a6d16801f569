import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What the Claap Trigger checks incoming events against. Claap signs nothing: it sends the
 * shared secret itself in `X-Claap-Webhook-Secret`, and the webhook's id in `X-Claap-Webhook-Id`.
 * There is no Claap API to test these against; the Claap Trigger node tests the credential
 * itself (its `testedBy`), checking only what can be checked locally.
 */
export class ClaapWebhookApi implements ICredentialType {
	name = 'claapWebhookApi';

	// The internal name is kept for saved workflows; the shown one says what it holds (n8n's
	// verification wants every credential's display name to end with "API").
	displayName = 'Claap Webhook Secret API';

	icon: Icon = { light: 'file:claap.svg', dark: 'file:claap.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-claap#user-content-claap-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				"Find the secret and ID in Claap's settings, where the webhook to n8n's Production URL is registered. Claap cannot be asked to confirm a secret, so the Test button checks only that these values are usable; send a test event from Claap to check that they match.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Webhook Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The secret of the webhook in Claap's settings. Claap sends it with every event; events without it are refused.",
		},
		{
			displayName: 'Webhook ID',
			name: 'webhookId',
			type: 'string',
			default: '',
			placeholder: 'e.g. whk_2f9c…',
			description:
				"Optional. When set, only events from this Claap webhook are accepted. Find it next to the secret in Claap's webhook settings.",
		},
	];
}
