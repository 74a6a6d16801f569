import type { TestBed } from '../../integration/testBed';
import { jsonOf, startTestBed } from '../../integration/testBed';

describe('Workspace → Get', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	it("returns the key's workspace", async () => {
		const result = await bed.run({ resource: 'workspace', operation: 'get' }, [{ json: {} }]);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toMatchObject({
			id: expect.any(String),
			name: expect.any(String),
			membersCount: expect.any(Number),
		});
	});
});
