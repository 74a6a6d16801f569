import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import type { TestBed } from './testBed';
import { jsonOf, startTestBed, wavFile } from './testBed';

const MIB = 1024 * 1024;
const FILE_BYTES = 200 * MIB;

/** Writes a WAV file of `totalBytes` chunk by chunk, returning its SHA-256. */
async function writeLargeWav(filePath: string, totalBytes: number): Promise<string> {
	const hash = createHash('sha256');
	const out = createWriteStream(filePath);
	const header = wavFile(0).subarray(0, 44);
	header.writeUInt32LE(totalBytes - 8, 4);
	header.writeUInt32LE(totalBytes - 44, 40);
	const write = async (chunk: Buffer) => {
		hash.update(chunk);
		if (!out.write(chunk)) await once(out, 'drain');
	};
	await write(header);
	const chunk = Buffer.alloc(MIB);
	let written = header.length;
	for (let index = 0; written < totalBytes; index++) {
		chunk.fill(index % 251);
		const part = chunk.subarray(0, Math.min(MIB, totalBytes - written));
		await write(Buffer.from(part));
		written += part.length;
	}
	out.end();
	await once(out, 'finish');
	return hash.digest('hex');
}

describe('a 200 MiB media file', () => {
	let bed: TestBed;
	let folder: string;
	beforeAll(async () => {
		bed = await startTestBed({ storage: 'hash' });
		folder = await mkdtemp(path.join(tmpdir(), 'claap-large-'));
	});
	afterAll(async () => {
		await bed.close();
		await rm(folder, { recursive: true, force: true });
	});

	it('streams from filesystem binary storage with the exact bytes, while memory stays flat', async () => {
		const filePath = path.join(folder, 'long-meeting.wav');
		const expectedSha256 = await writeLargeWav(filePath, FILE_BYTES);
		const data = await bed.harness.storeBinary({
			filePath,
			fileName: 'long-meeting.wav',
			mimeType: 'audio/wav',
		});

		// RSS is what the OS sees; arrayBuffers counts every Buffer, so a buffered file shows there
		// even when freed heap pages already inflate the RSS baseline.
		const baseline = process.memoryUsage();
		const peak = { rss: baseline.rss, arrayBuffers: baseline.arrayBuffers };
		const sample = () => {
			const now = process.memoryUsage();
			peak.rss = Math.max(peak.rss, now.rss);
			peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
		};
		const sampler = setInterval(sample, 5);
		const started = Date.now();
		const result = await bed.run(
			{ resource: 'recording', operation: 'create', authorEmail: 'ada@example.com' },
			[{ json: {}, binary: { data } }],
		);
		const seconds = (Date.now() - started) / 1000;
		clearInterval(sampler);
		sample();

		expect(result.error).toBeUndefined();
		const recording = bed.claap.getRecording(jsonOf(result).id as string);
		expect(recording?.media).toMatchObject({
			bytes: FILE_BYTES,
			sha256: expectedSha256,
			contentType: 'audio/wav',
		});
		const put = bed.uploads()[0];
		expect(put.headers['content-length']).toBe(String(FILE_BYTES));

		const rssGrowthMib = (peak.rss - baseline.rss) / MIB;
		const bufferGrowthMib = (peak.arrayBuffers - baseline.arrayBuffers) / MIB;
		console.log(
			`200 MiB upload: ${seconds.toFixed(2)} s, ${(FILE_BYTES / MIB / seconds).toFixed(0)} MiB/s, ` +
				`peak growth: RSS ${rssGrowthMib.toFixed(1)} MiB (from ${(baseline.rss / MIB).toFixed(0)} MiB), ` +
				`Buffers ${bufferGrowthMib.toFixed(1)} MiB`,
		);
		// Buffering the file would add at least its 200 MiB; streaming keeps to a few chunks.
		expect(rssGrowthMib).toBeLessThan(64);
		expect(bufferGrowthMib).toBeLessThan(64);
	});
});
