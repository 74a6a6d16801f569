import type { IDataObject } from 'n8n-workflow';

import { DEAL_CRM_TYPES, RECORDING_SOURCES } from './apiContract';
import { InvalidParameterError } from './errors';
import { claapDate } from './dates';
import { isEmail, isHttpUrl } from './validation';

export interface ParticipantRow {
	name?: unknown;
	email?: unknown;
	isOrganizer?: unknown;
}

/**
 * A text parameter, trimmed. Expressions can hand over anything: numbers pass as text, while
 * objects and lists are refused rather than sent as "[object Object]".
 */
function text(parameter: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidParameterError(
		parameter,
		`expects text but got ${Array.isArray(value) ? 'a list' : 'an object'}`,
		'Check the expression: it should produce text, e.g. {{ $json.title }} rather than {{ $json }}.',
	);
}

/** The Create operation's parameters, as the user filled them in. */
export interface CreateRecordingFields {
	authorEmail: unknown;
	title?: unknown;
	folderId?: unknown;
	source?: unknown;
	meetingStartedAt?: unknown;
	meetingEndedAt?: unknown;
	participants?: ParticipantRow[];
	dealId?: unknown;
	dealCrmType?: unknown;
	/** Set when Claap is to download the media itself. */
	downloadUrl?: unknown;
	/** Whether a transcript will be PUT to `upload.metaUrl`. */
	announceTranscript: boolean;
	/** The workflow's time zone, for dates given without an offset (IANA name, e.g. America/New_York). */
	timeZone: string;
}

function meetingOf(fields: CreateRecordingFields): IDataObject | undefined {
	const start = claapDate('Meeting Start', fields.meetingStartedAt, fields.timeZone);
	const end = claapDate('Meeting End', fields.meetingEndedAt, fields.timeZone);
	const participants = Array.isArray(fields.participants) ? fields.participants : [];
	if (!start && !end && participants.length === 0) return undefined;

	if (!start || !end) {
		throw new InvalidParameterError(
			start ? 'Meeting End' : 'Meeting Start',
			'is missing: a meeting needs both a start and an end',
			'Set both Meeting Start and Meeting End, or remove the meeting fields.',
		);
	}
	if (end.ms <= start.ms) {
		throw new InvalidParameterError(
			'Meeting End',
			`${end.given} is not after Meeting Start (${start.given})`,
			'The meeting must end after it starts.',
		);
	}

	const meeting: IDataObject = { startedAt: start.iso, endedAt: end.iso };
	if (participants.length > 0) {
		meeting.participants = participants.map((row, index) => {
			const name = text('Participants', row.name);
			if (!name) {
				throw new InvalidParameterError(
					'Participants',
					`participant ${index + 1} has no name`,
					'Every participant needs a name; the email is optional.',
				);
			}
			const participant: IDataObject = { name };
			const email = text('Participants', row.email);
			if (email) {
				if (!isEmail(email)) {
					throw new InvalidParameterError(
						'Participants',
						`participant ${index + 1} (${name}) has an invalid email "${email}"`,
						'Fix the email address or leave it empty.',
					);
				}
				participant.email = email;
			}
			if (row.isOrganizer === true) participant.isOrganizer = true;
			return participant;
		});
	}
	return meeting;
}

/** The deal to link, checked: both an ID and a CRM Claap supports, on a meeting. */
function dealOf(
	fields: CreateRecordingFields,
	meeting: IDataObject | undefined,
): IDataObject | undefined {
	const dealId = text('Deal ID', fields.dealId);
	const dealCrmType = text('Deal CRM', fields.dealCrmType);
	if (!dealId && !dealCrmType) return undefined;
	if (!dealId || !dealCrmType) {
		throw new InvalidParameterError(
			dealId ? 'Deal CRM' : 'Deal ID',
			'is missing: a deal needs both an ID and a CRM',
			'Set both Deal ID and Deal CRM, or neither.',
		);
	}
	if (!(DEAL_CRM_TYPES as readonly string[]).includes(dealCrmType)) {
		throw new InvalidParameterError(
			'Deal CRM',
			`"${dealCrmType}" is not supported`,
			`Use one of: ${DEAL_CRM_TYPES.join(', ')}.`,
		);
	}
	if (!meeting) {
		throw new InvalidParameterError(
			'Deal ID',
			'a deal can only be linked to a meeting',
			'Set Meeting Start and Meeting End as well, or remove the deal.',
		);
	}
	return { id: dealId, type: dealCrmType };
}

/** The Media URL, checked: an http(s) link Claap can download from. */
function downloadUrlOf(value: unknown): string {
	const downloadUrl = text('Media URL', value);
	if (!isHttpUrl(downloadUrl)) {
		throw new InvalidParameterError(
			'Media URL',
			downloadUrl ? `"${downloadUrl}" is not an http(s) URL` : 'is empty',
			'Give a public link Claap can download the media from (under 2 GiB, served within 5 minutes).',
		);
	}
	return downloadUrl;
}

/** Maps and checks the Create parameters into Claap's `POST /v1/recordings` body. */
export function buildCreateRecordingBody(fields: CreateRecordingFields): IDataObject {
	const authorEmail = text('Author Email', fields.authorEmail);
	if (!isEmail(authorEmail)) {
		throw new InvalidParameterError(
			'Author Email',
			authorEmail ? `"${authorEmail}" is not an email address` : 'is empty',
			'Enter the email of a member of the Claap workspace; the recording counts against their quota.',
		);
	}
	const body: IDataObject = { authorEmail };

	const title = text('Title', fields.title);
	if (title) body.title = title;
	const folderId = text('Folder ID', fields.folderId);
	if (folderId) body.channelId = folderId;

	const source = text('Source', fields.source);
	if (source) {
		if (!(RECORDING_SOURCES as readonly string[]).includes(source)) {
			throw new InvalidParameterError(
				'Source',
				`"${source}" is not a source Claap knows`,
				`Use one of: ${RECORDING_SOURCES.join(', ')}.`,
			);
		}
		body.source = source;
	}

	if (fields.downloadUrl !== undefined) body.downloadUrl = downloadUrlOf(fields.downloadUrl);

	const meeting = meetingOf(fields);
	if (meeting) body.meeting = meeting;

	const deal = dealOf(fields, meeting);
	if (deal) body.deal = deal;

	if (fields.announceTranscript) body.transcript = { type: 'upload' };
	return body;
}
