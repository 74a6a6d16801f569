import {
	expectedProcessingMs,
	mediaHintsOfCreate,
	mediaHintsOfItem,
	mediaSecondsOf,
	nextCheckDelayMs,
} from '../../nodes/Claap/helpers/waitSchedule';

/** The checks a wait makes for a recording that becomes Ready `readyAtMs` after the wait began. */
function simulate(
	readyAtMs: number,
	expectedMs: number | undefined,
): { checks: number; endedAtMs: number } {
	let now = 0;
	for (let checks = 1; ; checks++) {
		now += nextCheckDelayMs(now, expectedMs);
		if (now >= readyAtMs) return { checks, endedAtMs: now };
	}
}

const minutes = (count: number) => count * 60_000;

describe('the wait schedule', () => {
	it.each([1, 5, 20, 60])(
		'costs few checks when Claap takes as long as expected (%i min)',
		(processingMinutes) => {
			const { checks, endedAtMs } = simulate(
				minutes(processingMinutes),
				minutes(processingMinutes),
			);
			expect(checks).toBeLessThanOrEqual(5);
			expect(endedAtMs / minutes(processingMinutes)).toBeLessThanOrEqual(1.15);
		},
	);

	it('ends at most 15 % (or the 5 s floor) after Ready, however wrong the estimate', () => {
		for (const expectedMinutes of [undefined, 1, 5, 20]) {
			for (let readySeconds = 1; readySeconds <= 3 * 3600; readySeconds += 37) {
				const expected = expectedMinutes === undefined ? undefined : minutes(expectedMinutes);
				const { endedAtMs } = simulate(readySeconds * 1000, expected);
				const firstCheck = nextCheckDelayMs(0, expected);
				// A recording Ready before the first check waits for it; after that, 15 %.
				if (readySeconds * 1000 > firstCheck) {
					expect(endedAtMs).toBeLessThanOrEqual(
						Math.max(readySeconds * 1000 * 1.15, readySeconds * 1000 + 5000) + 1,
					);
				}
			}
		}
	});

	it('stays at 8 checks or fewer at 20 minutes from an estimate 30 % too short to one 60 % too long', () => {
		for (const factor of [0.7, 1, 1.6]) {
			expect(simulate(minutes(20), minutes(20) * factor).checks).toBeLessThanOrEqual(8);
		}
	});

	it('never checks more often than every 5 s, nor waits more than 10 min between checks', () => {
		expect(nextCheckDelayMs(1000, undefined)).toBe(5000);
		expect(nextCheckDelayMs(10 * 3600_000, undefined)).toBe(600_000);
	});
});

describe('media hints', () => {
	it('take a duration as given, else estimate it from the size and type', () => {
		expect(mediaSecondsOf({ mediaSeconds: 90, mediaBytes: 1 })).toBe(90);
		expect(mediaSecondsOf({ mediaBytes: 16_000 * 60, contentType: 'audio/mpeg' })).toBe(60);
		expect(mediaSecondsOf({ mediaBytes: 125_000 * 60, contentType: 'video/mp4' })).toBe(60);
		expect(mediaSecondsOf({})).toBeUndefined();
		expect(expectedProcessingMs({})).toBeUndefined();
		// 30 s plus a quarter of the duration: a 78-minute meeting, about 20 minutes.
		expect(expectedProcessingMs({ mediaSeconds: 78 * 60 })).toBe(minutes(20));
	});

	it("read a create (meeting times, else the transcript) and an item (Create's output, a recording)", () => {
		const meeting = { startedAt: '2025-02-25T10:00:00.000Z', endedAt: '2025-02-25T10:30:00.000Z' };
		expect(
			mediaHintsOfCreate({ meeting }, { bytes: 5, contentType: 'audio/wav' }).mediaSeconds,
		).toBe(1800);
		expect(mediaHintsOfCreate({}, undefined, 42).mediaSeconds).toBe(42);
		expect(
			mediaHintsOfItem({ uploaded: { media: { bytes: 1000, contentType: 'audio/wav' } } }),
		).toEqual({
			mediaSeconds: undefined,
			mediaBytes: 1000,
			contentType: 'audio/wav',
		});
		expect(mediaHintsOfItem({ durationSeconds: 600 }).mediaSeconds).toBe(600);
		expect(
			mediaHintsOfItem({ meeting: { startingAt: meeting.startedAt, endingAt: meeting.endedAt } })
				.mediaSeconds,
		).toBe(1800);
	});
});
