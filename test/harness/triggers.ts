import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	HookContext,
	PollContext,
	PollTriggerExecutor,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	deepCopy,
	NodeConnectionTypes,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';

import { name as packageName } from '../../package.json';
import { activateCoreServices, createCoreServices, type CoreServices } from './core-services';
import { HarnessCredentialsHelper } from './credentials-helper';
import { createAdditionalData, restoreError, type RunNodeResult } from './index';
import { HarnessNodeTypes } from './node-types';

/**
 * Trigger nodes in n8n-core's own machinery: a polling trigger's `poll()` through n8n-core's
 * `PollTriggerExecutor` and `PollContext`, a webhook trigger's `webhook()` through
 * `WebhookContext` with a real request and response from a node:http server, and the webhook
 * lifecycle through `HookContext`. What the n8n CLI adds around them (saving static data,
 * answering the webhook caller, starting the execution) is rebuilt here, following
 * `ActiveWorkflowManager`, `LiveWebhooks` and `webhook-helpers.ts` of n8n 2.x.
 */

export interface TriggerInput {
	/** An instance, e.g. `new ClaapTrigger()`. */
	nodeType: INodeType;
	/** Every credential type the node uses. */
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The node's parameters as a saved workflow holds them. */
	parameters: INodeParameters;
	/** The workflow's static data as n8n last saved it (default: none). */
	staticData?: IDataObject;
}

const WORKFLOW_ID = 'harness-trigger-workflow';

/** One workflow holding only the trigger, as the database would give it back. */
class TriggerWorkflow {
	readonly node: INode;
	readonly nodeTypes = new HarnessNodeTypes();
	/** The static data as saved: what a freshly loaded workflow starts from. */
	saved: IDataObject;
	private readonly credentialsHelper: HarnessCredentialsHelper;
	private executionCounter = 0;

