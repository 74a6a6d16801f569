import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	advancePosition,
	CLOCK_TOLERANCE_MS,
	CREATED_AFTER_OVERLAP_MS,
	listingStart,
	MAX_WAIT_FOR_READY_MS,
	positionFor,
	startPosition,
	type PollPosition,
} from '../../nodes/Claap/triggers/pollPosition';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ready = (id: string, ms: number): IDataObject => ({ id, state: 'Ready', createdAt: iso(ms) });
/** Claap lists recordings that are not Ready without `createdAt`. */
const thin = (id: string, state = 'Uploaded'): IDataObject => ({ id, state });
const ids = (recordings: IDataObject[]) => recordings.map((recording) => recording.id);

const position = (fields: Partial<PollPosition> = {}): PollPosition => ({
	folderId: '',
	boundary: iso(T0),
	handledIds: [],
	waitingSince: {},
	...fields,
});

describe('startPosition', () => {
	it('starts at the newest creation time, every recording listed counted as handled', () => {
		const start = startPosition(
			[thin('r3'), ready('r2', T0 + 20), ready('r1', T0 + 10)],
			'',
			T0 + 100,
		);
		expect(start).toEqual({
			folderId: '',
			boundary: iso(T0 + 20),
			handledIds: ['r3', 'r2', 'r1'],
			waitingSince: {},
		});
	});

	it("starts from the first recording when there is none, from n8n's clock when none has a creation time", () => {
		expect(startPosition([], 'ch_a', T0)).toEqual({
			folderId: 'ch_a',
			boundary: undefined,
			handledIds: [],
			waitingSince: {},
		});
		expect(startPosition([thin('r1')], '', T0).boundary).toBe(iso(T0 - CLOCK_TOLERANCE_MS));
	});
});

describe('listingStart and positionFor', () => {
	it('lists from a little before the boundary, or from the first recording', () => {
		expect(listingStart(position())).toBe(iso(T0 - CREATED_AFTER_OVERLAP_MS));
		expect(listingStart(position({ boundary: undefined }))).toBeUndefined();
	});

	it('accepts a stored position for the same folder only, and nothing malformed', () => {
		const stored = position({ folderId: 'ch_a', handledIds: ['r1'] });
		expect(positionFor(stored, 'ch_a')).toEqual(stored);
		expect(positionFor(stored, '')).toBeUndefined();
		expect(positionFor(undefined, '')).toBeUndefined();
		expect(
			positionFor({ folderId: '', boundary: 'yesterday', handledIds: [] }, ''),
		).toBeUndefined();
		expect(positionFor({ folderId: '' }, '')).toBeUndefined();
	});
});

