/**
 * Editor suite (`npm run test:editor`): the node as users meet it, in the n8n editor in a real
 * browser. Chromium from Debian's packages (installed when missing) driven by puppeteer-core,
 * against the pinned n8n with the packed package, the Claap emulator and the example credentials.
 *
 * Scenarios (each asserts on what the page shows):
 *  1. Nodes panel: "Claap" lists the node and both triggers; the node's actions and triggers.
 *  2. The parameter panel of every operation shows the parameters of the description, in order.
 *  3. Switching Media Source, Transcript, Input Mode and Output changes the visible fields.
 *  4. Additional Fields offers every field.
 *  5. The recording picker lists the emulator's recordings, filters by title; By URL takes a link.
 *  6. Claap API credential: Test succeeds with the emulator key, fails clearly with a wrong one.
 *  7. Claap webhook credential: its test checks the secret locally and says so.
 *  8. Executing Workspace → Get shows the workspace in the output panel.
 *  9. Executing Recording → Create from pinned binary data shows the recording.
 * 10. Light and dark themes: the icon is visible on the canvas in both.
 * 11. No browser console error and no n8n log line mentioning the package.
 *
 * Screenshots of every step go to .editor-shots/ (gitignored). EDITOR_ONLY=1,3 runs some
 * scenarios only; EDITOR_N8N_PORT, EDITOR_N8N_BROKER_PORT and EDITOR_EMULATOR_PORT fix the ports
 * (free ones otherwise). Prints `N passed, N failed` last and exits non-zero on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { Page } from 'puppeteer-core';

import { Checks } from '../e2e/checks';
import {
	CLAAP_NODE_TYPE,
	killRunning,
	N8N_VERSION,
	ROOT,
	secondsSince,
} from '../../scripts/lib/runtime';
import { SAMPLE_MEDIA_NAME, type SampleFiles } from '../../scripts/lib/fixtures';
import { EMULATOR_CREDENTIAL, WEBHOOK_CREDENTIAL } from '../../scripts/lib/workflows';
import { byText, clickText, ensureChromium, launchBrowser, sleep, texts, until } from './browser';
import {
	CLAAP_NODE_VERSION,
	claapNode,
	LOG_DIR,
	n8nLogProblems,
	OWNER,
	SEEDED_TITLES,
	startEnvironment,
	type EditorEnvironment,
	type WorkflowToImport,
} from './setup';
import { runSuite, suiteState } from '../suiteRunner';

const SHOTS_DIR = join(ROOT, '.editor-shots');
const RESULTS_FILE = join(ROOT, '.editor-results.json');
const log = (line: string) => console.log(line);

/** The operations of the node, as the suite opens them: resource, operation, action name. */
const OPERATIONS: Array<[string, string, string]> = [
	['recording', 'create', 'Create recording'],
	['recording', 'delete', 'Delete recording'],
	['recording', 'get', 'Get recording'],
	['recording', 'getMany', 'Get many recordings'],
	['recording', 'uploadMedia', 'Upload media to recording'],
	['recording', 'waitUntilReady', 'Wait until recording is ready'],
	['transcript', 'get', 'Get transcript'],
	['transcript', 'upload', 'Upload transcript'],
	['workspace', 'get', 'Get workspace'],
];

const opKey = (resource: string, operation: string) => `${resource}-${operation}`;

function workflowsToImport(samples: SampleFiles): WorkflowToImport[] {
	const workflows: WorkflowToImport[] = OPERATIONS.map(([resource, operation]) => ({
		key: opKey(resource, operation),
		name: `Claap ${resource} ${operation}`,
		nodes: [claapNode('Claap', { resource, operation })],
	}));
	const trigger = {
		id: 'node-manual',
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [160, 300],
		parameters: {},
	};
	workflows.push({
		key: 'createFromBinary',
		name: 'Claap create from pinned binary',
		nodes: [
			trigger,
			claapNode('Create Recording', {
				resource: 'recording',
				operation: 'create',
				authorEmail: 'grace@example.com',
				mediaSource: 'binary',
				additionalFields: { title: 'Editor upload' },
			}),
		],
		connections: {
			[trigger.name]: { main: [[{ node: 'Create Recording', type: 'main', index: 0 }]] },
		},
		// The sample WAV, pinned as the trigger's output as if an earlier node had read it.
		pinData: {
			[trigger.name]: [
				{
					json: { name: SAMPLE_MEDIA_NAME },
					binary: {
						data: {
							data: samples.media.toString('base64'),
							mimeType: 'audio/wav',
							fileName: SAMPLE_MEDIA_NAME,
							fileExtension: 'wav',
							fileSize: `${samples.media.length} B`,
						},
					},
				},
			],
		},
	});
	workflows.push({
		key: 'triggers',
		name: 'Claap triggers',
		nodes: [
			{
				id: 'node-claap-trigger',
				name: 'Claap Trigger',
				type: `${CLAAP_NODE_TYPE}Trigger`,
				typeVersion: 1,
				position: [160, 300],
				webhookId: '0e7ad1f4-6c7b-4d0e-8d7e-5d2b1d1c0a11',
				parameters: {},
				credentials: {
					claapWebhookApi: { id: WEBHOOK_CREDENTIAL.id, name: WEBHOOK_CREDENTIAL.name },
				},
			},
			claapNode('Claap', { resource: 'workspace', operation: 'get' }, [420, 300]),
		],
		connections: { 'Claap Trigger': { main: [[{ node: 'Claap', type: 'main', index: 0 }]] } },
	});
	return workflows;
}

