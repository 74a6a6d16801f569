import type { RunNodeResult } from '../harness';
import { assertNoSecret } from './testBed';

describe('assertNoSecret', () => {
	const clean = {
		items: [{ json: { id: 'rec_1' } }],
		outputs: [],
		run: { data: {} },
	} as unknown as RunNodeResult;

	it('passes a result that does not hold the key', () => {
		expect(() => assertNoSecret(clean, 'cla_secret_123')).not.toThrow();
	});

	it.each([
		['an output item', { ...clean, items: [{ json: { header: 'cla_secret_123' } }] }],
		['an error message', { ...clean, error: new Error('X-Claap-Key: cla_secret_123') }],
		[
			"an error's nested data",
			{
				...clean,
				error: Object.assign(new Error('no'), {
					config: { headers: { 'X-Claap-Key': 'cla_secret_123' } },
				}),
			},
		],
		[
			'the execution data',
			{ ...clean, run: { data: { resultData: { error: { context: 'cla_secret_123' } } } } },
		],
	])('finds the key in %s', (_where, result) => {
		expect(() => assertNoSecret(result as unknown as RunNodeResult, 'cla_secret_123')).toThrow(
			/API key appeared/,
		);
	});
});
