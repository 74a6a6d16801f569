import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Claap } from '../../../nodes/Claap/Claap.node';
import type { TestBed } from '../../integration/testBed';
import { jsonOf, startTestBed, waitForState, wavFile } from '../../integration/testBed';

const description = new Claap().description;

/** What n8n's editor shows for these parameter values: the names of the displayed parameters. */
function shown(version: number, values: INodeParameters): string[] {
	const node = { typeVersion: version };
	const parameters = NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		node,
		description,
	);
	return description.properties
		.filter((property: INodeProperties) =>
			NodeHelpers.displayParameter(parameters ?? {}, property, node, description),
		)
		.map((property) => property.name);
}

/** The option names of the collection (or group) `name` shown for these values. */
function optionNames(version: number, values: INodeParameters, name: string): string[] {
	const node = { typeVersion: version };
	const property = description.properties.find(
		(candidate) =>
			candidate.name === name && NodeHelpers.displayParameter(values, candidate, node, description),
	);
	return (property?.options ?? []).map((option) => ('name' in option ? option.name : ''));
}

const create = { resource: 'recording', operation: 'create' };

describe('Recording → Create, node version 1.2: what the panel shows', () => {
	it('offers Wait Until Ready as a field of its own, only when the recording can become ready now', () => {
		expect(shown(1.2, { ...create, mediaSource: 'binary' })).toContain('waitUntilReady');
		expect(shown(1.2, { ...create, mediaSource: 'none' })).not.toContain('waitUntilReady');
		expect(
			shown(1.2, { ...create, mediaSource: 'binary', transcriptSource: 'uploadLater' }),
		).not.toContain('waitUntilReady');
		// Version 1.1 keeps it among the options.
		expect(shown(1.1, { ...create, mediaSource: 'binary' })).not.toContain('waitUntilReady');
		expect(optionNames(1.1, create, 'options')).toContain('waitUntilReady');
	});

	it('groups the four retry and time limits, and Additional Fields puts the meeting together', () => {
		expect(optionNames(1.2, create, 'options')).toEqual([
			'lookBackHours',
			'pollIntervalSeconds',
			'retriesAndTimeouts',
			'skipIfAlreadyCreated',
			'waitTimeoutSeconds',
		]);
		expect(optionNames(1.1, create, 'options')).toEqual(
			expect.arrayContaining(['maxRetries', 'maxRetryTimeSeconds', 'timeoutSeconds']),
		);
		expect(optionNames(1.2, create, 'additionalFields')).toEqual([
			'folderId',
			'meeting',
			'source',
			'title',
		]);
		const additionalFields = description.properties.find(
			(property) =>
				property.name === 'additionalFields' &&
				NodeHelpers.displayParameter(create, property, { typeVersion: 1.2 }, description),
		);
		const meeting = additionalFields?.options?.find((option) => option.name === 'meeting') as
			| INodeProperties
			| undefined;
		const [details] = (meeting?.options ?? []) as Array<{ values: INodeProperties[] }>;
		expect(details.values.map((value) => value.displayName)).toEqual([
			'Meeting Start',
			'Meeting End',
			'Participants',
			'Deal ID',
			'Deal CRM',
		]);
	});

	it('shows one list of speakers per transcript input', () => {
		const fields = { ...create, transcriptSource: 'fields' };
		expect(shown(1.2, { ...fields, transcriptInputMode: 'lists' })).toEqual(
			expect.arrayContaining(['speakers']),
		);
		expect(shown(1.2, { ...fields, transcriptInputMode: 'lists' })).not.toContain('speakerMapping');
		expect(shown(1.2, { ...fields, transcriptInputMode: 'json' })).toContain('speakerMapping');
		expect(shown(1.2, { ...create, transcriptSource: 'binary' })).toContain('speakerMapping');
		expect(shown(1.1, { ...fields, transcriptInputMode: 'lists' })).toEqual(
			expect.arrayContaining(['speakers', 'speakerMapping']),
		);
	});
});

