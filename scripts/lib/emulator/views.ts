import { createHash } from 'node:crypto';

import type { RecordingEntry } from './store';
import type { MeetingInput, TranscriptUpload } from './validation';

/** Language reported for a transcript uploaded without langIso2. */
export const DEFAULT_TRANSCRIPT_LANGUAGE = 'en';

/** Signed links (video, thumbnail, transcript files) last about a day. They are not served. */
const SIGNED_URL_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Rough bytes per second of compressed meeting media, to give uploads without other hints a duration. */
const MEDIA_BYTES_PER_SECOND = 16_000;

export interface ViewContext {
	baseUrl: string;
	workspace: { id: string; name: string };
}

/** The recorder id reported for an author: stable, so the list can filter on it. */
export function recorderIdFor(email: string): string {
	return stableId('usr', email);
}

function stableId(prefix: string, seed: string): string {
	return `${prefix}_${createHash('sha256').update(seed.toLowerCase()).digest('hex').slice(0, 12)}`;
}

/** "jane.doe@acme.io" → "Jane Doe". */
function nameFromEmail(email: string): string {
	return email
		.split('@')[0]
		.split(/[._-]+/)
		.filter(Boolean)
		.map((word) => word[0].toUpperCase() + word.slice(1))
		.join(' ');
}

function emailDomain(email: string): string {
	return email.split('@')[1].toLowerCase();
}

export function titleOf(entry: RecordingEntry): string {
	return entry.input.title ?? 'Untitled recording';
}

/** The fields every shape of a recording carries. */
function identity(entry: RecordingEntry, ctx: ViewContext) {
	const { input, record } = entry;
	return {
		id: record.id,
		title: titleOf(entry),
		recorder: {
			id: recorderIdFor(input.authorEmail),
			name: nameFromEmail(input.authorEmail),
			email: input.authorEmail,
			attended: true,
		},
		workspace: { id: ctx.workspace.id, name: ctx.workspace.name },
		...(input.channelId !== undefined && {
			channel: { id: input.channelId, name: `Folder ${input.channelId}` },
		}),
		url: `https://app.claap.io/${ctx.workspace.id}/c-${record.id}`,
	};
}

function uploadView(entry: RecordingEntry, baseUrl: string): { url?: string; metaUrl?: string } {
	const { media, meta } = entry.record.uploadTokens;
	return {
		...(media !== undefined && { url: `${baseUrl}/storage/media/${media}` }),
		...(meta !== undefined && { metaUrl: `${baseUrl}/storage/meta/${meta}` }),
	};
}

/** The answer to a create. */
export function createdRecordingView(entry: RecordingEntry, ctx: ViewContext) {
	const { id, title, recorder, workspace, channel, url } = identity(entry, ctx);
	return {
		id,
		createdAt: entry.record.createdAt,
		state: entry.record.state,
		url,
		title,
		recorder,
		workspace,
		...(channel && { channel }),
		upload: uploadView(entry, ctx.baseUrl),
	};
}

export function durationSeconds(entry: RecordingEntry): number {
	const segments = entry.transcript?.segments;
	if (segments) return Math.ceil(Math.max(...segments.map((segment) => segment.end)));
	const { startedAt, endedAt } = entry.input.meeting ?? {};
	if (startedAt && endedAt) return Math.round((endedAt.getTime() - startedAt.getTime()) / 1000);
	return Math.round((entry.record.media?.bytes ?? 0) / MEDIA_BYTES_PER_SECOND);
}

/** A recording as GET and the list return it: thin until Ready. */
export function recordingView(entry: RecordingEntry, ctx: ViewContext, withAiFields: boolean) {
	const { record, input, transcript } = entry;
	if (record.state !== 'Ready') {
		return { ...identity(entry, ctx), state: record.state, upload: uploadView(entry, ctx.baseUrl) };
	}
	const signed = (file: string) =>
		`${ctx.baseUrl}/signed/${record.id}/${file}?expires=${Date.now() + SIGNED_URL_LIFETIME_MS}`;
	const language = transcript?.langIso2 ?? DEFAULT_TRANSCRIPT_LANGUAGE;
	return {
		...identity(entry, ctx),
		createdAt: record.createdAt,
		state: record.state,
		source: input.source,
		durationSeconds: durationSeconds(entry),
		labels: [...record.labels],
		thumbnailUrl: signed('thumbnail.jpg'),
		video: { url: signed('video.mp4') },
		...(input.meeting && { meeting: meetingView(entry, input.meeting) }),
		transcripts: transcript
			? [
					{
						langIso2: language,
						isActive: true,
						isTranscript: true,
						url: signed(`transcript.${language}.json`),
						textUrl: signed(`transcript.${language}.txt`),
					},
				]
			: [],
		outlines: [],
		keyTakeaways: [],
		actionItems: [],
		insightTemplates: [],
		companies: [],
		...(input.deal && { deal: input.deal }),
		// The item shape is undocumented; clients pass items through, so any plausible object will do.
		...(withAiFields && {
			aiFields: [{ name: 'Summary', value: transcript?.segments[0].text ?? titleOf(entry) }],
		}),
	};
}

function meetingView(entry: RecordingEntry, meeting: MeetingInput) {
	const startingAt = meeting.startedAt ?? new Date(entry.createdAtMs);
	const endingAt =
		meeting.endedAt ?? new Date(startingAt.getTime() + durationSeconds(entry) * 1000);
	const authorDomain = emailDomain(entry.input.authorEmail);
	const external = meeting.participants.some(
		(participant) =>
			participant.email !== undefined && emailDomain(participant.email) !== authorDomain,
	);
	return {
		startingAt: startingAt.toISOString(),
		endingAt: endingAt.toISOString(),
		type: external ? 'external' : 'internal',
		participants: meeting.participants.map((participant) => ({
			id: stableId('ptc', participant.email ?? participant.name),
			name: participant.name,
			...(participant.email !== undefined && { email: participant.email }),
			attended: true,
		})),
	};
}

function speakerName(transcript: TranscriptUpload, speakerId: string): string {
	return transcript.speakers?.find((speaker) => speaker.speakerId === speakerId)?.name ?? speakerId;
}

/** The transcript in the read shape (startedAt/endedAt/speaker), built from the uploaded write shape. */
export function transcriptJsonView(transcript: TranscriptUpload) {
	const languageCode = transcript.langIso2 ?? DEFAULT_TRANSCRIPT_LANGUAGE;
	return {
		languageCode,
		segments: transcript.segments.map((segment) => ({
			startedAt: segment.start,
			endedAt: segment.end,
			speaker: speakerName(transcript, segment.speakerId),
			text: segment.text,
			languageCode,
		})),
	};
}

/** `mm:ss speaker: text` lines, `hh:mm:ss` from one hour on. */
export function transcriptTextView(transcript: TranscriptUpload): string {
	return transcript.segments
		.map(
			(segment) =>
				`${timestamp(segment.start)} ${speakerName(transcript, segment.speakerId)}: ${segment.text}`,
		)
		.join('\n');
}

function timestamp(seconds: number): string {
	const total = Math.floor(seconds);
	const pad = (value: number) => String(value).padStart(2, '0');
	const minutesAndSeconds = `${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
	return total >= 3600
		? `${pad(Math.floor(total / 3600))}:${minutesAndSeconds}`
		: minutesAndSeconds;
}
