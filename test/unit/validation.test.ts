import { claapDate, parseDate } from '../../nodes/Claap/helpers/dates';
import { isEmail, isHttpUrl, mediaFormatOf } from '../../nodes/Claap/helpers/validation';

describe('mediaFormatOf', () => {
	it.each([
		['audio/wav', 'x.bin', 'wav', 'audio/wav'],
		['video/mp4', undefined, 'mp4', 'video/mp4'],
		['VIDEO/MP4; codecs="avc1"', undefined, 'mp4', 'video/mp4'],
		['application/octet-stream', 'meeting.MP3', 'mp3', 'audio/mpeg'],
		[undefined, 'meeting.webm', 'webm', 'video/webm'],
		['', 'clip.wmv', 'wmv', 'video/x-ms-wmv'],
		['audio/aac', undefined, 'aac', 'audio/aac'],
		['video/x-msvideo', undefined, 'avi', 'video/x-msvideo'],
	])('recognises %s / %s as %s', (mime, fileName, format, contentType) => {
		expect(mediaFormatOf(mime, fileName)).toEqual({ format, contentType });
	});

	it.each([
		['video/quicktime', 'meeting.mov'],
		['application/pdf', 'slides.pdf'],
		['application/octet-stream', 'noextension'],
		[undefined, undefined],
	])('refuses %s / %s', (mime, fileName) => {
		expect(mediaFormatOf(mime, fileName)).toBeUndefined();
	});
});

describe('parseDate', () => {
	it.each([
		['2025-02-25', 'UTC', '2025-02-25T00:00:00.000Z'],
		['2025-02-25T13:00', 'UTC', '2025-02-25T13:00:00.000Z'],
		['2025-02-25 13:00:00', 'Europe/Paris', '2025-02-25T12:00:00.000Z'],
		['2025-02-25T13:00:44Z', 'Europe/Paris', '2025-02-25T13:00:44.000Z'],
		['2025-02-25T13:00:44.602Z', 'UTC', '2025-02-25T13:00:44.602Z'],
		['2025-02-25T13:00:44+02:00', 'America/New_York', '2025-02-25T11:00:44.000Z'],
		['2025-02-25T13:00:44-0330', 'UTC', '2025-02-25T16:30:44.000Z'],
		// Summer time: Paris is UTC+2 in July; the day clocks go forward, 03:30 is after the change.
		['2025-07-14T09:00', 'Europe/Paris', '2025-07-14T07:00:00.000Z'],
		['2025-03-30T03:30', 'Europe/Paris', '2025-03-30T01:30:00.000Z'],
		// An unknown zone name falls back to UTC rather than failing.
		['2025-02-25T13:00', 'Mars/Olympus', '2025-02-25T13:00:00.000Z'],
		['2025-02-25T13:00+05:45', 'UTC', '2025-02-25T07:15:00.000Z'],
		['0099-02-25T13:00Z', 'UTC', '0099-02-25T13:00:00.000Z'],
	])('reads %s in %s as %s', (value, timeZone, iso) => {
		expect(new Date(parseDate(value, timeZone) as number).toISOString()).toBe(iso);
	});
	it.each([
		'',
		'25/02/2025',
		'tomorrow',
		'2025-13-01',
		'2025-02-29',
		'2025-02-25T25:00',
		'2025-02-25T13:60',
		'2025-02-25T13:00+05:99',
		'2025-02-25T13:00+99:00',
	])('refuses %j', (value) => {
		expect(parseDate(value, 'UTC')).toBeUndefined();
	});
});

describe('claapDate', () => {
	it('refuses objects from expressions, even without a usable toString, naming the parameter', () => {
		for (const value of [{ toString: undefined }, { when: 'today' }, [1, 2]]) {
			expect(() => claapDate('Meeting End', value, 'UTC')).toThrow(
				/^Meeting End: ".*" is not an ISO-8601 date$/,
			);
		}
		expect(
			claapDate('Meeting End', { toISO: () => '2025-02-25T10:00:00.000+01:00' }, 'UTC')?.iso,
		).toBe('2025-02-25T09:00:00.000Z');
	});
});

describe('isEmail', () => {
	it.each([
		'ada@example.com',
		'ada.lovelace@example.co.uk',
		"o'neil+claap@sub-domain.example.io",
		'ADA_99@EXAMPLE.COM',
		`${'a'.repeat(64)}@example.com`,
		'info@xn--e1afmkfd.xn--p1ai',
	])('accepts %s', (email) => expect(isEmail(email)).toBe(true));
	it.each([
		'a..b@x.io',
		'.ada@x.io',
		'ada.@x.io',
		'ada@x..io',
		'ada@-x.io',
		'ada@x-.io',
		'ada@x.i',
		'ada@x.123',
		'ada@x',
		'ada@@x.io',
		'a da@x.io',
		'ada@x.io ',
		'ada@x_y.io',
		'ada@',
		'@x.io',
		`${'a'.repeat(65)}@example.com`,
		`ada@${'a'.repeat(250)}.io`,
	])('refuses %j, as Claap does', (email) => expect(isEmail(email)).toBe(false));
});

describe('isEmail and isHttpUrl', () => {
	it('tell addresses apart', () => {
		expect(isEmail('ada@example.com')).toBe(true);
		expect(isEmail('ada@example')).toBe(false);
		expect(isEmail('a da@example.com')).toBe(false);
		expect(isEmail(undefined)).toBe(false);
		expect(isHttpUrl('https://x.io/a?b=c')).toBe(true);
		expect(isHttpUrl('http://127.0.0.1:4010/storage/abc')).toBe(true);
		expect(isHttpUrl('file:///etc/passwd')).toBe(false);
		expect(isHttpUrl('')).toBe(false);
	});
});
