import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { simplifyRecording } from './helpers/simplify';
import {
	claapWebhookCredentialTest,
	deliveryRefusal,
	unusableCredentialReason,
	webhookCredentialOf,
} from './triggers/webhookAuth';
import { claimEvent, parseWebhookEvent, rememberEvent } from './triggers/webhookEvent';

const CREDENTIAL_TYPE = 'claapWebhookApi';

/** Answers the request itself and starts no execution. */
function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify({ message }));
	return { noWebhookResponse: true };
}

export class ClaapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap Trigger',
		name: 'claapTrigger',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['trigger'],
		version: 1,
		// People read "Recording added or updated", not Claap's event values; short enough not to be cut.
		subtitle:
			'={{ { "recording_added": "Recording added", "recording_updated": "Recording updated", "recording_added,recording_updated": "Recording added or updated" }[($parameter["events"] || []).slice().sort().join(",")] || "" }}',
		// n8n also shows this as the Claap app's blurb in the nodes panel: it reads right in both places.
		description:
			'Claap records meetings and sales calls. Starts the workflow when a recording is added or updated in Claap. Without a webhook in Claap, use Claap Polling Trigger.',
		defaults: { name: 'Claap Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'claapWebhookApi', required: true, testedBy: 'claapWebhookCredentialTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Claap wants a 200 within 5 seconds, whatever the workflow then does.
				responseMode: 'onReceived',
				// Empty, so that n8n answers with the webhookResponse below; its default would send the
				// literal text "firstEntryJson".
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Claap has no API to register webhooks, so this node cannot do it for you. Copy the Production URL from "Webhook URLs" above, add it as a webhook in Claap\'s settings (or ask Claap support to), and put the webhook\'s secret in the credential. Claap sends every event of the workspace to that URL; Events below picks the ones that start the workflow.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'Cannot add a webhook in Claap? Use the Claap Polling Trigger node instead: it checks Claap for new recordings at set times.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Recording Added',
						value: 'recording_added',
						description:
							'A recording became available in Claap: transcoded, transcribed and analysed',
					},
					{
						name: 'Recording Updated',
						value: 'recording_updated',
						description: "A recording's folder, labels, deal or company changed",
					},
				],
				default: ['recording_added', 'recording_updated'],
				description:
					'The events that start the workflow. Other events are acknowledged to Claap and ignored.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: false,
						description:
							'Whether to output a simplified recording (ID, title, state, dates, link, folder, recorder, meeting, labels) instead of everything Claap sends',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { claapWebhookCredentialTest },
	};

	/**
	 * Claap has no API for webhooks: the user adds this node's URL in Claap's settings by hand.
	 * These methods therefore register nothing at Claap; n8n only needs them to activate and
	 * deactivate the trigger.
	 */
	webhookMethods = {
		default: {
			// n8n cannot see Claap's webhook settings, so it never finds a registration of its own;
			// answering false makes n8n call create(), which checks the credential.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			// Nothing to register at Claap. Activation still fails when no event could be
			// authenticated, rather than the trigger refusing every event later without a word.
			async create(this: IHookFunctions): Promise<boolean> {
				const credential = webhookCredentialOf(
					await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
				);
				const reason = unusableCredentialReason(credential);
				if (reason) {
					throw new NodeOperationError(this.getNode(), reason, {
						description:
							"Copy the secret of the webhook from Claap's settings into the credential.",
					});
				}
				return true;
			},
			// Nothing to remove at Claap. To stop deliveries, remove the URL in Claap's settings;
			// until then n8n answers them 404 and Claap gives up after its redeliveries.
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credential = webhookCredentialOf(
			await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
		);
		const refusal = deliveryRefusal(this.getHeaderData(), credential);
		if (refusal) return refuse(this, 401, refusal);

		const event = parseWebhookEvent(this.getBodyData());
		if (!event)
			return refuse(
				this,
				400,
				'The body is not a Claap webhook event ({"eventId", "event": {"type", "recording"}})',
			);

		// Events not picked, and redeliveries of events already handled, are answered 200 so that
		// Claap does not send them again, but they start nothing.
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(event.type))
			return { webhookResponse: { received: true, started: false } };
		const triggerKey = `${this.getWorkflow().id ?? ''}/${this.getNode().id}/${this.getMode()}`;
		if (
			!claimEvent(triggerKey, event.eventId) ||
			!rememberEvent(this.getWorkflowStaticData('node'), event.eventId)
		) {
			return { webhookResponse: { received: true, started: false, duplicate: true } };
		}

		const options = this.getNodeParameter('options', {}) as { simplify?: boolean };
		const output: IDataObject = {
			eventId: event.eventId,
			type: event.type,
			recording: options.simplify ? simplifyRecording(event.recording) : event.recording,
		};
		return {
			webhookResponse: { received: true, started: true },
			workflowData: [this.helpers.returnJsonArray([output])],
		};
	}
}
