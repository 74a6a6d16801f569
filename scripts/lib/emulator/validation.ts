import { DEAL_CRM_TYPES, RECORDING_SOURCES } from '../../../nodes/Claap/helpers/apiContract';
import { isEmail } from '../../../nodes/Claap/helpers/validation';
import { validationError } from './http';

type DealCrmType = (typeof DEAL_CRM_TYPES)[number];
type RecordingSource = (typeof RECORDING_SOURCES)[number];
type JsonObject = Record<string, unknown>;

export interface MeetingInput {
	startedAt?: Date;
	endedAt?: Date;
	participants: Array<{ name: string; email?: string; isOrganizer?: boolean }>;
}

/** A create body that passed validation. */
export interface CreateRecordingInput {
	authorEmail: string;
	channelId?: string;
	title?: string;
	downloadUrl?: string;
	meeting?: MeetingInput;
	deal?: { id: string; type: DealCrmType };
	transcriptAnnounced: boolean;
	source: RecordingSource;
}

export interface TranscriptUpload {
	langIso2?: string;
	segments: Array<{ start: number; end: number; speakerId: string; text: string }>;
	speakers?: Array<{ speakerId: string; name: string; email?: string; isRecorder?: boolean }>;
}

/** ISO-8601 from a bare date down to fractional seconds, with an optional zone. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Claap's email rule is not documented: one reading of it, shared with the node (GUESSES.emailRule). */
export { isEmail };

/** Parses an ISO-8601 date as the API accepts it; a date or time without zone is read as UTC. */
export function parseIsoDate(value: string): Date | undefined {
	const match = ISO_DATE.exec(value);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match
		.slice(1, 7)
		.map((part) => Number(part ?? 0));
	const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > daysInMonth ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		return undefined;
	}
	const zone = match[8];
	let offsetMinutes = 0;
	if (zone && zone !== 'Z') {
		const digits = zone.replace(':', '');
		offsetMinutes =
			(digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
	}
	return new Date(
		Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000,
	);
}

function join(prefix: string, key: string | number): string {
	return prefix ? `${prefix}.${key}` : String(key);
}

function expectObject(value: unknown, path: string): JsonObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw validationError(path, `${path || 'The body'} must be an object`);
	}
	return value as JsonObject;
}

function rejectUnknownKeys(object: JsonObject, allowed: readonly string[], prefix: string): void {
	const unknown = Object.keys(object).find((key) => !allowed.includes(key));
	if (unknown !== undefined)
		throw validationError(join(prefix, unknown), `Unknown field "${unknown}"`);
}

function optionalString(object: JsonObject, key: string, prefix: string): string | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string')
		throw validationError(join(prefix, key), `${key} must be a string`);
	return value;
}

function requiredString(object: JsonObject, key: string, prefix: string): string {
	const value = optionalString(object, key, prefix);
	if (value === undefined || value.trim() === '') {
		throw validationError(join(prefix, key), `${key} is required`);
	}
	return value;
}

function optionalEmail(object: JsonObject, key: string, prefix: string): string | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (!isEmail(value)) throw validationError(join(prefix, key), `${key} must be an email address`);
	return value;
}

function optionalBoolean(object: JsonObject, key: string, prefix: string): boolean | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean')
		throw validationError(join(prefix, key), `${key} must be a boolean`);
	return value;
}

function optionalDate(object: JsonObject, key: string, prefix: string): Date | undefined {
	const value = optionalString(object, key, prefix);
	if (value === undefined) return undefined;
	const date = parseIsoDate(value);
	if (!date) throw validationError(join(prefix, key), `${key} must be an ISO-8601 date`);
	return date;
}

function expectArray(value: unknown, path: string): unknown[] {
	if (!Array.isArray(value)) throw validationError(path, `${path} must be an array`);
	return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw validationError(path, `${path} must be one of: ${allowed.join(', ')}`);
	}
	return value as T;
}

const CREATE_FIELDS = [
	'authorEmail',
	'channelId',
	'title',
	'downloadUrl',
	'meeting',
	'deal',
	'transcript',
	'source',
] as const;

