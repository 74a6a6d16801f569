import type { IExecuteFunctions } from 'n8n-workflow';

import {
	createProgressKey,
	recallCreateAttempt,
	recordingsHeldInExecution,
	rememberCreateProgress,
	rememberUnknownCreate,
} from '../../nodes/Claap/helpers/createProgress';

/** The few context methods the key reads, as n8n-core's execute context answers them. */
function contextOf(executionId: string, runIndex: number): IExecuteFunctions {
	return {
		getNode: () => ({ id: 'node-1', name: 'Claap' }),
		getWorkflow: () => ({ id: 'wf-1' }),
		getExecutionId: () => executionId,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
	} as unknown as IExecuteFunctions;
}

describe('create progress within an execution', () => {
	it('is recalled for the same item of the same run only', () => {
		const progress = { recording: { id: 'rec_1' }, uploaded: {} };
		const key = createProgressKey(contextOf('1', 0), 0);
		rememberCreateProgress(key, progress);
		// Retry On Fail runs the node again in the same run: the same key.
		expect(recallCreateAttempt(createProgressKey(contextOf('1', 0), 0))?.progress).toBe(progress);
		// Another item, another run of the node (a loop), another execution: another place.
		expect(recallCreateAttempt(createProgressKey(contextOf('1', 0), 1))).toBeUndefined();
		expect(recallCreateAttempt(createProgressKey(contextOf('1', 1), 0))).toBeUndefined();
		expect(recallCreateAttempt(createProgressKey(contextOf('2', 0), 0))).toBeUndefined();
	});

	it('tells which recordings the other items of the execution hold', () => {
		const context = contextOf('3', 0);
		rememberCreateProgress(createProgressKey(context, 0), {
			recording: { id: 'rec_a' },
			uploaded: {},
		});
		rememberCreateProgress(createProgressKey(contextOf('3', 1), 0), {
			recording: { id: 'rec_b' },
			uploaded: {},
		});
		rememberCreateProgress(createProgressKey(contextOf('4', 0), 0), {
			recording: { id: 'rec_other' },
			uploaded: {},
		});
		expect([...recordingsHeldInExecution(context, createProgressKey(context, 1))].sort()).toEqual([
			'rec_a',
			'rec_b',
		]);
		expect([...recordingsHeldInExecution(context, createProgressKey(context, 0))]).toEqual([
			'rec_b',
		]);
	});

	it('remembers a create of unknown outcome until the progress replaces it', () => {
		const key = createProgressKey(contextOf('5', 0), 0);
		rememberUnknownCreate(key, 1234);
		expect(recallCreateAttempt(key)).toMatchObject({ createUnknownSinceMs: 1234 });
		rememberCreateProgress(key, { recording: { id: 'rec_2' }, uploaded: {} });
		expect(recallCreateAttempt(key)?.createUnknownSinceMs).toBeUndefined();
	});

	it('keeps at most 10,000 items, forgetting the oldest', () => {
		for (let index = 0; index <= 10_000; index++)
			rememberCreateProgress(`bulk|${index}`, { recording: {}, uploaded: {} });
		expect(recallCreateAttempt('bulk|0')).toBeUndefined();
		expect(recallCreateAttempt('bulk|1')).toBeDefined();
		expect(recallCreateAttempt('bulk|10000')).toBeDefined();
	});
});
