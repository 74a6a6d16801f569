import { InvalidParameterError } from '../../nodes/Claap/helpers/errors';
import type { CreateRecordingFields } from '../../nodes/Claap/helpers/recordingBody';
import { buildCreateRecordingBody } from '../../nodes/Claap/helpers/recordingBody';

const base: CreateRecordingFields = {
	authorEmail: 'ada@example.com',
	announceTranscript: false,
	timeZone: 'UTC',
};

function refusal(fields: Partial<CreateRecordingFields>): InvalidParameterError {
	try {
		buildCreateRecordingBody({ ...base, ...fields });
	} catch (error) {
		if (error instanceof InvalidParameterError) return error;
		throw error;
	}
	throw new Error('the fields were accepted');
}

describe('buildCreateRecordingBody', () => {
	it("maps every field to Claap's body names", () => {
		expect(
			buildCreateRecordingBody({
				authorEmail: ' ada@example.com ',
				title: 'Discovery call',
				folderId: 'chan_1',
				source: 'Zoom',
				meetingStartedAt: '2025-02-25T13:00:00Z',
				meetingEndedAt: '2025-02-25T13:45:00Z',
				participants: [
					{ name: 'Ada', email: 'ada@example.com', isOrganizer: true },
					{ name: 'Grace', email: '', isOrganizer: false },
				],
				dealId: '42',
				dealCrmType: 'hubspot',
				downloadUrl: 'https://example.com/a.mp4',
				announceTranscript: true,
				timeZone: 'Europe/Paris',
			}),
		).toEqual({
			authorEmail: 'ada@example.com',
			title: 'Discovery call',
			channelId: 'chan_1',
			source: 'Zoom',
			downloadUrl: 'https://example.com/a.mp4',
			meeting: {
				startedAt: '2025-02-25T13:00:00.000Z',
				endedAt: '2025-02-25T13:45:00.000Z',
				participants: [
					{ name: 'Ada', email: 'ada@example.com', isOrganizer: true },
					{ name: 'Grace' },
				],
			},
			deal: { id: '42', type: 'hubspot' },
			transcript: { type: 'upload' },
		});
	});

	it('sends only the author when nothing else is set', () => {
		expect(buildCreateRecordingBody({ ...base, title: '  ', folderId: '' })).toEqual({
			authorEmail: 'ada@example.com',
		});
	});

	it("sends every date as ISO-8601 UTC, reading dates without an offset in the workflow's time zone", () => {
		const meeting = (
			meetingStartedAt: unknown,
			meetingEndedAt: unknown,
			timeZone = 'America/New_York',
		) => buildCreateRecordingBody({ ...base, meetingStartedAt, meetingEndedAt, timeZone }).meeting;
		// 10:00 in New York is 15:00 UTC in February (EST) and 14:00 UTC in July (EDT).
		expect(meeting('2025-02-25 10:00:00', '2025-02-25T10:30')).toEqual({
			startedAt: '2025-02-25T15:00:00.000Z',
			endedAt: '2025-02-25T15:30:00.000Z',
		});
		expect(meeting('2025-07-01T10:00:00', '2025-07-01 10:45')).toEqual({
			startedAt: '2025-07-01T14:00:00.000Z',
			endedAt: '2025-07-01T14:45:00.000Z',
		});
		// A bare date is midnight there; an explicit offset or Z is kept as the instant it names.
		expect(meeting('2025-02-25', '2025-02-25T13:00:44.602+01:00')).toEqual({
			startedAt: '2025-02-25T05:00:00.000Z',
			endedAt: '2025-02-25T12:00:44.602Z',
		});
		// Date objects and Luxon DateTimes from expressions carry their own instant.
		const luxonLike = { toISO: () => '2025-02-26T11:00:00.000+01:00' };
		expect(meeting(new Date('2025-02-26T09:00:00.000Z'), luxonLike, 'Asia/Tokyo')).toEqual({
			startedAt: '2025-02-26T09:00:00.000Z',
			endedAt: '2025-02-26T10:00:00.000Z',
		});
	});

	it.each([
		[{ authorEmail: '' }, 'Author Email', 'is empty'],
		[{ authorEmail: 'ada@' }, 'Author Email', '"ada@" is not an email address'],
		[
			{ meetingStartedAt: '2025-02-25T13:00' },
			'Meeting End',
			'a meeting needs both a start and an end',
		],
		[
			{ meetingEndedAt: '2025-02-25T13:00' },
			'Meeting Start',
			'a meeting needs both a start and an end',
		],
		[
			{ meetingStartedAt: 'yesterday', meetingEndedAt: '2025-02-25' },
			'Meeting Start',
			'"yesterday" is not an ISO-8601 date',
		],
		[
			{ meetingStartedAt: '2025-02-25', meetingEndedAt: '2025-02-31T10:00' },
			'Meeting End',
			'is not an ISO-8601 date',
		],
		[
			{ meetingStartedAt: '2025-02-25T14:00', meetingEndedAt: '2025-02-25T13:00' },
			'Meeting End',
			'is not after Meeting Start',
		],
		[
			{ meetingStartedAt: '2025-02-25T13:00', meetingEndedAt: '2025-02-25T13:00' },
			'Meeting End',
			'is not after Meeting Start',
		],
		[{ participants: [{ name: 'Ada' }] }, 'Meeting Start', 'a meeting needs both'],
		[
			{
				meetingStartedAt: '2025-02-25',
				meetingEndedAt: '2025-02-26',
				participants: [{ name: ' ', email: 'a@b.co' }],
			},
			'Participants',
			'participant 1 has no name',
		],
		[
			{
				meetingStartedAt: '2025-02-25',
				meetingEndedAt: '2025-02-26',
				participants: [{ name: 'Ada' }, { name: 'Bob', email: 'bob' }],
			},
			'Participants',
			'participant 2 (Bob) has an invalid email "bob"',
		],
		[{ dealId: '42', dealCrmType: 'hubspot' }, 'Deal ID', 'a deal can only be linked to a meeting'],
		[{ dealId: '42' }, 'Deal CRM', 'a deal needs both an ID and a CRM'],
		[{ dealCrmType: 'hubspot' }, 'Deal ID', 'a deal needs both an ID and a CRM'],
		[{ dealId: '42', dealCrmType: 'zoho' }, 'Deal CRM', '"zoho" is not supported'],
		[{ source: 'Skype' }, 'Source', '"Skype" is not a source Claap knows'],
		[{ downloadUrl: '' }, 'Media URL', 'is empty'],
		[{ downloadUrl: 'ftp://example.com/a.mp4' }, 'Media URL', 'is not an http(s) URL'],
		[{ downloadUrl: 'not a url' }, 'Media URL', 'is not an http(s) URL'],
	] as Array<[Partial<CreateRecordingFields>, string, string]>)(
		'refuses %j in %s',
		(fields, parameter, problem) => {
			const error = refusal(fields);
			expect(error.parameter).toBe(parameter);
			expect(error.problem).toContain(problem);
			expect(error.fix.length).toBeGreaterThan(10);
		},
	);
});
