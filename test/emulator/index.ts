/**
 * A local Claap API: the REST endpoints under /v1 and the pre-signed upload URLs
 * (/storage/media/<token>, /storage/meta/<token>), behaving as Claap's documentation describes,
 * for tests and manual runs (`npm run emulator`).
 */
export { startEmulator } from './server';
export type {
	ClaapEmulator,
	EmulatedRecording,
	EmulatorOptions,
	Fault,
	RateLimitOptions,
	ReceivedRequest,
	RecordingState,
	StoredMedia,
} from './types';
