/**
 * Large, valid-looking WAV files (RIFF/WAVE header, 16-bit stereo PCM at 48 kHz) of an exact size,
 * written in blocks so that generating 1 GiB needs a few MiB of memory. Kept between runs: a file
 * of the right size with our header is reused.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, openSync, closeSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';

const HEADER_BYTES = 44;
const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const BITS = 16;
const BLOCK_BYTES = 4 * 1024 * 1024;

function wavHeader(dataBytes: number): Buffer {
	const header = Buffer.alloc(HEADER_BYTES);
	header.write('RIFF', 0, 'ascii');
	// RIFF sizes are 32-bit: a file over 4 GiB gets the largest value (Claap takes at most 2 GiB anyway).
	header.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(CHANNELS, 22);
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE((SAMPLE_RATE * CHANNELS * BITS) / 8, 28);
	header.writeUInt16LE((CHANNELS * BITS) / 8, 32);
	header.writeUInt16LE(BITS, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
	return header;
}

/** A tone with a little noise, so the payload is not a run of zeros any layer could shortcut. */
function audioBlock(seed: number): Buffer {
	const block = Buffer.alloc(BLOCK_BYTES);
	let noise = seed * 2654435761 || 1;
	for (let offset = 0; offset + 4 <= BLOCK_BYTES; offset += 4) {
		noise = (noise * 1103515245 + 12345) & 0x7fffffff;
		const frame = offset / 4;
		const value =
			Math.round(8000 * Math.sin((2 * Math.PI * 440 * frame) / SAMPLE_RATE)) +
			((noise >> 16) % 512) -
			256;
		block.writeInt16LE(value, offset);
		block.writeInt16LE(-value, offset + 2);
	}
	return block;
}

function hasOurHeader(path: string, size: number): boolean {
	if (!existsSync(path) || statSync(path).size !== size) return false;
	const fd = openSync(path, 'r');
	try {
		const head = Buffer.alloc(HEADER_BYTES);
		readSync(fd, head, 0, HEADER_BYTES, 0);
		return head.equals(wavHeader(size - HEADER_BYTES));
	} finally {
		closeSync(fd);
	}
}

/** Writes `path` as a WAV file of exactly `size` bytes unless it is already there; returns whether it wrote. */
export async function ensureWavFile(path: string, size: number): Promise<boolean> {
	if (size <= HEADER_BYTES) throw new Error(`a WAV file needs more than ${HEADER_BYTES} bytes`);
	if (hasOurHeader(path, size)) return false;
	const file = await open(path, 'w');
	try {
		await file.write(wavHeader(size - HEADER_BYTES));
		// A few distinct blocks, cycled: the content only has to look like audio.
		const blocks = [0, 1, 2, 3].map(audioBlock);
		let written = HEADER_BYTES;
		for (let index = 0; written < size; index++) {
			const block = blocks[index % blocks.length];
			const length = Math.min(block.length, size - written);
			await file.write(block, 0, length);
			written += length;
		}
	} finally {
		await file.close();
	}
	return true;
}

export async function sha256OfFile(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
		hash.update(chunk as Buffer);
	return hash.digest('hex');
}
