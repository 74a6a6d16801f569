/**
 * Why an upload from inside n8n trails curl: run by `npm run bench` on n8n's Node, this PUTs a
 * file the way the Claap node does inside n8n (a 256 KiB-chunk file stream, sent by n8n's own
 * axios with redirects off), while `paddingMiB` of live objects stand in for n8n's loaded heap.
 *
 * Each chunk is a fresh Buffer outside V8's heap. V8 counts those bytes and, every few tens of
 * MiB, starts marking the whole heap to find which are garbage: cheap in a small heap, costly
 * in n8n's, where the marking threads also take the CPU the receiver needs. The figures show
 * how the same upload slows as the heap grows.
 *
 * Usage: node -r ts-node/register/transpile-only heapProbe.ts <n8n dir> <file> <url> <paddingMiB>
 * Prints one JSON line.
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';

interface Axios {
	request(config: Record<string, unknown>): Promise<{ status: number }>;
}

const MiB = 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

/** About `mib` MiB of small live objects, like the modules and caches of a running n8n. */
function padHeap(mib: number): unknown[] {
	const objects: unknown[] = [];
	// An object with a short string and a one-element array takes about 100 bytes.
	for (let index = 0; index < (mib * MiB) / 100; index++)
		objects.push({ index, name: `n${index}`, list: [index] });
	return objects;
}

async function main(): Promise<void> {
	const [n8nDir, file, url, paddingArg] = process.argv.slice(2);
	const axios = createRequire(resolve(n8nDir, 'package.json'))('axios') as Axios;
	const padding = padHeap(Number(paddingArg));
	const gcCounts: Record<string, number> = {};
	const kinds: Record<number, string> = {
		[constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
		[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
		[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
		[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
	};
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind =
				kinds[(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
			gcCounts[kind] = (gcCounts[kind] ?? 0) + 1;
		}
	});
	observer.observe({ entryTypes: ['gc'] });

	const bytes = statSync(file).size;
	const heapUsedMiB = process.memoryUsage().heapUsed / MiB;
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const response = await axios.request({
		method: 'PUT',
		url,
		data: createReadStream(file, { highWaterMark: CHUNK_BYTES }),
		headers: { 'Content-Type': 'audio/wav', 'Content-Length': bytes },
		maxRedirects: 0,
		maxBodyLength: Infinity,
		validateStatus: () => true,
	});
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	// Let the last GC entries arrive.
	await new Promise((resolve) => setTimeout(resolve, 50));
	observer.disconnect();
	console.log(
		JSON.stringify({
			status: response.status,
			paddingObjects: padding.length,
			heapUsedMiB: Math.round(heapUsedMiB),
			wallMs: Math.round(wallMs),
			cpuMs: Math.round((cpu.user + cpu.system) / 1000),
			gcCounts,
		}),
	);
}

main().catch((error: Error) => {
	console.error(error.stack ?? String(error));
	process.exit(1);
});
