/**
 * Facts about Claap's REST API that the node relies on, in one place.
 * The emulator under test/ reads the same constants, so both stay in step.
 *
 * Everything in GUESSES is inferred, not documented by Claap: change it here only.
 */

export const CLAAP_DEFAULT_BASE_URL = 'https://api.claap.io';

/** Media formats Claap accepts, with the MIME types and extensions that identify each. [doc] */
export const MEDIA_FORMATS: Record<string, { mimeTypes: string[]; extensions: string[] }> = {
	aac: { mimeTypes: ['audio/aac', 'audio/x-aac', 'audio/aacp'], extensions: ['aac'] },
	avi: { mimeTypes: ['video/x-msvideo', 'video/avi', 'video/msvideo'], extensions: ['avi'] },
	mp3: {
		mimeTypes: ['audio/mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3'],
		extensions: ['mp3'],
	},
	mp4: {
		mimeTypes: ['video/mp4', 'audio/mp4', 'application/mp4'],
		extensions: ['mp4', 'm4a', 'm4v'],
	},
	wav: {
		mimeTypes: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
		extensions: ['wav'],
	},
	webm: { mimeTypes: ['video/webm', 'audio/webm'], extensions: ['webm'] },
	wmv: { mimeTypes: ['video/x-ms-wmv', 'video/x-ms-asf'], extensions: ['wmv'] },
};

/** Largest media Claap accepts, by URL or upload. [doc] */
export const MAX_MEDIA_BYTES = 2 * 1024 * 1024 * 1024;

/** Recordings one author may create in a rolling 30 days. [doc] */
export const RECORDINGS_PER_AUTHOR_PER_30_DAYS = 50;

/** Rate limits per workspace. [doc] */
export const RATE_LIMITS = { callsPerSecondPerEndpoint: 3, callsPerDay: 3000 };

export const RECORDING_SOURCES = [
	'Aircall',
	'Allo',
	'Api',
	'Call',
	'GoogleMeet',
	'LemlistVoip',
	'Loom',
	'MsTeams',
	'Ringover',
	'Zoom',
] as const;

/** How each source is named to people; Claap's API takes the values above. */
export const RECORDING_SOURCE_NAMES: Record<(typeof RECORDING_SOURCES)[number], string> = {
	Aircall: 'Aircall',
	Allo: 'Allo',
	Api: 'API',
	Call: 'Call',
	GoogleMeet: 'Google Meet',
	LemlistVoip: 'lemlist VoIP',
	Loom: 'Loom',
	MsTeams: 'Microsoft Teams',
	Ringover: 'Ringover',
	Zoom: 'Zoom',
};

export const DEAL_CRM_TYPES = ['attio', 'hubspot', 'pipedrive', 'salesforce'] as const;

export const RECORDING_STATES = ['Empty', 'Uploaded', 'Ready', 'Failed'] as const;

/** The characters of a recording ID, as Claap's IDs and links spell them. */
export const RECORDING_ID_CHARACTERS = '[A-Za-z0-9_-]';
/** A whole recording ID, as a regular expression's source. */
export const RECORDING_ID_PATTERN = `^${RECORDING_ID_CHARACTERS}+$`;

/**
 * [guess] items from the contract: inferences that may prove wrong against the real Claap.
 */
export const GUESSES = {
	/** upload.url and upload.metaUrl are pre-signed storage URLs: the API key is not sent there. */
	uploadUrlsArePreSigned: true,
	/** Pre-signed PUTs refuse chunked bodies: every upload carries an explicit Content-Length. */
	uploadRequiresContentLength: true,
	/** The media PUT carries the file's own MIME type as Content-Type. */
	mediaContentTypeIsFileMimeType: true,
	/** The transcript PUT to upload.metaUrl is JSON. */
	transcriptContentType: 'application/json',
	/** The storage side answers an expired or tampered upload URL with 403. */
	expiredUploadUrlStatus: 403,
	/**
	 * A recording's app link ends its last path segment with `c-<id>`, e.g.
	 * https://app.claap.io/acme/weekly-sync-c-rec_abc123 (optionally followed by ? or #).
	 */
	recordingUrlPattern: `https?://[^/]*claap\\.io/.*c-(${RECORDING_ID_CHARACTERS}+)`,
	/**
	 * How precisely `createdAfter` compares is not documented: the polling trigger re-reads this
	 * much before its position and skips what it already handled.
	 */
	createdAfterOverlapMs: 1000,
	/**
	 * Transcript rules beyond the documented upload schema (which makes `segments[].start, end,
	 * speakerId, text` and `speakers[].name, speakerId` required). The node checks these before
	 * sending, and the emulator refuses them, as a strict server would.
	 */
	transcriptRulesBeyondSchema: [
		'a segment text that is empty or blank',
		'a segment end that is not after its start, or a negative start',
		'a segment speakerId that is not among the listed speakers, when speakers are listed',
		'a speakerId listed twice',
		'a speaker email that is not an email address',
		'a langIso2 that is not two lowercase letters',
		'a field the schema does not name (the emulator refuses unknown fields; the node sends none)',
	],
	/**
	 * Which emails Claap accepts is not documented; it refuses at least doubled dots
	 * (`a..b@x.io`). The node and the emulator apply helpers/validation.ts's isEmail: dot-separated
	 * local part, hostname labels, a top-level domain of two letters or more.
	 */
	emailRule: 'helpers/validation.ts isEmail',
	/**
	 * How long Claap takes to process a recording is not documented. Waiting plans its first check
	 * from this model: a fixed part plus a share of the media's duration (transcription and AI
	 * analysis run faster than real time). Being wrong costs calls, never correctness.
	 */
	processingTime: { fixedSeconds: 30, secondsPerMediaSecond: 0.25 },
	/** Bytes per second of media, to estimate a duration from a file's size: 128 kbit/s audio, 1 Mbit/s video. */
	mediaBytesPerSecond: { audio: 16_000, video: 125_000 },
	/** Claap does not say how long webhook secrets are; shorter than this is easy to guess. */
	recommendedWebhookSecretLength: 16,
} as const;