describe('Recording → Create, node version 1.2, against the Claap emulator', () => {
	let bed: TestBed;
	beforeAll(async () => {
		bed = await startTestBed({ quotaPerAuthor: 1000 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.claap.reset());

	const run = (parameters: INodeParameters) =>
		bed.run({ ...create, authorEmail: 'ada@example.com', ...parameters }, [{ json: {} }], {
			typeVersion: 1.2,
		});

	it('waits until ready when asked by the field, with the wait settings from Options', async () => {
		const data = await bed.harness.storeBinary({
			buffer: wavFile(1),
			fileName: 'a.wav',
			mimeType: 'audio/wav',
		});
		const result = await bed.run(
			{
				...create,
				authorEmail: 'ada@example.com',
				waitUntilReady: true,
				options: { pollIntervalSeconds: 1, waitTimeoutSeconds: 20 },
			},
			[{ json: {}, binary: { data } }],
			{ typeVersion: 1.2 },
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toMatchObject({ state: 'Ready' });
	});

	it('ignores a Wait Until Ready left on while the media is uploaded later, since the field is hidden then', async () => {
		const result = await run({ mediaSource: 'none', waitUntilReady: true });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toMatchObject({ upload: { url: expect.any(String) } });
	});

	it('sends the Meeting group as the meeting and the deal; a CRM without a deal ID is no deal', async () => {
		const meeting = {
			meetingStartedAt: '2025-02-25T13:00:00Z',
			meetingEndedAt: '2025-02-25T13:30:00Z',
			participants: { participant: [{ name: 'Ada', email: 'ada@example.com' }] },
			dealCrmType: 'salesforce',
		};
		await run({
			mediaSource: 'none',
			additionalFields: { meeting: { details: { ...meeting, dealId: 'D-1' } } },
		});
		await run({
			mediaSource: 'none',
			additionalFields: { meeting: { details: { ...meeting, dealId: ' ' } } },
		});
		const [withDeal, withoutDeal] = bed.apiCalls().map((call) => call.json);
		const expectedMeeting = {
			startedAt: '2025-02-25T13:00:00.000Z',
			endedAt: '2025-02-25T13:30:00.000Z',
			participants: [{ name: 'Ada', email: 'ada@example.com' }],
		};
		expect(withDeal).toEqual({
			authorEmail: 'ada@example.com',
			meeting: expectedMeeting,
			deal: { id: 'D-1', type: 'salesforce' },
		});
		expect(withoutDeal).toEqual({ authorEmail: 'ada@example.com', meeting: expectedMeeting });
	});

	it('takes the retry limits from the Retries and Timeouts group', async () => {
		bed.claap.injectFault({ method: 'GET', path: /^\/v1\/workspace/, status: 503, times: 5 });
		const result = await bed.run(
			{
				resource: 'workspace',
				operation: 'get',
				options: { retriesAndTimeouts: { limits: { maxRetries: 1 } } },
			},
			[{ json: {} }],
			{ typeVersion: 1.2 },
		);
		expect(result.error).toBeDefined();
		expect(bed.apiCalls()).toHaveLength(2);
	});

	it('names speakers from Speakers only when the transcript is given as lists', async () => {
		const result = await run({
			mediaSource: 'url',
			downloadUrl: 'https://files.example.com/a.mp3',
			transcriptSource: 'fields',
			transcriptInputMode: 'lists',
			segments: { segment: [{ start: 0, end: 2, speakerId: 'a', text: 'Hello' }] },
			speakers: { speaker: [{ speakerId: 'a', name: 'Ada' }] },
			// Left over from version 1.1, hidden from 1.2 on: not applied.
			speakerMapping: { speaker: [{ match: 'Nobody', displayName: 'Grace' }] },
		});
		expect(result.error).toBeUndefined();
		expect(bed.uploads()[0].json).toEqual({
			transcript: {
				segments: [{ start: 0, end: 2, speakerId: 'a', text: 'Hello' }],
				speakers: [{ speakerId: 'a', name: 'Ada' }],
			},
		});
		expect(await waitForState(bed.claap, jsonOf(result).id as string, ['Ready', 'Failed'])).toBe(
			'Ready',
		);
	});
});
