import { isEmail, isHttpUrl, mediaFormatOf, parseIsoDate } from '../../nodes/Claap/helpers/validation';

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

describe('parseIsoDate', () => {
	it.each(['2025-02-25', '2025-02-25T13:00', '2025-02-25T13:00:44Z', '2025-02-25T13:00:44.602Z', '2025-02-25T13:00:44+02:00'])(
		'accepts %s',
		(value) => expect(parseIsoDate(value)).toEqual(expect.any(Number)),
	);
	it.each(['', '25/02/2025', 'tomorrow', '2025-13-01', '2025-02-25T25:00', 42, null])('refuses %j', (value) => {
		expect(parseIsoDate(value)).toBeUndefined();
	});
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