interface Context {
	env: EditorEnvironment;
	page: Page;
	description: INodeTypeDescription;
	consoleErrors: string[];
	shots: string[];
}

async function shot(ctx: Context, name: string, clip?: string): Promise<void> {
	const path = join(SHOTS_DIR, `${name}.png`);
	if (clip) {
		const element = await ctx.page.$(clip);
		if (element) {
			await element.screenshot({ path });
			await element.dispose();
			ctx.shots.push(path);
			return;
		}
	}
	await ctx.page.screenshot({ path });
	ctx.shots.push(path);
}

async function login(ctx: Context): Promise<void> {
	const { page, env } = ctx;
	await page.goto(`${env.baseUrl}/signin`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('#emailOrLdapLoginId');
	await page.type('#emailOrLdapLoginId', OWNER.email);
	await page.type('#password', OWNER.password);
	await page.keyboard.press('Enter');
	await until('the sign-in to finish', async () => !page.url().includes('/signin'), 30_000);
}

async function openWorkflow(ctx: Context, key: string): Promise<void> {
	const { page, env } = ctx;
	await page.goto(`${env.baseUrl}/workflow/${env.workflows[key]}`, {
		waitUntil: 'domcontentloaded',
	});
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
	await sleep(300);
}

async function openNode(ctx: Context, name = 'Claap'): Promise<void> {
	const { page } = ctx;
	const node = await until(`canvas node ${name}`, () =>
		byText(page, '[data-test-id="canvas-node"]', name),
	);
	await node.click({ count: 2 });
	await node.dispose();
	await page.waitForSelector('[data-test-id="node-parameters"]', {
		visible: true,
		timeout: 20_000,
	});
	await sleep(500);
}

/** The labels of the top-level parameters the NDV shows, in order (the credential excluded). */
async function visibleParameters(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-item"]', (els) =>
		els
			.filter(
				(el) =>
					(el as HTMLElement).offsetParent !== null &&
					!el.parentElement?.closest('[data-test-id="parameter-item"]'),
			)
			.map((el) => el.querySelector('[data-test-id="input-label"]'))
			.filter((label): label is Element => label !== null)
			.map((label) =>
				((label as HTMLElement).innerText.split('\n')[0] ?? '').replace(/\s*\*$/, '').trim(),
			),
	);
}

/** Picks an option of an options parameter through its dropdown. */
async function choose(page: Page, parameter: string, option: string): Promise<void> {
	await page.click(`[data-test-id="parameter-input-${parameter}"]`);
	await clickText(
		page,
		'.el-select-dropdown__item',
		new RegExp(`^${option.replace(/[()]/g, '\\$&')}( |$)`),
	);
	await sleep(400);
}

/** The labels the description says are visible for these parameter values (top-level, notices excluded). */
/** Whether a node version meets a `@version` display condition: a number or `{ _cnd: { gte: 1.1 } }`. */
function versionMatches(allowed: unknown[], version: number): boolean {
	return allowed.some((condition) => {
		if (typeof condition === 'number') return condition === version;
		const test = (condition as { _cnd?: Record<string, number> })._cnd ?? {};
		return Object.entries(test).every(([operator, bound]) =>
			operator === 'gte'
				? version >= bound
				: operator === 'lte'
					? version <= bound
					: operator === 'gt'
						? version > bound
						: operator === 'lt'
							? version < bound
							: version === bound,
		);
	});
}

