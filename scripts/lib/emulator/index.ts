/**
 * A local Claap API: the REST endpoints under /v1 and the pre-signed upload URLs
 * (/storage/media/<token>, /storage/meta/<token>), behaving as Claap's documentation describes,
 * plus optional webhook deliveries to a local receiver, for tests and manual runs (`npm run emulator`).
 */
export { startEmulator } from './server';
export type {
	ClaapEmulator,
	EmulatedRecording,
	EmulatorOptions,
	Fault,
	RateLimitOptions,
	ReceivedRequest,
	RecordingChanges,
	RecordingState,
	StoredMedia,
	WebhookAttempt,
	WebhookDelivery,
	WebhookEventType,
	WebhookOptions,
	WebhookPayload,
} from './types';
