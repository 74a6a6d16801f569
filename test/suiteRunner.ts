import { killRunning } from '../scripts/lib/runtime';

/** Whether Ctrl-C (or a CI cancel) stopped the suite: scenarios check it before starting. */
export const suiteState = { interrupted: false };

export interface SuiteEnding {
	/** What a signal stops, for the log line, e.g. "n8n and the emulator". */
	stopping: string;
	/** Stops the suite's own processes; the runtime's children get SIGKILL after `graceMs`. */
	stop: () => void;
	/** How long stopped processes get to exit by themselves. */
	graceMs: number;
	/** Cleans up after main() threw, before the closing line. */
	afterError?: () => void;
}

/**
 * Runs a suite's main() and ends the process with its exit code. Whatever happens, the last line
 * is the `N passed, N failed` CI looks for, and no n8n, database or browser is left running.
 */
export function runSuite(main: () => Promise<number>, ending: SuiteEnding): void {
	const onSignal = (signal: NodeJS.Signals): void => {
		if (suiteState.interrupted) return;
		suiteState.interrupted = true;
		console.log(`\n${signal}: stopping ${ending.stopping}…`);
		ending.stop();
		setTimeout(() => {
			killRunning('SIGKILL');
			console.log('0 passed, 1 failed (interrupted)');
			process.exit(130);
		}, ending.graceMs);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	main().then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(error.stack ?? String(error));
			ending.afterError?.();
			console.log('0 passed, 1 failed');
			process.exit(1);
		},
	);
}