function expectedParameters(
	description: INodeTypeDescription,
	values: Record<string, unknown>,
): string[] {
	// The same name may be declared once per operation with its own default: the visible one counts.
	const current: Record<string, unknown> = { ...values };
	const visible = (property: INodeProperties) => {
		const show = property.displayOptions?.show ?? {};
		const hide = property.displayOptions?.hide ?? {};
		for (const [name, allowed] of Object.entries(show)) {
			if (name === '@version') {
				if (!versionMatches(allowed as unknown[], CLAAP_NODE_VERSION)) return false;
				continue;
			}
			if (name.startsWith('@')) continue;
			if (!(allowed as unknown[]).includes(current[name])) return false;
		}
		for (const [name, refused] of Object.entries(hide)) {
			if ((refused as unknown[]).includes(current[name])) return false;
		}
		return true;
	};
	const labels: string[] = [];
	const seen = new Set<string>();
	for (const property of description.properties) {
		if (seen.has(property.name) || !visible(property)) continue;
		seen.add(property.name);
		if (!(property.name in current)) current[property.name] = property.default;
		if (property.type !== 'notice') labels.push(property.displayName);
	}
	return labels;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function nodesPanel(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	await openWorkflow(ctx, opKey('workspace', 'get'));
	await page.click('[data-test-id="node-creator-plus-button"]');
	await page.waitForSelector('[data-test-id="node-creator-search-bar"]', { visible: true });
	await page.type(
		'[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]',
		'Claap',
	);
	await sleep(1200);
	const results = await texts(
		page,
		'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
	);
	await shot(ctx, '01-nodes-panel-search', '[data-test-id="node-creator"]');
	checks.ok(results.includes('Claap'), 'search "Claap" lists the Claap node', results);
	checks.ok(
		results.some((name) => /Claap Polling Trigger|Claap.*Polling/.test(name)),
		'search "Claap" lists the polling trigger',
		results,
	);
	// The Claap Trigger is grouped with the node: its events show as the app's triggers.
	await clickText(
		page,
		'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
		/^Claap$/,
	);
	await sleep(800);
	const actionsCategory = await byText(
		page,
		'[data-test-id="node-creator-category-item"]',
		/^Actions/,
	);
	if (actionsCategory) {
		await actionsCategory.click();
		await sleep(600);
	}
	const panel = await page.$eval(
		'[data-test-id="node-creator"]',
		(el) => (el as HTMLElement).innerText,
	);
	await shot(ctx, '02-nodes-panel-claap', '[data-test-id="node-creator"]');
	const items = await texts(
		page,
		'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
	);
	for (const [, , action] of OPERATIONS)
		checks.ok(items.includes(action), `action "${action}" listed`, items);
	checks.ok(items.includes('On recording added'), 'trigger "On recording added" listed', items);
	checks.ok(items.includes('On recording updated'), 'trigger "On recording updated" listed', items);
	checks.ok(/Triggers \(\d+\)/.test(panel), 'a Triggers section', panel);
	checks.ok(
		/Claap Polling Trigger/.test(panel),
		'the polling trigger is pointed to under Claap',
		panel,
	);
	await page.keyboard.press('Escape');
	return `${items.length} entries under Claap`;
}

async function parameterPanels(ctx: Context, checks: Checks): Promise<string> {
	const { page, description } = ctx;
	for (const [resource, operation] of OPERATIONS) {
		await openWorkflow(ctx, opKey(resource, operation));
		await openNode(ctx);
		const shown = await visibleParameters(page);
		const expected = expectedParameters(description, { resource, operation });
		checks.equal(shown, expected, `${resource} → ${operation}: parameters in order`);
		await shot(
			ctx,
			`03-params-${resource}-${operation}`,
			'[data-test-id="ndv"] [data-test-id="node-parameters"]',
		);
		if (resource === 'recording' && operation === 'create') {
			checks.ok(
				shown.includes('Author Email') && shown.includes('Media Source'),
				'Create shows Author Email and Media Source',
				shown,
			);
			await shot(ctx, 'create-parameters', '[data-test-id="ndv"]');
		}
	}
	return `${OPERATIONS.length} panels`;
}

async function switching(ctx: Context, checks: Checks): Promise<string> {
	const { page, description } = ctx;
	await openWorkflow(ctx, opKey('recording', 'create'));
	await openNode(ctx);
	const base = { resource: 'recording', operation: 'create' };
	const steps: Array<[string, string, string, Record<string, unknown>]> = [
		['mediaSource', 'URL', 'url', {}],
		['mediaSource', 'Upload Later', 'none', {}],
		['mediaSource', 'Binary File', 'binary', {}],
		['transcriptSource', 'From Binary File', 'binary', {}],
		['transcriptSource', 'From Fields', 'fields', {}],
		['transcriptInputMode', 'JSON', 'json', {}],
		['transcriptInputMode', 'Segments and Speakers', 'lists', {}],
		['transcriptSource', 'Upload Later', 'uploadLater', {}],
		['transcriptSource', 'None (Claap Transcribes)', 'none', {}],
	];
	const values: Record<string, unknown> = { ...base };
	for (const [parameter, option, value] of steps) {
		await choose(page, parameter, option);
		values[parameter] = value;
		const shown = await visibleParameters(page);
		checks.equal(
			shown,
			expectedParameters(description, values),
			`Create with ${parameter} = ${option}`,
		);
		await shot(
			ctx,
			`04-switch-${parameter}-${value}`,
			'[data-test-id="ndv"] [data-test-id="node-parameters"]',
		);
	}
	// Output of Transcript → Get: text for people and models, Claap's segments, or a file.
	await openWorkflow(ctx, opKey('transcript', 'get'));
	await openNode(ctx);
	const transcriptValues: Record<string, unknown> = { resource: 'transcript', operation: 'get' };
	for (const [option, value] of [
		['File', 'file'],
		['Raw', 'raw'],
		['Simplified', 'simplified'],
	] as const) {
		await choose(page, 'output', option);
		transcriptValues.output = value;
		checks.equal(
			await visibleParameters(page),
			expectedParameters(description, transcriptValues),
			`Transcript → Get with Output = ${option}`,
		);
		await shot(
			ctx,
			`04-switch-transcript-output-${value}`,
			'[data-test-id="ndv"] [data-test-id="node-parameters"]',
		);
	}
	return `${steps.length + 2} switches`;
}

/** The visible collection (or group) named `name` of Create, at the suite's node version. */
function createCollection(description: INodeTypeDescription, name: string): INodeProperties[] {
	const collection = description.properties.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.operation?.includes('create') &&
			versionMatches(
				property.displayOptions?.show?.['@version'] ?? [CLAAP_NODE_VERSION],
				CLAAP_NODE_VERSION,
			),
	);
	return (collection?.options ?? []) as INodeProperties[];
}

