import { rmSync } from 'node:fs';

import { randomToken } from './config';
import type { EmulatedRecording, RecordingChanges, StoredMedia } from './types';
import type { CreateRecordingInput, TranscriptUpload } from './validation';

export type UploadKind = 'media' | 'meta';

export interface RecordingEntry {
	/** The state tests inspect (cloned before it leaves the emulator). */
	record: EmulatedRecording;
	input: CreateRecordingInput;
	createdAtMs: number;
	transcript?: TranscriptUpload;
	/** With a downloadUrl, Claap fetches the media itself: this marks that it did. */
	downloadFetched: boolean;
	/** The pending download or processing step. */
	timer?: NodeJS.Timeout;
}

/** Recordings, their upload URLs and their state machine: Empty → Uploaded → Ready | Failed. */
export class RecordingStore {
	private readonly entries = new Map<string, RecordingEntry>();
	private readonly uploadTokens = new Map<string, { recordingId: string; kind: UploadKind }>();
	private lastCreatedAtMs = 0;

	constructor(
		private readonly processingDelayMs: number,
		/** Told when processing makes a recording Ready (Claap then sends `recording_added`). */
		private readonly onReady: (entry: RecordingEntry) => void = () => {},
	) {}

	create(input: CreateRecordingInput, body: Record<string, unknown>): RecordingEntry {
		// Strictly increasing creation times keep date sorting and paging deterministic.
		const createdAtMs = Math.max(Date.now(), this.lastCreatedAtMs + 1);
		this.lastCreatedAtMs = createdAtMs;
		const id = `rec_${randomToken(8)}`;
		const uploadTokens: EmulatedRecording['uploadTokens'] = {};
		if (input.downloadUrl === undefined) uploadTokens.media = this.issueToken(id, 'media');
		if (input.transcriptAnnounced) uploadTokens.meta = this.issueToken(id, 'meta');
		const entry: RecordingEntry = {
			record: {
				id,
				body,
				state: 'Empty',
				authorEmail: input.authorEmail,
				createdAt: new Date(createdAtMs).toISOString(),
				deleted: false,
				downloadUrl: input.downloadUrl,
				uploadTokens,
				labels: [],
				channelId: input.channelId,
			},
			input,
			createdAtMs,
			downloadFetched: false,
		};
		this.entries.set(id, entry);
		if (input.downloadUrl !== undefined) {
			// Claap fetches the URL after answering; the emulator only pretends to (no outbound traffic).
			entry.timer = setTimeout(() => {
				entry.downloadFetched = true;
				this.advance(entry);
			}, 0).unref();
		}
		return entry;
	}

	/** A recording that was not deleted. */
	get(id: string): RecordingEntry | undefined {
		const entry = this.entries.get(id);
		return entry && !entry.record.deleted ? entry : undefined;
	}

	/** Every recording ever created, deleted ones included. */
	all(): RecordingEntry[] {
		return [...this.entries.values()];
	}

	active(): RecordingEntry[] {
		return this.all().filter((entry) => !entry.record.deleted);
	}

	/** Recordings the author created since `sinceMs`: deleting one does not give its quota back. */
	countCreatedBy(authorEmail: string, sinceMs: number): number {
		const author = authorEmail.toLowerCase();
		return this.all().filter(
			(entry) => entry.record.authorEmail.toLowerCase() === author && entry.createdAtMs >= sinceMs,
		).length;
	}

	delete(entry: RecordingEntry): void {
		clearTimeout(entry.timer);
		entry.record.deleted = true;
		entry.record.deletedAt = new Date().toISOString();
	}

	/**
	 * A change made in Claap's UI. Moving folders rewrites `input.channelId` because the views and
	 * the list filters read the folder from there.
	 */
	update(entry: RecordingEntry, changes: RecordingChanges): void {
		if (changes.labels !== undefined) entry.record.labels = [...changes.labels];
		if (changes.channelId !== undefined) {
			entry.input = { ...entry.input, channelId: changes.channelId };
			entry.record.channelId = changes.channelId;
		}
	}

	/** The recording an upload URL belongs to; undefined for unknown tokens and deleted recordings. */
	findUpload(token: string): { entry: RecordingEntry; kind: UploadKind } | undefined {
		const upload = this.uploadTokens.get(token);
		const entry = upload && this.get(upload.recordingId);
		return upload && entry ? { entry, kind: upload.kind } : undefined;
	}

	/** A repeated upload replaces the previous payload and restarts processing. */
	storeMedia(entry: RecordingEntry, media: StoredMedia): void {
		const previousFile = entry.record.media?.filePath;
		if (previousFile && previousFile !== media.filePath) rmSync(previousFile, { force: true });
		entry.record.media = media;
		this.advance(entry);
	}

	storeTranscript(entry: RecordingEntry, received: unknown, transcript: TranscriptUpload): void {
		entry.record.transcript = received;
		entry.transcript = transcript;
		this.advance(entry);
	}

	/** Forgets everything, removing stored media files. */
	reset(): void {
		for (const entry of this.entries.values()) {
			clearTimeout(entry.timer);
			if (entry.record.media?.filePath) rmSync(entry.record.media.filePath, { force: true });
		}
		this.entries.clear();
		this.uploadTokens.clear();
	}

	stopTimers(): void {
		for (const entry of this.entries.values()) clearTimeout(entry.timer);
	}

	private issueToken(recordingId: string, kind: UploadKind): string {
		const token = randomToken(24);
		this.uploadTokens.set(token, { recordingId, kind });
		return token;
	}

	/** Claap only processes once every expected payload arrived: media (or the fetched URL) and the announced transcript. */
	private advance(entry: RecordingEntry): void {
		const mediaArrived =
			entry.input.downloadUrl !== undefined ? entry.downloadFetched : !!entry.record.media;
		const transcriptArrived = !entry.input.transcriptAnnounced || !!entry.transcript;
		if (!mediaArrived || !transcriptArrived) return;
		clearTimeout(entry.timer);
		entry.record.state = 'Uploaded';
		entry.timer = setTimeout(() => {
			// A fetched downloadUrl is taken as usable: the emulator never sees its bytes.
			const usable = entry.input.downloadUrl !== undefined || !!entry.record.media?.sniffedFormat;
			entry.record.state = usable ? 'Ready' : 'Failed';
			if (usable) this.onReady(entry);
		}, this.processingDelayMs).unref();
	}
}
