import type { ReceivedRequest } from '../../scripts/lib/emulator';
import type { TestBed } from '../integration/testBed';
import { seedRecording, startTestBed } from '../integration/testBed';

/** The most calls that started within any one second. */
function busiestSecond(requests: ReceivedRequest[]): number {
	let most = 0;
	for (let first = 0; first < requests.length; first++) {
		let count = 0;
		while (
			first + count < requests.length &&
			requests[first + count].at - requests[first].at < 1000
		)
			count++;
		most = Math.max(most, count);
	}
	return most;
}

describe('pacing: at most 3 calls per second to one endpoint within an execution', () => {
	describe("against Claap's real limits", () => {
		let bed: TestBed;
		beforeAll(async () => {
			bed = await startTestBed({ rateLimit: { perSecond: 3, burst: 3, perDay: 3000 } });
		});
		afterAll(async () => await bed.close());

		it('spreads many items over time instead of being refused', async () => {
			const items = Array.from({ length: 9 }, () => ({ json: {} }));
			const started = Date.now();
			const result = await bed.run(
				{ resource: 'workspace', operation: 'get', options: { maxRetries: 0 } },
				items,
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(9);
			expect(bed.apiCalls().every((call) => call.path === '/v1/workspaces/mine')).toBe(true);
			expect(busiestSecond(bed.apiCalls())).toBeLessThanOrEqual(3);
			expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		});
	});

	describe('while paging', () => {
		let bed: TestBed;
		beforeAll(async () => {
			bed = await startTestBed({ quotaPerAuthor: 1000 });
		});
		afterAll(async () => await bed.close());

		it("paces Get Many's pages", async () => {
			for (let index = 0; index < 450; index++)
				await seedRecording(bed.claap, { title: `Call ${index}` });
			bed.claap.requests.length = 0;
			const result = await bed.run(
				{ resource: 'recording', operation: 'getMany', returnAll: true },
				[{ json: {} }],
			);
			expect(result.items).toHaveLength(450);
			const pages = bed.apiCalls();
			expect(pages).toHaveLength(5);
			expect(busiestSecond(pages)).toBeLessThanOrEqual(3);
		});
	});
});