/** The options the Add button of the `index`th collection offers, its dropdown closed again. */
async function offeredBy(page: Page, index: number): Promise<string[]> {
	const buttons = await page.$$('[data-test-id="collection-parameter-add"]');
	await buttons[index].click();
	await sleep(600);
	const offered = await texts(page, '[data-test-id="collection-parameter-option"]');
	await page.keyboard.press('Escape');
	await sleep(300);
	return offered;
}

async function additionalFields(ctx: Context, checks: Checks): Promise<string> {
	const { page, description } = ctx;
	await openWorkflow(ctx, opKey('recording', 'create'));
	await openNode(ctx);
	const expected = createCollection(description, 'additionalFields').map(
		(option) => option.displayName,
	);
	// Additional Fields comes before Options: its Add Field select is the first.
	await page.click('[data-test-id="collection-parameter-add"]');
	await sleep(600);
	const offered = await texts(page, '[data-test-id="collection-parameter-option"]');
	await shot(ctx, '05-additional-fields', '[data-test-id="ndv"]');
	checks.ok(expected.length >= 4, 'the description has additional fields', expected);
	checks.equal(offered, expected, "Add Field offers every field, in the description's order");
	// The Meeting group holds what needs a meeting, Start before End.
	await clickText(page, '[data-test-id="collection-parameter-option"]', /^Meeting$/);
	await sleep(800);
	const meetingFields = (
		await texts(page, '[data-test-id="node-parameters"] [data-test-id="input-label"]')
	).map((label) => label.replace(/\s*\*$/, ''));
	await shot(
		ctx,
		'05-additional-fields-meeting',
		'[data-test-id="ndv"] [data-test-id="node-parameters"]',
	);
	const order = ['Meeting Start', 'Meeting End', 'Participants', 'Deal ID', 'Deal CRM'].map(
		(label) => meetingFields.findIndex((text) => text.startsWith(label)),
	);
	checks.ok(
		order.every(
			(position, index) => position !== -1 && (index === 0 || position > order[index - 1]),
		),
		'the Meeting group shows Meeting Start, Meeting End, Participants, Deal ID and Deal CRM, in that order',
		meetingFields,
	);
	// Options: the wait settings appear only once Wait Until Ready is on.
	const optionsBefore = await offeredBy(page, 1);
	await page.click('[data-test-id="parameter-input-waitUntilReady"]');
	await sleep(600);
	const optionsAfter = await offeredBy(page, 1);
	await shot(ctx, '05-create-options', '[data-test-id="ndv"] [data-test-id="node-parameters"]');
	checks.equal(
		optionsBefore,
		['Look Back (Hours)', 'Retries and Timeouts', 'Skip If Already Created'],
		'Options without Wait Until Ready: no wait settings, the four limits in one group',
	);
	checks.equal(
		optionsAfter,
		createCollection(description, 'options').map((option) => option.displayName),
		'Options with Wait Until Ready on add Poll Interval and Wait Timeout',
	);
	return `${offered.length} fields, ${optionsAfter.length} options`;
}

