import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { GUESSES } from '../helpers/apiContract';

/** Headers Claap sends with every webhook event. [doc] */
export const WEBHOOK_SECRET_HEADER = 'x-claap-webhook-secret';
export const WEBHOOK_ID_HEADER = 'x-claap-webhook-id';

/** Shorter secrets are flagged by the credential test; deliveries are still checked against any secret. */
export const RECOMMENDED_SECRET_LENGTH = GUESSES.recommendedWebhookSecretLength;

export interface WebhookCredential {
	secret: string;
	/** '' when any webhook of the workspace is accepted. */
	webhookId: string;
}

export function webhookCredentialOf(
	data: ICredentialDataDecryptedObject | undefined,
): WebhookCredential {
	return {
		secret: typeof data?.secret === 'string' ? data.secret : '',
		webhookId: typeof data?.webhookId === 'string' ? data.webhookId.trim() : '',
	};
}

/** Why events cannot be authenticated with this credential at all; undefined when they can. */
export function unusableCredentialReason(credential: WebhookCredential): string | undefined {
	if (credential.secret === '') return 'The Claap Webhook credential has no Webhook Secret';
	return undefined;
}

/**
 * Compares in constant time. Both sides are hashed first: the digests always have the same
 * length, so neither the secret's content nor its length shows in the timing.
 */
export function secretsMatch(received: string, expected: string): boolean {
	const receivedDigest = createHash('sha256').update(received, 'utf8').digest();
	const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(receivedDigest, expectedDigest);
}

/** A header as one string; a repeated header (an array) is not something Claap sends. */
function headerValue(value: string | string[] | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/**
 * Why a delivery must be refused (answered 401, no execution), or undefined when it carries
 * the credential's secret and, if the credential names one, its webhook ID.
 */
export function deliveryRefusal(
	headers: Record<string, string | string[] | undefined>,
	credential: WebhookCredential,
): string | undefined {
	const unusable = unusableCredentialReason(credential);
	if (unusable) return `${unusable}: no event can be accepted`;
	const secret = headerValue(headers[WEBHOOK_SECRET_HEADER]);
	if (secret === undefined) return 'Missing X-Claap-Webhook-Secret header';
	if (!secretsMatch(secret, credential.secret)) return 'Wrong X-Claap-Webhook-Secret';
	if (credential.webhookId !== '') {
		const webhookId = headerValue(headers[WEBHOOK_ID_HEADER]);
		if (webhookId === undefined || !secretsMatch(webhookId.trim(), credential.webhookId)) {
			return 'X-Claap-Webhook-Id does not match the webhook ID in the credential';
		}
	}
	return undefined;
}

/** What the credential test can find wrong without calling Claap. */
export function credentialTestProblem(credential: WebhookCredential): string | undefined {
	const unusable = unusableCredentialReason(credential);
	if (unusable) return `${unusable}. Copy it from the webhook in Claap's settings.`;
	if (credential.secret !== credential.secret.trim()) {
		return "The Webhook Secret starts or ends with spaces: Claap's would not. Paste it again without them.";
	}
	if (credential.secret.length < RECOMMENDED_SECRET_LENGTH) {
		return `The Webhook Secret is shorter than ${RECOMMENDED_SECRET_LENGTH} characters and easy to guess. Use a longer secret in Claap and here.`;
	}
	if (/\s/.test(credential.webhookId))
		return 'The Webhook ID contains spaces. Copy it again from Claap.';
	return undefined;
}

/**
 * The credential test the Claap Trigger names in `testedBy`. Claap has no API that could
 * confirm a webhook secret, so this checks only the values themselves, and says so.
 */
export async function claapWebhookCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = credentialTestProblem(webhookCredentialOf(credential.data));
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message:
			'The secret is usable. Claap cannot be asked to confirm it: send an event from Claap to check that it matches.',
	};
}
