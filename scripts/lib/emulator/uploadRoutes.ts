import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

import { GUESSES, MAX_MEDIA_BYTES } from '../../../nodes/Claap/helpers/apiContract';
import { randomToken, type EmulatorConfig } from './config';
import {
	consumeBody,
	declaredContentLength,
	errorResponse,
	isJsonContentType,
	readSmallBody,
	validationError,
	type EmulatorResponse,
} from './http';
import { formatForContentType, SNIFF_BYTES, sniffMediaFormat } from './media';
import type { RecordingEntry, RecordingStore } from './store';
import type { ReceivedRequest } from './types';
import { validateTranscriptUpload } from './validation';

/** Upload URLs look like /storage/media/<token> and /storage/meta/<token>. */
const STORAGE_PATH = /^\/storage\/(media|meta)\/([0-9a-f]+)$/;

/** Transcripts are small; anything bigger is a client bug. */
const MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024;

export interface StorageContext {
	config: EmulatorConfig;
	store: RecordingStore;
	req: IncomingMessage;
	/** The request's entry in the log, completed as the body arrives. */
	log: ReceivedRequest;
}

/**
 * The pre-signed storage side of uploads: no API key, PUT only.
 * Resolves undefined when the client went away mid-body (nothing is stored then).
 */
export async function handleStorageRequest(
	ctx: StorageContext,
	path: string,
): Promise<EmulatorResponse | undefined> {
	const match = STORAGE_PATH.exec(path);
	if (!match) return errorResponse(404, 'not_found', `No upload URL ${path}`);
	if (ctx.req.method !== 'PUT') {
		return {
			...errorResponse(405, 'method_not_allowed', 'Upload URLs only accept PUT'),
			headers: { Allow: 'PUT' },
		};
	}
	const upload = ctx.store.findUpload(match[2]);
	if (!upload || upload.kind !== match[1]) {
		return errorResponse(
			GUESSES.expiredUploadUrlStatus,
			'forbidden',
			'This upload URL is invalid or expired',
		);
	}
	const length = declaredContentLength(ctx.req);
	if (length === undefined) {
		return errorResponse(
			411,
			'length_required',
			'Content-Length is required (chunked uploads are refused)',
		);
	}
	return upload.kind === 'media'
		? receiveMedia(ctx, upload.entry, length)
		: receiveTranscript(ctx, upload.entry, length);
}

function uploaded(sha256?: string): EmulatorResponse {
	return { status: 200, headers: sha256 ? { ETag: `"${sha256}"` } : {}, body: '' };
}

async function receiveMedia(
	ctx: StorageContext,
	recording: RecordingEntry,
	length: number,
): Promise<EmulatorResponse | undefined> {
	const { req, log, config } = ctx;
	if (length > MAX_MEDIA_BYTES) {
		return errorResponse(
			413,
			'payload_too_large',
			`Media over ${MAX_MEDIA_BYTES} bytes is refused`,
		);
	}
	const contentType = req.headers['content-type'] ?? '';
	const sink = config.dataDir ? new FileSink(config.dataDir, recording.record.id) : undefined;
	const hash = createHash('sha256');
	const head: Buffer[] = [];
	let headBytes = 0;
	const complete = await consumeBody(req, async (chunk) => {
		hash.update(chunk);
		log.bodyBytes += chunk.length;
		if (headBytes < SNIFF_BYTES) {
			head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
			headBytes += head[head.length - 1].length;
		}
		await sink?.write(chunk);
	});
	if (!complete || log.bodyBytes !== length) {
		await sink?.discard();
		return undefined;
	}
	const sha256 = hash.digest('hex');
	log.sha256 = sha256;

	const sniffedFormat = sniffMediaFormat(Buffer.concat(head));
	// A supported Content-Type is enough to accept the upload: unusable bytes only show when Claap processes them.
	const format = sniffedFormat ?? formatForContentType(contentType);
	if (!format) {
		await sink?.discard();
		return errorResponse(415, 'unsupported_media_type', `Unsupported media type "${contentType}"`);
	}
	if (recording.record.deleted) {
		await sink?.discard();
		return errorResponse(
			GUESSES.expiredUploadUrlStatus,
			'forbidden',
			'This upload URL is invalid or expired',
		);
	}
	const filePath = await sink?.commit(format);
	ctx.store.storeMedia(recording, {
		bytes: log.bodyBytes,
		sha256,
		contentType,
		sniffedFormat,
		filePath,
	});
	return uploaded(sha256);
}

async function receiveTranscript(
	ctx: StorageContext,
	recording: RecordingEntry,
	length: number,
): Promise<EmulatorResponse | undefined> {
	const { req, log } = ctx;
	if (!isJsonContentType(req.headers['content-type'])) {
		return errorResponse(
			415,
			'unsupported_media_type',
			`The transcript must be sent as ${GUESSES.transcriptContentType}`,
		);
	}
	if (length > MAX_TRANSCRIPT_BYTES) {
		return errorResponse(
			413,
			'payload_too_large',
			`Transcripts over ${MAX_TRANSCRIPT_BYTES} bytes are refused`,
		);
	}
	const { body, complete } = await readSmallBody(
		req,
		MAX_TRANSCRIPT_BYTES,
		(bytes) => (log.bodyBytes = bytes),
	);
	if (!complete) return undefined;
	log.sha256 = createHash('sha256').update(body).digest('hex');
	let received: unknown;
	try {
		received = JSON.parse(body.toString('utf8'));
	} catch {
		throw validationError('', 'The transcript is not valid JSON');
	}
	log.json = received;
	const transcript = validateTranscriptUpload(received);
	ctx.store.storeTranscript(recording, received, transcript);
	return uploaded(log.sha256);
}

/** Streams one upload to a temporary file, renamed into place only once complete. */
class FileSink {
	private readonly partPath: string;
	private readonly stream: WriteStream;

	constructor(
		private readonly dir: string,
		private readonly recordingId: string,
	) {
		this.partPath = join(dir, `${recordingId}.${randomToken(4)}.part`);
		this.stream = createWriteStream(this.partPath);
	}

	async write(chunk: Buffer): Promise<void> {
		if (!this.stream.write(chunk)) await once(this.stream, 'drain');
	}

	async commit(extension: string): Promise<string> {
		this.stream.end();
		await finished(this.stream);
		const filePath = join(this.dir, `${this.recordingId}.${extension}`);
		await rename(this.partPath, filePath);
		return filePath;
	}

	async discard(): Promise<void> {
		this.stream.destroy();
		await rm(this.partPath, { force: true });
	}
}
