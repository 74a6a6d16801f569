import { recallCreateAttempt, rememberCreateProgress, rememberUnknownCreate } from '../../nodes/Claap/helpers/createProgress';

describe('create progress within an execution', () => {
	const body = { authorEmail: 'ada@example.com', title: 'Call' };

	it('is recalled for the same item and body only', () => {
		const progress = { recording: { id: 'rec_1' }, uploaded: {} };
		rememberCreateProgress('wf|1|node|0', body, progress);
		expect(recallCreateAttempt('wf|1|node|0', { ...body })?.progress).toBe(progress);
		// Other parameters are another recording; another item or execution is another place.
		expect(recallCreateAttempt('wf|1|node|0', { ...body, title: 'Other' })).toBeUndefined();
		expect(recallCreateAttempt('wf|1|node|1', body)).toBeUndefined();
		expect(recallCreateAttempt('wf|2|node|0', body)).toBeUndefined();
	});

	it('remembers a create of unknown outcome until the progress replaces it', () => {
		rememberUnknownCreate('wf|3|node|0', body, 1234);
		expect(recallCreateAttempt('wf|3|node|0', body)).toMatchObject({ createUnknownSinceMs: 1234 });
		rememberCreateProgress('wf|3|node|0', body, { recording: { id: 'rec_2' }, uploaded: {} });
		expect(recallCreateAttempt('wf|3|node|0', body)?.createUnknownSinceMs).toBeUndefined();
	});

	it('keeps at most 10,000 items, forgetting the oldest', () => {
		for (let index = 0; index <= 10_000; index++) rememberCreateProgress(`bulk|${index}`, body, { recording: {}, uploaded: {} });
		expect(recallCreateAttempt('bulk|0', body)).toBeUndefined();
		expect(recallCreateAttempt('bulk|1', body)).toBeDefined();
		expect(recallCreateAttempt('bulk|10000', body)).toBeDefined();
	});
});