export function validateCreateBody(body: unknown): CreateRecordingInput {
	const object = expectObject(body, '');
	rejectUnknownKeys(object, CREATE_FIELDS, '');
	if (object.authorEmail === undefined)
		throw validationError('authorEmail', 'authorEmail is required');
	if (!isEmail(object.authorEmail))
		throw validationError('authorEmail', 'authorEmail must be an email address');

	const channelId = optionalString(object, 'channelId', '');
	if (channelId !== undefined && channelId.trim() === '') {
		throw validationError('channelId', 'channelId must not be empty');
	}
	const downloadUrl = optionalString(object, 'downloadUrl', '');
	if (downloadUrl !== undefined && !isHttpUrl(downloadUrl)) {
		throw validationError('downloadUrl', 'downloadUrl must be an http(s) URL');
	}
	const meeting = object.meeting === undefined ? undefined : validateMeeting(object.meeting);
	let deal: CreateRecordingInput['deal'];
	if (object.deal !== undefined) {
		const dealObject = expectObject(object.deal, 'deal');
		rejectUnknownKeys(dealObject, ['id', 'type'], 'deal');
		deal = {
			id: requiredString(dealObject, 'id', 'deal'),
			type: oneOf(dealObject.type, DEAL_CRM_TYPES, 'deal.type'),
		};
		if (!meeting) throw validationError('meeting', 'meeting is required when deal is given');
	}
	if (object.transcript !== undefined) {
		const transcript = expectObject(object.transcript, 'transcript');
		rejectUnknownKeys(transcript, ['type'], 'transcript');
		oneOf(transcript.type, ['upload'], 'transcript.type');
	}
	return {
		authorEmail: object.authorEmail,
		channelId,
		title: optionalString(object, 'title', ''),
		downloadUrl,
		meeting,
		deal,
		transcriptAnnounced: object.transcript !== undefined,
		source: object.source === undefined ? 'Api' : oneOf(object.source, RECORDING_SOURCES, 'source'),
	};
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function validateMeeting(value: unknown): MeetingInput {
	const meeting = expectObject(value, 'meeting');
	rejectUnknownKeys(meeting, ['startedAt', 'endedAt', 'participants'], 'meeting');
	const startedAt = optionalDate(meeting, 'startedAt', 'meeting');
	const endedAt = optionalDate(meeting, 'endedAt', 'meeting');
	if (startedAt && endedAt && endedAt < startedAt) {
		throw validationError('meeting.endedAt', 'endedAt must not be before startedAt');
	}
	const participants = (
		meeting.participants === undefined
			? []
			: expectArray(meeting.participants, 'meeting.participants')
	).map((item, index) => {
		const path = `meeting.participants.${index}`;
		const participant = expectObject(item, path);
		rejectUnknownKeys(participant, ['name', 'email', 'isOrganizer'], path);
		return {
			name: requiredString(participant, 'name', path),
			email: optionalEmail(participant, 'email', path),
			isOrganizer: optionalBoolean(participant, 'isOrganizer', path),
		};
	});
	return { startedAt, endedAt, participants };
}

/** Checks a transcript PUT body against the write schema. */
export function validateTranscriptUpload(body: unknown): TranscriptUpload {
	const root = expectObject(body, '');
	rejectUnknownKeys(root, ['transcript'], '');
	const transcript = expectObject(root.transcript, 'transcript');
	rejectUnknownKeys(transcript, ['langIso2', 'segments', 'speakers'], 'transcript');

	const langIso2 = optionalString(transcript, 'langIso2', 'transcript');
	if (langIso2 !== undefined && !/^[a-z]{2}$/.test(langIso2)) {
		throw validationError('transcript.langIso2', 'langIso2 must be two lowercase letters');
	}

	let speakers: TranscriptUpload['speakers'];
	if (transcript.speakers !== undefined) {
		const seen = new Set<string>();
		speakers = expectArray(transcript.speakers, 'transcript.speakers').map((item, index) => {
			const path = `transcript.speakers.${index}`;
			const speaker = expectObject(item, path);
			rejectUnknownKeys(speaker, ['speakerId', 'name', 'email', 'isRecorder'], path);
			const speakerId = requiredString(speaker, 'speakerId', path);
			if (seen.has(speakerId))
				throw validationError(`${path}.speakerId`, `Duplicate speakerId "${speakerId}"`);
			seen.add(speakerId);
			return {
				speakerId,
				// Required by the documented schema: `name: string` on every speaker.
				name: requiredString(speaker, 'name', path),
				email: optionalEmail(speaker, 'email', path),
				isRecorder: optionalBoolean(speaker, 'isRecorder', path),
			};
		});
	}

	const segmentItems = expectArray(transcript.segments, 'transcript.segments');
	if (segmentItems.length === 0)
		throw validationError('transcript.segments', 'segments must not be empty');
	const segments = segmentItems.map((item, index) => {
		const path = `transcript.segments.${index}`;
		const segment = expectObject(item, path);
		rejectUnknownKeys(segment, ['start', 'end', 'speakerId', 'text'], path);
		const { start, end } = segment;
		if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) {
			throw validationError(`${path}.start`, 'start must be a number of seconds ≥ 0');
		}
		if (typeof end !== 'number' || !Number.isFinite(end) || end <= start) {
			throw validationError(`${path}.end`, 'end must be a number of seconds after start');
		}
		const speakerId = requiredString(segment, 'speakerId', path);
		if (speakers && !speakers.some((speaker) => speaker.speakerId === speakerId)) {
			throw validationError(
				`${path}.speakerId`,
				`speakerId "${speakerId}" is not listed in speakers`,
			);
		}
		return { start, end, speakerId, text: requiredString(segment, 'text', path) };
	});
	return { langIso2, segments, speakers };
}
