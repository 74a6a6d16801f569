/**
 * Measuring a command from outside: wall time and the peak resident memory of its whole process
 * tree (n8n execute plus its task-runner child), sampled from /proc so nothing inside n8n changes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { killGroup } from '../../scripts/lib/runtime';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

interface ProcEntry {
	ppid: number;
	pgrp: number;
}

/** /proc/<pid>/stat, parsed after the command name (which may hold spaces and parentheses). */
function readStat(pid: number): ProcEntry | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
	} catch {
		return undefined; // exited between readdir and read
	}
}

/** VmRSS in bytes; 0 once the process is gone (or a zombie, which has no VmRSS line). */
function rssBytes(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/**
 * The processes belonging to `root`: its process group (a detached child leads its own) and
 * every descendant, in case a child started a group of its own.
 */
function processTree(root: number): number[] {
	const table = new Map<number, ProcEntry>();
	for (const name of readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		const entry = readStat(pid);
		if (entry) table.set(pid, entry);
	}
	const members = new Set<number>();
	for (const [pid, entry] of table) if (pid === root || entry.pgrp === root) members.add(pid);
	// Descendants: repeat until no new child joins (the tree is shallow).
	for (let grew = true; grew; ) {
		grew = false;
		for (const [pid, entry] of table) {
			if (!members.has(pid) && members.has(entry.ppid)) {
				members.add(pid);
				grew = true;
			}
		}
	}
	return [...members];
}

export interface RssPeak {
	/** Largest sum of VmRSS over the tree seen in one sample. */
	peakBytes: number;
	/** Largest VmRSS of the root process alone (n8n's main process, where nodes run). */
	rootPeakBytes: number;
	/** Most processes seen in the tree at once. */
	maxProcesses: number;
	samples: number;
	/** Every sample: when (epoch ms) and the tree's summed VmRSS, to look at one phase of the run. */
	timeline: Array<{ at: number; bytes: number }>;
}

/** The largest sample in [from, to] minus the last one before `from`: what that phase added. */
export function growthDuring(peak: RssPeak, from: number, to: number): number | undefined {
	const before = peak.timeline.filter((sample) => sample.at < from).pop();
	const during = peak.timeline
		.filter((sample) => sample.at >= from && sample.at <= to)
		.map((sample) => sample.bytes);
	return before && during.length ? Math.max(...during) - before.bytes : undefined;
}

/**
 * Samples the tree's summed VmRSS every `intervalMs`. Reading /proc for every process costs a
 * few milliseconds, so membership is refreshed less often than the RSS of known members.
 */
export function sampleRss(rootPid: number, intervalMs = 50, rescanMs = 250): { stop(): RssPeak } {
	const peak: RssPeak = {
		peakBytes: 0,
		rootPeakBytes: 0,
		maxProcesses: 0,
		samples: 0,
		timeline: [],
	};
	let members = processTree(rootPid);
	let lastScan = Date.now();
	const sample = () => {
		if (Date.now() - lastScan >= rescanMs) {
			members = processTree(rootPid);
			lastScan = Date.now();
		}
		let total = 0;
		let alive = 0;
		for (const pid of members) {
			const rss = rssBytes(pid);
			total += rss;
			if (pid === rootPid) peak.rootPeakBytes = Math.max(peak.rootPeakBytes, rss);
			if (rss > 0) alive++;
		}
		peak.samples++;
		peak.timeline.push({ at: Date.now(), bytes: total });
		peak.peakBytes = Math.max(peak.peakBytes, total);
		peak.maxProcesses = Math.max(peak.maxProcesses, alive);
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return peak;
		},
	};
}

export interface MeasuredRun {
	code: number | null;
	stdout: string;
	stderr: string;
	wallMs: number;
	rss: RssPeak;
}

/** Children still running, so a Ctrl-C handler can end them (each leads its own process group). */
const running = new Set<ChildProcess>();

export function killMeasured(signal: NodeJS.Signals): void {
	for (const child of running) killGroup(child, signal);
}

/**
 * Runs a command in its own process group while sampling the group's memory. It never blocks the
 * event loop: the emulator receiving the upload lives in this process.
 */
export function runMeasured(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<MeasuredRun> {
	return new Promise((resolvePromise, reject) => {
		const started = Date.now();
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		running.add(child);
		if (child.pid === undefined) {
			running.delete(child);
			reject(new Error(`could not start ${command}`));
			return;
		}
		const sampler = sampleRss(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => {
			stderr += `\n[killed after ${options.timeoutMs} ms]\n`;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			sampler.stop();
			running.delete(child);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			const wallMs = Date.now() - started;
			const rss = sampler.stop();
			running.delete(child);
			// A task runner must not outlive its n8n: it would skew the next run's figures.
			if (child.pid !== undefined) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// group already empty
				}
			}
			resolvePromise({ code, stdout, stderr, wallMs, rss });
		});
	});
}