async function recordingPicker(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	await openWorkflow(ctx, opKey('recording', 'get'));
	await openNode(ctx);
	const locator = '[data-test-id="parameter-input-recordingId"]';
	await page.waitForSelector(locator, { visible: true });
	// The first input picks the mode (From List), the second opens the list.
	const inputs = await page.$$(`${locator} input`);
	await inputs[inputs.length - 1].click();
	const listed = await until(
		'recordings in the picker',
		async () => {
			const entries = await pickerEntries(page);
			return entries.length >= SEEDED_TITLES.length ? entries : undefined;
		},
		20_000,
	);
	await shot(ctx, '06-picker-list', '[data-test-id="ndv"]');
	checks.ok(
		listed.every((entry) => / · (\d+ h|(\d+ h )?\d+ (s|min))$/.test(entry)),
		'every picker entry shows its date and duration',
		listed,
	);
	for (const title of SEEDED_TITLES)
		checks.ok(
			listed.some((entry) => entry.includes(title)),
			`picker lists "${title}"`,
			listed,
		);
	// The list's search box has the focus once it opens.
	await page.keyboard.type('pricing');
	const filtered = await until(
		'the filtered list',
		async () => {
			const entries = await pickerEntries(page);
			return entries.length === 1 ? entries : undefined;
		},
		15_000,
	).catch(() => undefined);
	await shot(ctx, '07-picker-filter', '[data-test-id="ndv"]');
	checks.ok(
		filtered && filtered[0].includes('Pricing review with Globex'),
		'filter "pricing" leaves the Globex recording',
		filtered,
	);
	await page.evaluate(() => {
		const entry = Array.from(document.querySelectorAll<HTMLElement>('body *')).find(
			(el) =>
				el.offsetParent !== null &&
				el.children.length === 0 &&
				el.innerText?.startsWith('Pricing review with Globex · '),
		);
		entry?.click();
	});
	await sleep(500);
	const chosen = await page.$eval(locator, (el) =>
		Array.from(el.querySelectorAll('input'))
			.map((input) => input.value)
			.join(' '),
	);
	checks.ok(
		chosen.includes('Pricing review with Globex'),
		'the chosen recording shows by title',
		chosen,
	);

	// By URL: a Claap link. (Escape would close the whole panel.)
	const modeInputs = await page.$$(`${locator} input`);
	await modeInputs[0].click();
	await clickText(page, '.el-select-dropdown__item, [role="option"], li', /^By URL$/);
	await sleep(300);
	const urlInputs = await page.$$(`${locator} input`);
	const input = urlInputs[urlInputs.length - 1];
	await input?.click({ count: 3 });
	await input?.type('https://app.claap.io/acme/discovery-call-c-Yb2aT7uQx-rec_4f8a1d2c3b');
	await page.keyboard.press('Tab');
	await sleep(500);
	const area = await page.$eval(
		locator,
		(el) =>
			(el as HTMLElement).closest('[data-test-id="parameter-item"]')?.textContent ??
			el.textContent ??
			'',
	);
	await shot(ctx, '08-picker-url', '[data-test-id="ndv"]');
	checks.ok(!/not valid|invalid/i.test(area), 'the Claap link is accepted', area);
	return `${listed.length} recordings listed`;
}