	constructor(
		readonly input: TriggerInput,
		private readonly services: CoreServices,
	) {
		const { description } = input.nodeType;
		this.nodeTypes.add(`${packageName}.${description.name}`, input.nodeType);
		this.saved = deepCopy(input.staticData ?? {});
		this.credentialsHelper = new HarnessCredentialsHelper(
			input.credentialTypes ?? [],
			deepCopy(input.credentials ?? {}),
		);
		this.node = {
			id: randomUUID(),
			name: description.defaults.name ?? description.displayName,
			type: `${packageName}.${description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: deepCopy(input.parameters),
			// n8n gives every webhook node an id; it is the first segment of the webhook path.
			...(description.webhooks?.length ? { webhookId: randomUUID() } : {}),
			credentials: Object.fromEntries(
				Object.keys(input.credentials ?? {}).map((type) => [
					type,
					{ id: `${type}-1`, name: `${type} account` },
				]),
			),
		};
	}

	/** A `Workflow` built from the saved data, as n8n builds one per activation or webhook call. */
	load(): Workflow {
		return new Workflow({
			id: WORKFLOW_ID,
			name: 'Trigger test harness',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: deepCopy(this.saved),
			settings: { executionOrder: 'v1' },
		});
	}

	/** `WorkflowStaticDataService.saveStaticData`: writes only when the workflow flagged a change. */
	saveStaticData(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged !== true) return;
		this.saved = deepCopy(workflow.staticData);
		workflow.staticData.__dataChanged = false;
	}

	additionalData(mode: WorkflowExecuteMode): IWorkflowExecuteAdditionalData {
		activateCoreServices(this.services);
		this.executionCounter += 1;
		const executionId = `trigger-${this.executionCounter}`;
		return createAdditionalData(
			executionId,
			new ExecutionLifecycleHooks(mode, executionId, {
				id: WORKFLOW_ID,
				name: 'Trigger test harness',
				active: true,
				isArchived: false,
				activeVersionId: null,
				createdAt: new Date(),
				updatedAt: new Date(),
				nodes: [this.node],
				connections: {},
			}),
			this.credentialsHelper,
		);
	}

	/** Runs an execution that starts at the trigger with the items it produced, as WorkflowRunner does. */
	async execute(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		data: INodeExecutionData[][],
	): Promise<IRun> {
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: this.node, data: { main: data }, source: null }],
			},
		});
		return await new WorkflowExecute(
			this.additionalData(mode),
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
	}
}

function resultOf(run: IRun, nodeName: string): RunNodeResult {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	const outputs = (taskData?.data?.[NodeConnectionTypes.Main] ?? []).map((output) => output ?? []);
	const recordedError = taskData?.error ?? run.data.resultData.error;
	return {
		items: outputs[0] ?? [],
		outputs,
		error: recordedError ? restoreError(recordedError) : undefined,
		run,
	};
}

async function coreServices(): Promise<{ services: CoreServices; cleanup: () => Promise<void> }> {
	const rootDir = await mkdtemp(path.join(tmpdir(), 'n8n-trigger-harness-'));
	const services = await createCoreServices(rootDir, path.join(rootDir, 'storage'));
	return { services, cleanup: async () => await rm(rootDir, { recursive: true, force: true }) };
}

// ---- Polling triggers ----

export interface PollTrigger {
	/**
	 * Activates the workflow: n8n runs one poll at once (errors fail the activation) before the
	 * schedule takes over. Resolves to what that poll emitted, null for nothing.
	 */
	activate(): Promise<INodeExecutionData[][] | null>;
	/** One scheduled poll of the active workflow. Rejects with the error n8n would report for it. */
	poll(): Promise<INodeExecutionData[][] | null>;
	/** "Fetch Test Event" in the editor: a manual execution of the trigger alone. */
	fetchTestEvent(): Promise<RunNodeResult>;
	/** The static data as n8n last saved it (the node's own under `node:<name>`). */
	savedStaticData(): IDataObject;
	/** The node's saved static data. */
	savedNodeStaticData(): IDataObject;
	/** Deactivates and activates again from the saved static data, as after an n8n restart. */
	reactivate(): Promise<INodeExecutionData[][] | null>;
	cleanup(): Promise<void>;
}

/** A polling node's description with the "Poll Times" parameter n8n's node loader adds to it. */
function withPollTimes(nodeType: INodeType): INodeType {
	const { description } = nodeType;
	if (
		!description.polling ||
		description.properties.some((property) => property.name === 'pollTimes')
	)
		return nodeType;
	return Object.assign(
		Object.create(Object.getPrototypeOf(nodeType) as object) as INodeType,
		nodeType,
		{
			description: {
				...description,
				properties: [...commonPollingParameters, ...description.properties],
			},
		},
	);
}

export async function createPollTrigger(input: TriggerInput): Promise<PollTrigger> {
	if (!input.nodeType.poll) throw new UnexpectedError('createPollTrigger needs a node with poll()');
	const { services, cleanup } = await coreServices();
	const harness = new TriggerWorkflow(
		{ ...input, nodeType: withPollTimes(input.nodeType) },
		services,
	);
	let active: { run: (testing: boolean) => Promise<INodeExecutionData[][] | null> } | undefined;

	/** `ActiveWorkflowManager.activatePollTrigger`, minus the cron schedule the test drives by hand. */
	const activate = async () => {
		const workflow = harness.load();
		const mode: WorkflowExecuteMode = 'trigger';
		const activation: WorkflowActivateMode = 'activate';
		let emitted: INodeExecutionData[][] | null = null;
		let emittedError: Error | undefined;
		const pollFunctions = new PollContext(
			workflow,
			harness.node,
			harness.additionalData(mode),
			mode,
			activation,
			// `__emit` saves static data, then starts the execution with the polled items.
			(data) => {
				harness.saveStaticData(workflow);
				emitted = data;
			},
			(error) => {
				emittedError = error;
			},
			// A poll that emitted nothing commits what it staged.
			async () => harness.saveStaticData(workflow),
		);
		const executePoll = Container.get(PollTriggerExecutor).create(
			workflow,
			harness.node,
			pollFunctions,
			() => true,
		);
		active = {
			run: async (testing) => {
				emitted = null;
				emittedError = undefined;
				activateCoreServices(services);
				await executePoll(testing);
				if (emittedError) throw emittedError;
				if (emitted) await harness.execute(workflow, mode, emitted);
				return emitted;
			},
		};
		const firstPoll = await active.run(true);
		// ActiveWorkflowManager saves the static data once the workflow's triggers are active.
		harness.saveStaticData(workflow);
		return firstPoll;
	};

	return {
		activate,
		async poll() {
			if (!active) throw new UnexpectedError('Activate the poll trigger first');
			return await active.run(false);
		},
		async fetchTestEvent() {
			const workflow = harness.load();
			const execution = new WorkflowExecute(harness.additionalData('manual'), 'manual').run({
				workflow,
				startNode: harness.node,
			});
			return resultOf(await execution, harness.node.name);
		},
		savedStaticData: () => deepCopy(harness.saved),
		savedNodeStaticData: () =>
			deepCopy((harness.saved[`node:${harness.node.name}`] as IDataObject | undefined) ?? {}),
		async reactivate() {
			active = undefined;
			return await activate();
		},
		cleanup,
	};
}

// ---- Webhook triggers ----

export interface WebhookCall {
	/** What n8n answered the caller. */
	status: number;
	responseBody: string;
	/** The items the trigger handed to the workflow; undefined when it started no execution. */
	workflowData?: INodeExecutionData[][];
	/** The execution the call started. */
	run?: IRun;
	/** What `webhook()` threw (n8n then answers 500). */
	error?: Error;
}

export interface WebhookTrigger {
	/** The trigger's production URL in this process: POST events here. */
	readonly url: string;
	/** Every call received, in order, once answered. */
	readonly calls: WebhookCall[];
	/** The lifecycle methods n8n ran, in order, with their results. */
	readonly lifecycle: Array<{ method: 'checkExists' | 'create' | 'delete'; result: boolean }>;
	/**
	 * Activates the workflow: `checkExists`, then `create` when it answered false, as n8n's
	 * `WebhookService.createWebhookIfNotExists` does. Rejects as activation would fail.
	 */
	activate(): Promise<void>;
	/** Deactivates the workflow: `delete`. */
	deactivate(): Promise<boolean>;
	/** Resolves once `count` calls were answered (and their executions finished). */
	waitForCalls(count: number, timeoutMs?: number): Promise<WebhookCall[]>;
	/** The node's static data as n8n last saved it. */
	savedNodeStaticData(): IDataObject;
	close(): Promise<void>;
}

/** What n8n's webhook server adds to a request (`rawBody` is declared by n8n-workflow already). */
interface WebhookRequest extends IncomingMessage {
	body?: unknown;
	query?: Record<string, string>;
	params?: Record<string, string>;
}

function sendJson(res: ServerResponse, status: number, data: unknown): void {
	if (res.headersSent || res.writableEnded) return;
	const body = JSON.stringify(data);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(body),
	});
	res.end(body);
}

export async function startWebhookTrigger(
	input: TriggerInput & {
		mode?: 'webhook' | 'manual';
		/**
		 * Awaited after a call has loaded the workflow (n8n reads it from its database) and before
		 * the node runs: lets a test hold calls so that they all read the same saved static data.
		 */
		afterLoad?: () => Promise<void>;
	},
): Promise<WebhookTrigger> {
	const { nodeType } = input;
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === 'default');
	if (!nodeType.webhook || !description)
		throw new UnexpectedError('startWebhookTrigger needs a node with a default webhook');
	const { services, cleanup } = await coreServices();
	const harness = new TriggerWorkflow(input, services);
	const mode: WorkflowExecuteMode = input.mode ?? 'webhook';
	const calls: WebhookCall[] = [];
	const lifecycle: WebhookTrigger['lifecycle'] = [];
	const waiters = new Set<() => void>();

	const webhookData = (additionalData: IWorkflowExecuteAdditionalData): IWebhookData => ({
		httpMethod: 'POST',
		node: harness.node.name,
		path: `${harness.node.webhookId}/${description.path}`,
		webhookDescription: description as IWebhookDescription,
		workflowId: WORKFLOW_ID,
		workflowExecuteAdditionalData: additionalData,
		webhookId: harness.node.webhookId,
		isTest: mode === 'manual',
	});

	/** `LiveWebhooks.executeWebhook` + `executeWebhook` for a node answering with responseMode 'onReceived'. */
	const handle = async (req: WebhookRequest, res: ServerResponse): Promise<WebhookCall> => {
		const chunks: Buffer[] = [];
		for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
		req.rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://localhost');
		req.query = Object.fromEntries(url.searchParams);
		req.params = {};
		try {
			const text = req.rawBody.toString('utf8');
			req.body =
				/json/i.test(req.headers['content-type'] ?? '') && text !== '' ? JSON.parse(text) : {};
		} catch {
			// n8n's body parser refuses malformed JSON before any node sees it.
			sendJson(res, 400, { message: 'Failed to parse request body' });
			return { status: 400, responseBody: '' };
		}

		const workflow = harness.load();
		await input.afterLoad?.();
		const additionalData = harness.additionalData(mode);
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const context = new WebhookContext(
			workflow,
			harness.node,
			additionalData,
			mode,
			webhookData(additionalData),
			[],
			null,
		);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			sendJson(res, 500, {
				code: 0,
				message: 'Workflow Webhook Error: Workflow could not be started!',
			});
			return { status: 500, responseBody: '', error: error as Error };
		} finally {
			// LiveWebhooks saves the static data once the webhook answered, whatever it answered.
			harness.saveStaticData(workflow);
		}

		if (result.workflowData === undefined) {
			if (!result.noWebhookResponse) {
				sendJson(
					res,
					200,
					result.webhookResponse !== undefined
						? result.webhookResponse
						: { message: 'Webhook call received' },
				);
			}
			return { status: res.statusCode, responseBody: '' };
		}
		if (description.responseMode !== 'onReceived') {
			throw new UnexpectedError(`The harness only answers webhooks with responseMode 'onReceived'`);
		}
		// 'onReceived': the caller gets its answer before the execution runs, chosen as n8n 2.41.1's
		// extractWebhookOnReceivedResponse does: the description's responseData (default
		// 'firstEntryJson', sent as that literal text), unless it is empty; then the webhook's own
		// response, else n8n's message.
		if (!result.noWebhookResponse) {
			const responseData = description.responseData ?? 'firstEntryJson';
			if (responseData === 'noData') res.writeHead(200).end();
			else if (responseData) sendJson(res, 200, responseData);
			else
				sendJson(
					res,
					200,
					result.webhookResponse !== undefined
						? result.webhookResponse
						: { message: 'Workflow was started' },
				);
		}
		const run = await harness.execute(workflow, mode, result.workflowData);
		return { status: res.statusCode, responseBody: '', workflowData: result.workflowData, run };
	};

	const server: Server = createServer((req, res) => {
		const bodyChunks: Buffer[] = [];
		const originalEnd = res.end.bind(res);
		// Keeps what was answered, for the test to read.
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (Buffer.isBuffer(chunk) || typeof chunk === 'string') bodyChunks.push(Buffer.from(chunk));
			return (originalEnd as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
		}) as ServerResponse['end'];
		void handle(req as WebhookRequest, res).then(
			(call) => {
				calls.push({
					...call,
					status: res.statusCode,
					responseBody: Buffer.concat(bodyChunks).toString('utf8'),
				});
				for (const wake of waiters) wake();
			},
			(error: Error) => {
				sendJson(res, 500, { message: error.message });
				calls.push({ status: 500, responseBody: error.message, error });
				for (const wake of waiters) wake();
			},
		);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${harness.node.webhookId}/${description.path}`;

	/** `WebhookService.runWebhookMethod`. */
	const runLifecycleMethod = async (
		method: 'checkExists' | 'create' | 'delete',
		activation: WorkflowActivateMode,
	) => {
		const webhookFunction = nodeType.webhookMethods?.default?.[method];
		if (!webhookFunction)
			throw new UnexpectedError(`The node has no webhookMethods.default.${method}`);
		const workflow = harness.load();
		const additionalData = harness.additionalData(mode);
		const context = new HookContext(
			workflow,
			harness.node,
			additionalData,
			mode,
			activation,
			webhookData(additionalData),
		);
		const result = (await webhookFunction.call(context)) as boolean;
		lifecycle.push({ method, result });
		harness.saveStaticData(workflow);
		return result;
	};

	return {
		url,
		calls,
		lifecycle,
		async activate() {
			if (!(await runLifecycleMethod('checkExists', 'activate')))
				await runLifecycleMethod('create', 'activate');
		},
		async deactivate() {
			return await runLifecycleMethod('delete', 'activate');
		},
		async waitForCalls(count, timeoutMs = 5000) {
			if (calls.length >= count) return calls.slice(0, count);
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(wake);
					reject(new Error(`Only ${calls.length} of ${count} webhook calls arrived`));
				}, timeoutMs);
				const wake = () => {
					if (calls.length < count) return;
					clearTimeout(timer);
					waiters.delete(wake);
					resolve();
				};
				waiters.add(wake);
			});
			return calls.slice(0, count);
		},
		savedNodeStaticData: () =>
			deepCopy((harness.saved[`node:${harness.node.name}`] as IDataObject | undefined) ?? {}),
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			await cleanup();
		},
	};
}
