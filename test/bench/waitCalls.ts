/**
 * API calls per recording for Recording → Create with Wait Until Ready, against the emulator, with
 * Claap taking realistic minutes to process. Minutes are run faster: the emulator's processing
 * time and the clock the node's wait reads (helpers/pause.ts `waitClock`) are both scaled by
 * TIME_SCALE, so the node's own code decides when to check, exactly as it would in real time.
 *
 * `npx ts-node --transpile-only --prefer-ts-exts test/bench/waitCalls.ts` alone (the flag: `Claap.node` is also a .json), or as part of `npm run bench`.
 */
import { GUESSES } from '../../nodes/Claap/helpers/apiContract';
import { pause, waitClock } from '../../nodes/Claap/helpers/pause';
import type { TestBed } from '../integration/testBed';
import { startTestBed, wavFile } from '../integration/testBed';

/**
 * One simulated minute lasts four real seconds. Not faster: the node paces its calls in real
 * time (3 a second per endpoint), and the shortest wait between checks, 5 s, must stay longer
 * than that pacing once scaled, or the pacing, not the schedule, would decide when checks happen.
 */
const TIME_SCALE = 15;

export interface WaitScenario {
	label: string;
	/** How long Claap really takes, in minutes. */
	processingMinutes: number;
	/** The meeting's length the node is told (Meeting Start/End), in minutes; none: no hint at all. */
	meetingMinutes?: number;
}

export interface WaitResult extends WaitScenario {
	/** API calls for the recording: the create and every check. */
	apiCalls: number;
	/** How long after the recording became Ready the wait ended, as a share of the processing time. */
	lateShare: number;
}

/** The meeting length for which the node's processing model expects `minutes` (GUESSES.processingTime). */
function meetingMinutesExpecting(minutes: number): number {
	const model = GUESSES.processingTime;
	return (minutes * 60 - model.fixedSeconds) / model.secondsPerMediaSecond / 60;
}

export const WAIT_SCENARIOS: WaitScenario[] = [
	...[1, 5, 20].map((minutes) => ({
		label: `${minutes} min, as the model expects`,
		processingMinutes: minutes,
		meetingMinutes: meetingMinutesExpecting(minutes),
	})),
	{
		label: '20 min, 1.6 × the model',
		processingMinutes: 20,
		meetingMinutes: meetingMinutesExpecting(20 / 1.6),
	},
	{
		label: '20 min, 0.7 × the model',
		processingMinutes: 20,
		meetingMinutes: meetingMinutesExpecting(20 / 0.7),
	},
	{ label: '5 min, nothing known of the media', processingMinutes: 5 },
];

async function runScenario(scenario: WaitScenario): Promise<WaitResult> {
	const processingMs = scenario.processingMinutes * 60_000;
	const bed: TestBed = await startTestBed({ processingDelayMs: processingMs / TIME_SCALE });
	try {
		const meetingStart = Date.UTC(2026, 0, 5, 10);
		const meeting =
			scenario.meetingMinutes === undefined
				? {}
				: {
						meetingStartedAt: new Date(meetingStart).toISOString(),
						meetingEndedAt: new Date(meetingStart + scenario.meetingMinutes * 60_000).toISOString(),
					};
		const data = await bed.harness.storeBinary({
			buffer: wavFile(1),
			fileName: 'call.wav',
			mimeType: 'audio/wav',
		});
		const result = await bed.run(
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: 'ada@example.com',
				additionalFields: meeting,
				options: { waitUntilReady: true, waitTimeoutSeconds: 4 * 3600 },
			},
			[{ json: {}, binary: { data } }],
		);
		if (result.error) throw result.error;
		const calls = bed.apiCalls();
		// Processing starts when the last file arrived; the wait ends with the check that saw Ready.
		const lastUpload = bed.uploads().at(-1)!.at;
		const lateMs = (calls.at(-1)!.at - (lastUpload + processingMs / TIME_SCALE)) * TIME_SCALE;
		return { ...scenario, apiCalls: calls.length, lateShare: lateMs / processingMs };
	} finally {
		await bed.close();
	}
}

/** Runs every scenario with the wait's clock scaled, and restores it. */
export async function measureWaitCalls(): Promise<WaitResult[]> {
	const { now, pause: realPause } = waitClock;
	const origin = Date.now();
	waitClock.now = () => origin + (Date.now() - origin) * TIME_SCALE;
	waitClock.pause = async (ms, signal) => await pause(ms / TIME_SCALE, signal);
	try {
		const results: WaitResult[] = [];
		for (const scenario of WAIT_SCENARIOS) results.push(await runScenario(scenario));
		return results;
	} finally {
		waitClock.now = now;
		waitClock.pause = realPause;
	}
}

export function waitTable(results: WaitResult[]): string[] {
	const lines = [
		`Create + Wait Until Ready, API calls per recording (emulator, time × ${TIME_SCALE}; model: ${GUESSES.processingTime.fixedSeconds} s + ${GUESSES.processingTime.secondsPerMediaSecond} × duration)`,
		'',
		'Claap takes                            meeting told  API calls  ended after Ready',
	];
	for (const result of results) {
		const meeting =
			result.meetingMinutes === undefined ? 'none' : `${result.meetingMinutes.toFixed(0)} min`;
		lines.push(
			`${result.label.padEnd(38)} ${meeting.padStart(12)} ${String(result.apiCalls).padStart(10)} ${`+${(result.lateShare * 100).toFixed(1)} %`.padStart(18)}`,
		);
	}
	return lines;
}

/** The headline: calls for a recording Claap takes 20 minutes to process, as the model expects. */
export function callsAtTwentyMinutes(results: WaitResult[]): number | undefined {
	return results.find((result) => result.label.startsWith('20 min, as'))?.apiCalls;
}

if (require.main === module) {
	measureWaitCalls().then(
		(results) => {
			for (const line of waitTable(results)) console.log(line);
			console.log(`api_calls_per_recording=${callsAtTwentyMinutes(results)}`);
			process.exit(0);
		},
		(error: Error) => {
			console.error(error.stack ?? String(error));
			process.exit(1);
		},
	);
}