/** The entries of the open recording list: the innermost elements reading "Title · 3 Dec 2026 · 32 min". */
async function pickerEntries(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		Array.from(document.querySelectorAll<HTMLElement>('body *'))
			.filter(
				(el) =>
					el.offsetParent !== null &&
					/^.+ · \d{1,2} [A-Z][a-z]{2} \d{4}( · .+)?$/.test(el.innerText?.trim() ?? ''),
			)
			.filter(
				(el) =>
					!Array.from(el.children).some(
						(child) => (child as HTMLElement).innerText?.trim() === el.innerText.trim(),
					),
			)
			.map((el) => el.innerText.trim()),
	);
}

async function openCredential(ctx: Context, id: string): Promise<string> {
	const { page, env } = ctx;
	await page.goto(`${env.baseUrl}/home/credentials/${id}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-test-id="credential-edit-dialog"]', {
		visible: true,
		timeout: 20_000,
	});
	return '[data-test-id="credential-edit-dialog"]';
}

async function testOutcome(page: Page, dialog: string): Promise<string> {
	return until(
		'the credential test outcome',
		async () => {
			const text = await page.$eval(dialog, (el) => (el as HTMLElement).innerText);
			return /tested successfully|Couldn.t connect|could not|failed|error/i.test(text)
				? text
				: undefined;
		},
		30_000,
	);
}

async function apiCredential(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	let dialog = await openCredential(ctx, EMULATOR_CREDENTIAL.id);
	const good = await testOutcome(page, dialog);
	await shot(ctx, '09-credential-ok', `${dialog}`);
	await shot(ctx, 'credential-dialog', `${dialog}`);
	checks.ok(
		/Connection tested successfully/.test(good),
		'the emulator key tests successfully',
		good,
	);

	dialog = await openCredential(ctx, WRONG_KEY_CREDENTIAL.id);
	await testOutcome(page, dialog);
	// n8n shows the credential's own message under "More details".
	await clickText(page, `${dialog} *`, /^More details$/);
	const bad = await until('the failure details', async () => {
		const text = await page.$eval(dialog, (el) => (el as HTMLElement).innerText);
		return /Claap refused/.test(text) ? text : undefined;
	}).catch(async () => page.$eval(dialog, (el) => (el as HTMLElement).innerText));
	await shot(ctx, '10-credential-wrong-key', `${dialog}`);
	checks.ok(!/tested successfully/.test(bad), 'a wrong key does not test successfully', bad);
	checks.ok(/Claap refused this API key/.test(bad), 'the failure says Claap refused the key', bad);
	checks.ok(
		/Settings → API/.test(bad) && /free plans/.test(bad) && /https:\/\/api\.claap\.io/.test(bad),
		'the failure says what to check (key, plan, Base URL)',
		bad,
	);
	return 'ok and wrong key';
}

async function webhookCredential(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	const dialog = await openCredential(ctx, WEBHOOK_CREDENTIAL.id);
	const title = await page.$eval(dialog, (el) => (el as HTMLElement).innerText);
	const outcome = await testOutcome(page, dialog).catch(() => title);
	await shot(ctx, '11-webhook-credential', dialog);
	checks.ok(
		!/Claap Webhook API/.test(title),
		'the webhook credential is not called an API credential',
		title.slice(0, 200),
	);
	checks.ok(/secret/i.test(outcome), 'the test speaks of the secret it checked', outcome);
	// n8n words any passed test "Connection tested successfully": the credential says what was checked.
	checks.ok(
		/cannot be asked to confirm/i.test(outcome),
		'the dialog says Claap cannot confirm the secret',
		outcome,
	);
	return 'webhook secret';
}

async function executeWorkspace(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	await openWorkflow(ctx, opKey('workspace', 'get'));
	await openNode(ctx);
	await page.click('[data-test-id="node-execute-button"]');
	await until(
		'the run to finish',
		async () =>
			(await page.$('[data-test-id="output-panel"] [data-test-id="radio-button-json"]')) ??
			undefined,
		45_000,
	);
	await sleep(500);
	await page.click('[data-test-id="output-panel"] [data-test-id="radio-button-json"]');
	const output = await until(
		'the output panel to show data',
		async () => {
			const text = await page.$eval(
				'[data-test-id="output-panel"]',
				(el) => (el as HTMLElement).innerText,
			);
			return text.includes('Emulated Workspace') ? text : undefined;
		},
		45_000,
	);
	await shot(ctx, '12-execute-workspace-get', '[data-test-id="ndv"]');
	checks.ok(/1 item/.test(output), 'one item in the output', output.slice(0, 300));
	checks.ok(
		output.includes('Emulated Workspace'),
		'the workspace name is shown',
		output.slice(0, 500),
	);
	return 'workspace shown';
}

async function executeCreate(ctx: Context, checks: Checks): Promise<string> {
	const { page, env } = ctx;
	await openWorkflow(ctx, 'createFromBinary');
	await openNode(ctx, 'Create Recording');
	await page.click('[data-test-id="node-execute-button"]');
	await until(
		'the run to finish',
		async () =>
			(await page.$('[data-test-id="output-panel"] [data-test-id="radio-button-json"]')) ??
			undefined,
		60_000,
	);
	await sleep(500);
	await page.click('[data-test-id="output-panel"] [data-test-id="radio-button-json"]');
	const output = await until(
		'the output panel to show the recording',
		async () => {
			const text = await page.$eval(
				'[data-test-id="output-panel"]',
				(el) => (el as HTMLElement).innerText,
			);
			return /rec_/.test(text) ? text : undefined;
		},
		60_000,
	);
	await shot(ctx, '13-execute-create', '[data-test-id="ndv"]');
	checks.ok(
		/Editor upload/.test(output),
		"the created recording's title is shown",
		output.slice(0, 400),
	);
	const created = env.emu
		.recordings()
		.filter((recording) => recording.body.title === 'Editor upload');
	checks.equal(created.length, 1, 'the emulator holds one recording from the editor');
	checks.ok(
		created[0]?.media?.bytes === env.samples.media.length,
		'the pinned binary arrived whole',
		created[0]?.media,
	);
	return 'recording created';
}

async function themes(ctx: Context, checks: Checks): Promise<string> {
	const { page } = ctx;
	const results: string[] = [];
	for (const theme of ['light', 'dark'] as const) {
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
		await page.evaluate((value) => localStorage.setItem('N8N_THEME', value), theme);
		await openWorkflow(ctx, 'triggers');
		await sleep(800);
		const icons = await page.$$eval('[data-test-id="canvas-node"] img', (els) =>
			els.map((el) => ({
				src: (el as HTMLImageElement).src,
				loaded: (el as HTMLImageElement).naturalWidth > 0,
				width: (el as HTMLImageElement).getBoundingClientRect().width,
			})),
		);
		const dark = await page.evaluate(
			() => document.body.getAttribute('data-theme') ?? document.documentElement.className,
		);
		await shot(ctx, `14-canvas-${theme}`, '[data-test-id="canvas-wrapper"]');
		const claapIcons = icons.filter((icon) => /claap/i.test(icon.src));
		checks.ok(claapIcons.length >= 2, `${theme}: Claap icons on the canvas`, icons);
		checks.ok(
			claapIcons.every((icon) => icon.loaded && icon.width > 10),
			`${theme}: every Claap icon loaded and drawn`,
			claapIcons,
		);
		if (theme === 'dark')
			checks.ok(
				claapIcons.every((icon) => /dark/.test(icon.src)),
				'dark: the dark icon is used',
				claapIcons,
			);
		results.push(`${theme} (${String(dark)})`);
	}
	// The Claap Trigger's subtitle names its events as people read them, whole (no CSS ellipsis).
	const subtitles = await page.$$eval('[data-test-id="canvas-node"] *', (els) =>
		els
			.filter(
				(el) => el.children.length === 0 && /^Recording (added|updated)/.test(el.textContent ?? ''),
			)
			.map((el) => ({
				text: (el.textContent ?? '').trim(),
				cut: (el as HTMLElement).scrollWidth > (el as HTMLElement).clientWidth + 1,
			})),
	);
	checks.ok(
		subtitles.some((subtitle) => subtitle.text === 'Recording added or updated' && !subtitle.cut),
		'the Claap Trigger reads "Recording added or updated" on the canvas, not cut',
		subtitles,
	);
	await page.evaluate(() => localStorage.removeItem('N8N_THEME'));
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
	return results.join(', ');
}

async function noErrors(ctx: Context, checks: Checks): Promise<string> {
	const consoleLines = ctx.consoleErrors.filter((line) => /claap/i.test(line));
	checks.equal(consoleLines, [], 'browser console errors mentioning the package');
	checks.equal(n8nLogProblems(), [], "n8n's log lines mentioning the package as a problem");
	return `${ctx.consoleErrors.length} console errors in all, none about the package`;
}

const WRONG_KEY_CREDENTIAL = { id: 'claapWrongKey001', name: 'Claap (wrong key)' };

const SCENARIOS: Array<{ name: string; run: (ctx: Context, checks: Checks) => Promise<string> }> = [
	{ name: '1. Nodes panel: Claap, its actions and both triggers', run: nodesPanel },
	{ name: '2. Parameter panel of every operation, in order', run: parameterPanels },
	{ name: '3. Switching Media Source, Transcript, Input Mode and Output', run: switching },
	{ name: '4. Additional Fields offers every field', run: additionalFields },
	{ name: '5. Recording picker: list, filter by title, By URL', run: recordingPicker },
	{
		name: '6. Claap API credential: test with the emulator key and a wrong key',
		run: apiCredential,
	},
	{ name: '7. Claap webhook credential: its test', run: webhookCredential },
	{ name: '8. Executing Workspace → Get shows the output', run: executeWorkspace },
	{ name: '9. Executing Recording → Create from a pinned binary', run: executeCreate },
	{ name: '10. Light and dark themes: the icon on the canvas', run: themes },
	{ name: '11. No console or n8n log error about the package', run: noErrors },
];

async function main(): Promise<number> {
	const started = Date.now();
	const only = process.env.EDITOR_ONLY?.split(',').map((n) => n.trim());
	log(`editor: n8n ${N8N_VERSION}, node type ${CLAAP_NODE_TYPE}, in Chromium`);
	mkdirSync(SHOTS_DIR, { recursive: true });
	const chromium = ensureChromium(log);
	const env = await startEnvironment(log, workflowsToImport, [
		{ ...WRONG_KEY_CREDENTIAL, apiKey: 'cla_wrong_key_for_the_editor_suite' },
	]);
	let passed = 0;
	let failed = 0;
	const launched = await launchBrowser(chromium);
	try {
		const page = await launched.browser.newPage();
		const consoleErrors: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
		});
		// "Leave without saving?": the suite saves nothing it changes.
		page.on('dialog', (dialog) => void dialog.accept());
		page.on('pageerror', (error) => consoleErrors.push(String((error as Error).stack ?? error)));
		const description = await loadDescription();
		const ctx: Context = { env, page, description, consoleErrors, shots: [] };
		await login(ctx);
		log(`  browser logged in (${secondsSince(started)} since start)`);
		log('');
		for (const [index, scenario] of SCENARIOS.entries()) {
			if (suiteState.interrupted) break;
			if (only && !only.includes(String(index + 1))) continue;
			const checks = new Checks();
			const scenarioStarted = Date.now();
			let summary = '';
			try {
				summary = await scenario.run(ctx, checks);
			} catch (error) {
				checks.failures.push(`threw: ${(error as Error).stack ?? String(error)}`);
				await page
					.screenshot({ path: join(SHOTS_DIR, `failed-${index + 1}.png`) })
					.catch(() => undefined);
			}
			const took = secondsSince(scenarioStarted);
			if (checks.failures.length === 0) {
				passed++;
				log(`PASS ${scenario.name} (${took}, ${checks.count} checks): ${summary}`);
			} else {
				failed++;
				log(
					`FAIL ${scenario.name} (${took}): ${checks.failures.length} of ${checks.count} checks failed`,
				);
				for (const failure of checks.failures) log(`     - ${failure}`);
			}
		}
		log('');
		log(`screenshots: ${ctx.shots.length} in ${SHOTS_DIR}`);
	} catch (error) {
		failed++;
		log(`FAIL setup: ${(error as Error).stack ?? String(error)}`);
	} finally {
		await launched.close();
		await env.stop();
	}
	log(`editor wall time: ${secondsSince(started)} (logs: ${LOG_DIR})`);
	log(`${passed} passed, ${failed} failed`);
	writeFileSync(RESULTS_FILE, JSON.stringify({ passed, failed }));
	return failed === 0 ? 0 : 1;
}

/** The built node's description, as n8n loads it. */
async function loadDescription(): Promise<INodeTypeDescription> {
	const module = (await import(join(ROOT, 'dist', 'nodes', 'Claap', 'Claap.node.js'))) as {
		Claap: new () => { description: INodeTypeDescription };
	};
	return new module.Claap().description;
}

runSuite(main, {
	stopping: 'n8n, the emulator and Chromium',
	stop: () => killRunning('SIGTERM'),
	graceMs: 5000,
	afterError: () => writeFileSync(RESULTS_FILE, JSON.stringify({ passed: 0, failed: 1 })),
});