describe('advancePosition', () => {
	const now = T0 + 60_000;

	it('emits new recordings oldest first and moves the boundary to the newest', () => {
		const step = advancePosition(position(), [ready('r1', T0 + 5), ready('r2', T0 + 9)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(ids(step.emit)).toEqual(['r1', 'r2']);
		expect(step.position).toEqual(position({ boundary: iso(T0 + 9), handledIds: ['r1', 'r2'] }));
	});

	it('skips the recordings handled before, and forgets those the next listing cannot return', () => {
		const previous = position({ handledIds: ['old', 'edge'] });
		const listing = [ready('old', T0 - 900), ready('edge', T0), ready('new', T0 + 2000)];
		const step = advancePosition(previous, listing, { onlyWhenReady: true, complete: true, now });
		expect(ids(step.emit)).toEqual(['new']);
		// The next listing starts at T0 + 1000; a Claap comparing coarser may reach back one more
		// overlap (to T0): 'edge' and 'new' can come back, 'old' cannot.
		expect(step.position.handledIds).toEqual(['edge', 'new']);
	});

	it('keeps the IDs of every recording created at the boundary instant', () => {
		const step = advancePosition(position(), [ready('a', T0 + 7), ready('b', T0 + 7)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(step.position.handledIds).toEqual(['a', 'b']);
		const again = advancePosition(
			step.position,
			[ready('a', T0 + 7), ready('b', T0 + 7), ready('c', T0 + 7)],
			{
				onlyWhenReady: true,
				complete: true,
				now,
			},
		);
		expect(ids(again.emit)).toEqual(['c']);
	});

	it('holds the boundary before a recording waited for, and remembers what it emitted after it', () => {
		const step = advancePosition(
			position(),
			[ready('r1', T0 + 5), thin('slow'), ready('r3', T0 + 50)],
			{
				onlyWhenReady: true,
				complete: true,
				now,
			},
		);
		expect(ids(step.emit)).toEqual(['r1', 'r3']);
		expect(step.position).toEqual(
			position({ boundary: iso(T0 + 5), handledIds: ['r1', 'r3'], waitingSince: { slow: now } }),
		);

		const later = advancePosition(
			step.position,
			[ready('r1', T0 + 5), ready('slow', T0 + 20), ready('r3', T0 + 50)],
			{
				onlyWhenReady: true,
				complete: true,
				now: now + 1000,
			},
		);
		expect(ids(later.emit)).toEqual(['slow']);
		// The next listing starts at T0 + 50 - 1000 and returns all three again.
		expect(later.position).toEqual(
			position({ boundary: iso(T0 + 50), handledIds: ['r1', 'slow', 'r3'] }),
		);
	});

	it('gives up on a recording that stays unprocessed too long, and does not wait for Failed ones', () => {
		const waiting = position({ waitingSince: { stuck: now - MAX_WAIT_FOR_READY_MS + 1 } });
		const held = advancePosition(waiting, [thin('stuck', 'Empty'), ready('r2', T0 + 9)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(held.position.boundary).toBe(iso(T0));
		expect(held.position.waitingSince).toEqual({ stuck: now - MAX_WAIT_FOR_READY_MS + 1 });

		const givenUp = advancePosition(held.position, [thin('stuck', 'Empty'), ready('r2', T0 + 9)], {
			onlyWhenReady: true,
			complete: true,
			now: now + 1,
		});
		expect(givenUp.emit).toEqual([]);
		expect(givenUp.position).toEqual(
			position({ boundary: iso(T0 + 9), handledIds: ['stuck', 'r2'] }),
		);

		const failed = advancePosition(position(), [thin('broken', 'Failed'), ready('r2', T0 + 9)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(ids(failed.emit)).toEqual(['r2']);
		expect(failed.position).toEqual(
			position({ boundary: iso(T0 + 9), handledIds: ['broken', 'r2'] }),
		);
	});

	it('emits thin recordings at once without Only When Ready, and recognises them once they have a date', () => {
		const step = advancePosition(position(), [thin('new', 'Empty')], {
			onlyWhenReady: false,
			complete: true,
			now,
		});
		expect(ids(step.emit)).toEqual(['new']);
		expect(step.position).toEqual(position({ handledIds: ['new'] }));
		const later = advancePosition(step.position, [ready('new', T0 + 3)], {
			onlyWhenReady: false,
			complete: true,
			now,
		});
		expect(later.emit).toEqual([]);
	});

	it('keeps what it knew about recordings beyond an incomplete listing', () => {
		const previous = position({ handledIds: ['beyond'], waitingSince: { slowBeyond: now - 5 } });
		const step = advancePosition(previous, [ready('r1', T0 + 5)], {
			onlyWhenReady: true,
			complete: false,
			now,
		});
		expect(step.position.handledIds).toEqual(['r1', 'beyond']);
		expect(step.position.waitingSince).toEqual({ slowBeyond: now - 5 });

		const complete = advancePosition(previous, [ready('r1', T0 + 5)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(complete.position.handledIds).toEqual(['r1']);
		expect(complete.position.waitingSince).toEqual({});
	});

	it('emits a recording listed twice (pages shifting under the cursor) once', () => {
		const step = advancePosition(position(), [ready('r1', T0 + 5), ready('r1', T0 + 5)], {
			onlyWhenReady: true,
			complete: true,
			now,
		});
		expect(ids(step.emit)).toEqual(['r1']);
		expect(step.position.handledIds).toEqual(['r1']);
	});
});

/**
 * A Claap list in miniature: creation times that may repeat, recordings that get Ready late,
 * `createdAfter` read inclusively or exclusively, listings cut short. Whatever happens, no
 * recording is emitted twice, none that existed at the start is emitted, and once every
 * recording is Ready and the listings are read whole, every other one has been emitted.
 *
 * (A poll reads at most 1,000 recordings; if more than that were created within the overlap
 * second, or after a recording still processed, a cut-short listing could not get past them.)
 */
describe('advancePosition against a simulated Claap', () => {
	interface Simulated {
		id: string;
		createdAtMs: number;
		ready: boolean;
	}

	type Step =
		| { kind: 'create'; gapMs: number; ready: boolean }
		| { kind: 'ready'; pick: number }
		| { kind: 'poll'; cut: number };

	const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
		fc.record({
			kind: fc.constant('create' as const),
			gapMs: fc.constantFrom(0, 0, 1, 400, 1500),
			ready: fc.boolean(),
		}),
		fc.record({ kind: fc.constant('ready' as const), pick: fc.nat() }),
		fc.record({ kind: fc.constant('poll' as const), cut: fc.integer({ min: 1, max: 6 }) }),
	);

	function list(
		recordings: Simulated[],
		createdAfter: string | undefined,
		exclusive: boolean,
	): IDataObject[] {
		const from = createdAfter === undefined ? -Infinity : Date.parse(createdAfter);
		return recordings
			.filter((recording) =>
				exclusive ? recording.createdAtMs > from : recording.createdAtMs >= from,
			)
			.map((recording) =>
				recording.ready ? ready(recording.id, recording.createdAtMs) : thin(recording.id),
			);
	}

	it.each([
		['inclusive', false],
		['exclusive', true],
	])('emits each recording once, with createdAfter read %s', (_, exclusive) => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ gapMs: fc.constantFrom(0, 1, 700), ready: fc.boolean() }), {
					maxLength: 5,
				}),
				fc.array(stepArbitrary, { maxLength: 40 }),
				fc.boolean(),
				(existing, steps, onlyWhenReady) => {
					const recordings: Simulated[] = [];
					let clock = T0;
					const create = (gapMs: number, isReady: boolean) => {
						clock += gapMs;
						recordings.push({ id: `r${recordings.length}`, createdAtMs: clock, ready: isReady });
					};
					for (const { gapMs, ready: isReady } of existing) create(gapMs, isReady);
					const before = new Set(recordings.map((recording) => recording.id));

					const newestFirst = list(recordings, undefined, exclusive).reverse();
					let current = startPosition(newestFirst, '', clock);
					const emitted: string[] = [];
					const poll = (cut = Infinity) => {
						const listing = list(recordings, listingStart(current), exclusive);
						const part = listing.slice(0, cut);
						const step = advancePosition(current, part, {
							onlyWhenReady,
							complete: part.length === listing.length,
							now: clock,
						});
						const emittedNow = ids(step.emit) as string[];
						// Oldest first within a poll.
						const order = emittedNow.map((id) =>
							recordings.findIndex((recording) => recording.id === id),
						);
						expect(order).toEqual([...order].sort((a, b) => a - b));
						emitted.push(...emittedNow);
						current = JSON.parse(JSON.stringify(step.position)) as PollPosition;
					};

					for (const step of steps) {
						if (step.kind === 'create') create(step.gapMs, step.ready);
						else if (step.kind === 'ready' && recordings.length > 0)
							recordings[step.pick % recordings.length].ready = true;
						else if (step.kind === 'poll') poll(step.cut);
					}
					for (const recording of recordings) recording.ready = true;
					poll();
					poll();

					expect(new Set(emitted).size).toBe(emitted.length);
					expect(emitted.filter((id) => before.has(id))).toEqual([]);
					expect([...emitted].sort()).toEqual(
						recordings
							.map((recording) => recording.id)
							.filter((id) => !before.has(id))
							.sort(),
					);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('a createdAfter that Claap compares to the second', () => {
	it('still recognises a recording from just before the listing start, so it is not emitted twice', () => {
		// r3 at 10:00:09.100 and r2 at 10:00:10.300: the next listing starts at 10:00:09.300. If Claap
		// truncates that to 10:00:09, r3 comes back and must be known as handled.
		const now = T0 + 60_000;
		const first = advancePosition(
			position({ boundary: iso(T0) }),
			[ready('r3', T0 + 9100), ready('r2', T0 + 10_300)],
			{
				onlyWhenReady: true,
				complete: true,
				now,
			},
		);
		expect(ids(first.emit)).toEqual(['r3', 'r2']);
		const coarseListing = [ready('r3', T0 + 9100), ready('r2', T0 + 10_300)].filter(
			(recording) =>
				Date.parse(String(recording.createdAt)) >=
				Math.floor(Date.parse(listingStart(first.position)!) / 1000) * 1000,
		);
		const second = advancePosition(first.position, coarseListing, {
			onlyWhenReady: true,
			complete: true,
			now: now + 60_000,
		});
		expect(ids(second.emit)).toEqual([]);
	});
});
