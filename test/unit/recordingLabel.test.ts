import { labelDate, labelDuration, recordingLabel } from '../../nodes/Claap/helpers/recordingLabel';

describe('recording picker labels', () => {
	it('names a Ready recording by title, UTC day and duration', () => {
		expect(
			recordingLabel({
				title: 'Weekly sync',
				createdAt: '2026-12-03T09:30:00.000Z',
				durationSeconds: 1925,
			}),
		).toBe('Weekly sync · 3 Dec 2026 · 32 min');
	});

	it('leaves out what Claap did not send', () => {
		expect(recordingLabel({ title: 'Upload pending' })).toBe('Upload pending');
		expect(recordingLabel({ title: 'No length', createdAt: '2026-01-31T23:59:59Z' })).toBe(
			'No length · 31 Jan 2026',
		);
		expect(recordingLabel({ title: 'No date', durationSeconds: 42 })).toBe('No date · 42 s');
		expect(recordingLabel({ createdAt: 'not a date', durationSeconds: 'long' })).toBe(
			'Untitled recording',
		);
	});

	it('reads dates in UTC with fixed English month names', () => {
		// Late evening in New York is already the next day in UTC.
		expect(labelDate('2026-03-01T03:15:00Z')).toBe('1 Mar 2026');
		expect(labelDate('2026-02-28T22:15:00-05:00')).toBe('1 Mar 2026');
		expect(labelDate('2025-05-09T00:00:00Z')).toBe('9 May 2025');
		expect(labelDate('2025-09-10T12:00:00Z')).toBe('10 Sep 2025');
		expect(labelDate('')).toBeUndefined();
		expect(labelDate(1764754200000)).toBeUndefined();
	});

	it('shows seconds under a minute, minutes under an hour, then hours and minutes', () => {
		expect(labelDuration(0)).toBe('0 s');
		expect(labelDuration(59)).toBe('59 s');
		expect(labelDuration(59.6)).toBe('1 min');
		expect(labelDuration(60)).toBe('1 min');
		expect(labelDuration(89)).toBe('1 min');
		expect(labelDuration(90)).toBe('2 min');
		expect(labelDuration(3569)).toBe('59 min');
		expect(labelDuration(3570)).toBe('1 h');
		expect(labelDuration(3900)).toBe('1 h 5 min');
		expect(labelDuration(2 * 3600 + 45 * 60)).toBe('2 h 45 min');
		expect(labelDuration(-1)).toBeUndefined();
		expect(labelDuration(Number.NaN)).toBeUndefined();
		expect(labelDuration('32')).toBeUndefined();
	});
});
