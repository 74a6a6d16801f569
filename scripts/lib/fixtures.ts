/**
 * The sample files the example workflows read: a short, valid WAV recording and its transcript in
 * Claap's upload shape. Generated (deterministically) so the repository holds no binary files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder the examples under examples/ read from; `npm run dev` and the e2e suite rewrite it. */
export const EXAMPLE_FILES_DIR = '/home/node/.n8n-files/claap';

export const SAMPLE_MEDIA_NAME = 'meeting.wav';
export const SAMPLE_TRANSCRIPT_NAME = 'meeting.transcript.json';

export const SAMPLE_TRANSCRIPT = {
	transcript: {
		segments: [
			{ start: 0, end: 1.5, speakerId: '1', text: 'Hello Ada, thanks for joining the demo.' },
			{
				start: 1.5,
				end: 2.75,
				speakerId: '2',
				text: 'Happy to be here. Shall we start with pricing?',
			},
		],
		speakers: [
			{ speakerId: '1', name: 'Grace Hopper', email: 'grace@example.com', isRecorder: true },
			{ speakerId: '2', name: 'Ada Lovelace' },
		],
	},
};

/** A mono 16 kHz 16-bit PCM WAV file: a 440 Hz tone fading in and out. */
export function makeWav(seconds = 3, sampleRate = 16000): Buffer {
	const samples = Math.round(seconds * sampleRate);
	const dataBytes = samples * 2;
	const wav = Buffer.alloc(44 + dataBytes);
	wav.write('RIFF', 0, 'latin1');
	wav.writeUInt32LE(36 + dataBytes, 4);
	wav.write('WAVE', 8, 'latin1');
	wav.write('fmt ', 12, 'latin1');
	wav.writeUInt32LE(16, 16); // fmt chunk size
	wav.writeUInt16LE(1, 20); // PCM
	wav.writeUInt16LE(1, 22); // mono
	wav.writeUInt32LE(sampleRate, 24);
	wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
	wav.writeUInt16LE(2, 32); // block align
	wav.writeUInt16LE(16, 34); // bits per sample
	wav.write('data', 36, 'latin1');
	wav.writeUInt32LE(dataBytes, 40);
	for (let i = 0; i < samples; i++) {
		const envelope = Math.min(1, i / 1600, (samples - i) / 1600);
		const value = Math.round(
			0.3 * envelope * 32767 * Math.sin((2 * Math.PI * 440 * i) / sampleRate),
		);
		wav.writeInt16LE(value, 44 + i * 2);
	}
	return wav;
}

export interface SampleFiles {
	dir: string;
	mediaPath: string;
	media: Buffer;
	mediaSha256: string;
	transcriptPath: string;
	transcriptText: string;
}

export function sha256(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Writes the sample files into `dir` (created if needed). */
export function writeSampleFiles(dir: string): SampleFiles {
	mkdirSync(dir, { recursive: true });
	const media = makeWav();
	const mediaPath = join(dir, SAMPLE_MEDIA_NAME);
	writeFileSync(mediaPath, media);
	const transcriptText = `${JSON.stringify(SAMPLE_TRANSCRIPT, null, 2)}\n`;
	const transcriptPath = join(dir, SAMPLE_TRANSCRIPT_NAME);
	writeFileSync(transcriptPath, transcriptText);
	return { dir, mediaPath, media, mediaSha256: sha256(media), transcriptPath, transcriptText };
}
