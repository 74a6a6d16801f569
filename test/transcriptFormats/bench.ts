/*
 * Conversion speed and memory on a 10-hour meeting, per format. A measurement, not a test:
 *
 *   npx ts-node --transpile-only test/transcriptFormats/bench.ts [cues]
 *
 * Builds the same transcript (default 120,000 cues over 10 hours, 4 speakers) in each format,
 * converts it with Auto-Detect, and prints the median time of 5 runs after a warm-up, the heap
 * growth while converting (heapUsed just after minus before, garbage included), the heap the
 * result keeps once garbage is collected, and the RSS growth. A quarter-size run shows that time
 * grows linearly with the number of cues; for JSON formats, the time JSON.parse alone takes is
 * shown too, since it is most of the total.
 *
 * The AWS Transcribe file holds one item per word: at ten words a cue it has 1.2 million words,
 * about thirteen times what ten hours of speech at 150 words a minute would give.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import type { ClaapTranscript } from '../../nodes/Claap/transcriptFormats';
import { readTranscript, writeTranscript } from '../../nodes/Claap/transcriptFormats';
import { formatClock } from '../../nodes/Claap/transcriptFormats/time';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const TEN_HOURS_MS = 10 * 3600 * 1000;
const SPEAKERS = ['Camille Martin', 'Jonas Weber', 'Priya Raman', 'Sofia Alvarez'];
const WORDS =
	'so the plan for next quarter is to ship the new onboarding flow and measure activation weekly'.split(
		' ',
	);

interface BenchCue {
	startMs: number;
	endMs: number;
	speaker: number;
	text: string;
}

function buildCues(count: number): BenchCue[] {
	const step = Math.floor(TEN_HOURS_MS / count);
	const cues: BenchCue[] = new Array(count);
	for (let index = 0; index < count; index++) {
		const length = 6 + (index % 9);
		const words: string[] = new Array(length);
		for (let word = 0; word < length; word++)
			words[word] = WORDS[(index * 7 + word) % WORDS.length];
		cues[index] = {
			startMs: index * step,
			endMs: index * step + step - 17,
			speaker: (index * 31 + (index >> 3)) % SPEAKERS.length,
			text: `${words.join(' ')}.`,
		};
	}
	return cues;
}

const seconds = (ms: number) => ms / 1000;

const clock = (ms: number) => formatClock(ms, '.');
const srtClock = (ms: number) => formatClock(ms, ',');

function awsTranscribe(cues: BenchCue[]): string {
	const items: unknown[] = [];
	const segments: unknown[] = [];
	for (const cue of cues) {
		const words = cue.text.slice(0, -1).split(' ');
		const wordMs = Math.floor((cue.endMs - cue.startMs) / words.length);
		segments.push({
			start_time: String(seconds(cue.startMs)),
			end_time: String(seconds(cue.endMs)),
			speaker_label: `spk_${cue.speaker}`,
			items: [],
		});
		words.forEach((word, index) => {
			const start = cue.startMs + index * wordMs;
			items.push({
				start_time: String(seconds(start)),
				end_time: String(seconds(start + wordMs)),
				alternatives: [{ confidence: '0.99', content: word }],
				type: 'pronunciation',
			});
		});
		items.push({ alternatives: [{ confidence: '0.0', content: '.' }], type: 'punctuation' });
	}
	return JSON.stringify({
		jobName: 'bench',
		results: {
			transcripts: [{ transcript: '' }],
			speaker_labels: { speakers: SPEAKERS.length, segments },
			items,
		},
	});
}

const builders: Record<string, (cues: BenchCue[]) => string> = {
	'WebVTT (Zoom)': (cues) =>
		`WEBVTT\n\n${cues
			.map(
				(cue, index) =>
					`${index + 1}\n${clock(cue.startMs)} --> ${clock(cue.endMs)}\n${SPEAKERS[cue.speaker]}: ${cue.text}\n`,
			)
			.join('\n')}`,
	'WebVTT (Teams)': (cues) =>
		`WEBVTT\n\n${cues
			.map(
				(cue) =>
					`${clock(cue.startMs)} --> ${clock(cue.endMs)}\n<v ${SPEAKERS[cue.speaker]}>${cue.text}</v>\n`,
			)
			.join('\n')}`,
	SRT: (cues) =>
		cues
			.map(
				(cue, index) =>
					`${index + 1}\n${srtClock(cue.startMs)} --> ${srtClock(cue.endMs)}\n${SPEAKERS[cue.speaker]}: ${cue.text}\n`,
			)
			.join('\n'),
	'Plain text': (cues) =>
		cues
			.map((cue) => `[${clock(cue.startMs).slice(0, 8)}] ${SPEAKERS[cue.speaker]}: ${cue.text}`)
			.join('\n'),
	'Whisper JSON': (cues) =>
		JSON.stringify({
			task: 'transcribe',
			language: 'english',
			duration: seconds(TEN_HOURS_MS),
			segments: cues.map((cue, id) => ({
				id,
				seek: 0,
				start: seconds(cue.startMs),
				end: seconds(cue.endMs),
				text: ` ${cue.text}`,
				tokens: [50364, 50400],
				temperature: 0,
				avg_logprob: -0.2,
				compression_ratio: 1.4,
				no_speech_prob: 0.01,
			})),
		}),
	'Deepgram JSON': (cues) =>
		JSON.stringify({
			metadata: { duration: seconds(TEN_HOURS_MS), channels: 1 },
			results: {
				channels: [{ alternatives: [{ transcript: '', words: [] }], detected_language: 'en' }],
				utterances: cues.map((cue) => ({
					start: seconds(cue.startMs),
					end: seconds(cue.endMs),
					confidence: 0.98,
					channel: 0,
					transcript: cue.text,
					words: [],
					speaker: cue.speaker,
				})),
			},
		}),
	'AssemblyAI JSON': (cues) =>
		JSON.stringify({
			id: 'bench',
			status: 'completed',
			language_code: 'en_us',
			utterances: cues.map((cue) => ({
				speaker: String.fromCharCode(65 + cue.speaker),
				start: cue.startMs,
				end: cue.endMs,
				text: cue.text,
				confidence: 0.95,
				words: [],
			})),
		}),
	'AWS Transcribe JSON (items)': awsTranscribe,
	'Claap JSON (Transcript → Get)': (cues) =>
		JSON.stringify({
			result: {
				languageCode: 'en',
				segments: cues.map((cue) => ({
					startedAt: seconds(cue.startMs),
					endedAt: seconds(cue.endMs),
					speaker: SPEAKERS[cue.speaker],
					text: cue.text,
					languageCode: 'en',
				})),
			},
		}),
};

const MB = 1024 * 1024;
const fixed = (value: number, digits = 1) => value.toFixed(digits);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(run: () => unknown, repeats = 5): number {
	run();
	const times: number[] = [];
	for (let index = 0; index < repeats; index++) {
		collectGarbage();
		const start = process.hrtime.bigint();
		run();
		times.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return median(times);
}

function memoryOf(run: () => ClaapTranscript): {
	heap: number;
	retained: number;
	rss: number;
	segments: number;
} {
	collectGarbage();
	const before = process.memoryUsage();
	const result = run();
	const after = process.memoryUsage();
	collectGarbage();
	return {
		heap: (after.heapUsed - before.heapUsed) / MB,
		retained: (process.memoryUsage().heapUsed - before.heapUsed) / MB,
		rss: (after.rss - before.rss) / MB,
		segments: result.segments.length,
	};
}

const columns: Array<[title: string, width: number]> = [
	['format', 30],
	['input MB', 9],
	['segments', 9],
	['time ms', 9],
	['¼ size ms', 10],
	['JSON.parse', 11],
	['heap Δ MB', 10],
	['kept MB', 9],
	['RSS Δ MB', 9],
];

function row(values: string[]): string {
	return values
		.map((value, index) =>
			index === 0 ? value.padEnd(columns[0][1]) : value.padStart(columns[index][1]),
		)
		.join('');
}

function main(): void {
	const count = Number(process.argv[2] ?? 120000);
	const cues = buildCues(count);
	const quarter = cues.slice(0, Math.floor(count / 4));
	console.log(
		`10-hour transcript, ${count.toLocaleString('en')} cues, ${SPEAKERS.length} speakers (Node ${process.version})\n`,
	);
	console.log(row(columns.map(([title]) => title)));
	for (const [name, build] of Object.entries(builders)) {
		const text = build(cues);
		const quarterText = build(quarter);
		const memory = memoryOf(() => readTranscript(text, 'auto'));
		const full = timeMs(() => readTranscript(text, 'auto'));
		const small = timeMs(() => readTranscript(quarterText, 'auto'));
		const parse = text.startsWith('{')
			? fixed(
					timeMs(() => JSON.parse(text)),
					0,
				)
			: '-';
		console.log(
			row([
				name,
				fixed(text.length / MB),
				String(memory.segments),
				fixed(full, 0),
				fixed(small, 0),
				parse,
				fixed(memory.heap),
				fixed(memory.retained),
				fixed(memory.rss),
			]),
		);
	}

	const transcript = readTranscript(builders['Claap JSON (Transcript → Get)'](cues), 'auto');
	console.log(`\n${'writer'.padEnd(30)}${'output MB'.padStart(10)}${'time ms'.padStart(9)}`);
	for (const id of ['claapJson', 'text', 'webVtt', 'srt']) {
		const size = writeTranscript(transcript, id).content.length / MB;
		console.log(
			`${id.padEnd(30)}${fixed(size).padStart(10)}${fixed(
				timeMs(() => writeTranscript(transcript, id)),
				0,
			).padStart(9)}`,
		);
	}
}

main();
