import {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	FileLocation,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	BINARY_ENCODING,
	deepCopy,
	fileTypeFromMimeType,
	NodeApiError,
	NodeConnectionTypes,
	NodeHelpers,
	NodeOperationError,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import prettyBytes from 'pretty-bytes';

import { name as packageName } from '../../package.json';
import { activateCoreServices, createCoreServices } from './core-services';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessInput, HarnessNodeTypes } from './node-types';

export interface HarnessOptions {
	/** Where filesystem binary data is written. Default: a temp dir removed by `cleanup()`. */
	storageDir?: string;
}

export interface StoreBinaryInput {
	/** A file to stream into storage; it is never read whole into memory. */
	filePath?: string;
	buffer?: Buffer;
	fileName: string;
	mimeType: string;
}

export interface RunNodeInput {
	/** An instance, e.g. `new Claap()`. */
	nodeType: INodeType | IVersionedNodeType;
	/** Every credential type the node uses, e.g. `[new ClaapApi()]`. */
	credentialTypes?: ICredentialType[];
	/** Default 1. */
	typeVersion?: number;
	/** The node's parameters as a workflow would store them; `={{ }}` expressions allowed. */
	parameters: INodeParameters;
	/** Decrypted credential data by credential type, e.g. `{ claapApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The items the node receives (json, plus binary from `storeBinary`/`memoryBinary`). */
	items: INodeExecutionData[];
	/** The node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Aborting it cancels the execution, as the Stop button in n8n does. */
	abortSignal?: AbortSignal;
	/** The node's Settings → Retry On Fail (n8n-core's own retry loop runs the node again). */
	retryOnFail?: { maxTries?: number; waitBetweenTries?: number };
	/** The workflow's time zone setting (n8n's default is America/New_York). */
	timezone?: string;
	/** How the execution was started: 'manual' by default; 'retry' as n8n's "Retry execution". */
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	/** The node's first output. */
	items: INodeExecutionData[];
	/** All of the node's outputs. */
	outputs: INodeExecutionData[][];
	/**
	 * The error n8n recorded for the node (what the editor would show), or for the execution.
	 * n8n stores errors as plain objects; this one is rebuilt as an instance of its class
	 * (`NodeApiError`, `NodeOperationError`, else `Error`) so tests can use `instanceof`.
	 */
	error?: Error;
	/** The whole execution as n8n-core returned it, for anything else worth asserting. */
	run: IRun;
}

export interface Harness {
	/** The filesystem binary data storage directory. */
	readonly storageDir: string;
	/**
	 * Stores a file in filesystem binary storage, streaming it, and returns the `IBinaryData`
	 * to put on an input item (with `id`, `fileName`, `mimeType`, `fileSize` and `bytes`).
	 */
	storeBinary(input: StoreBinaryInput): Promise<IBinaryData>;
	/** An in-memory binary (base64 `data`, no `id`), as n8n's `default` binary mode keeps them. */
	memoryBinary(buffer: Buffer, fileName: string, mimeType: string): IBinaryData;
	/** Runs the node once over `items`, inside a real n8n-core workflow execution. */
	runNode(input: RunNodeInput): Promise<RunNodeResult>;
	/** Reads an output binary (filesystem or in-memory) back into a Buffer. */
	readBinary(data: IBinaryData): Promise<Buffer>;
	/** Removes the harness's temp files (not a `storageDir` passed in by the caller). */
	cleanup(): Promise<void>;
}

const WORKFLOW_ID = 'harness-workflow';
const INPUT_NODE_TYPE = 'harness.input';
/** Where `storeBinary` writes: an execution-scoped location, like any node's output binary. */
const INPUT_FILES_LOCATION = FileLocation.ofExecution(WORKFLOW_ID, 'input-files');

/** Error classes a recorded node error can be restored to, by its `name`. */
const ERROR_CLASSES: Record<string, { prototype: Error }> = {
	NodeApiError,
	NodeOperationError,
};

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
	const rootDir = await mkdtemp(path.join(tmpdir(), 'n8n-harness-'));
	const storageDir = options.storageDir ?? path.join(rootDir, 'storage');
	const services = await createCoreServices(rootDir, storageDir);
	const { binaryDataService } = services;
	let executionCounter = 0;

	return {
		storageDir,

		async storeBinary({ filePath, buffer, fileName, mimeType }) {
			const body = filePath !== undefined ? createReadStream(filePath) : buffer;
			if (body === undefined) throw new UnexpectedError('storeBinary needs a filePath or a buffer');
			// The same call n8n-core's `prepareBinaryData` ends in, with the fields it fills.
			return await binaryDataService.store(INPUT_FILES_LOCATION, body, {
				data: '',
				fileName,
				mimeType,
				fileType: fileTypeFromMimeType(mimeType),
				fileExtension: path.extname(fileName).slice(1) || undefined,
			});
		},

		memoryBinary(buffer, fileName, mimeType) {
			return {
				data: buffer.toString(BINARY_ENCODING),
				fileName,
				mimeType,
				fileType: fileTypeFromMimeType(mimeType),
				fileExtension: path.extname(fileName).slice(1) || undefined,
				fileSize: prettyBytes(buffer.length),
				bytes: buffer.length,
			};
		},

		async runNode(input) {
			activateCoreServices(services);
			executionCounter += 1;
			return await runInWorkflow(input, String(executionCounter));
		},

		async readBinary(data) {
			return await binaryDataService.getAsBuffer(data);
		},

		async cleanup() {
			await rm(rootDir, { recursive: true, force: true });
		},
	};
}

interface HarnessWorkflow {
	workflow: Workflow;
	/** The same workflow as stored data, which the execution hooks receive. */
	workflowData: IWorkflowBase;
	inputNode: INode;
	node: INode;
}

/** Builds the two-node workflow `Input → <node under test>`, as a user would draw it. */
function buildWorkflow(input: RunNodeInput): HarnessWorkflow {
	const nodeTypes = new HarnessNodeTypes();
	const inputNodeType = new HarnessInput();
	nodeTypes.add(INPUT_NODE_TYPE, inputNodeType);
	// Installed community nodes are known to n8n as `<package name>.<node name>`.
	const nodeTypeName = `${packageName}.${input.nodeType.description.name}`;
	nodeTypes.add(nodeTypeName, input.nodeType);

	const typeVersion = input.typeVersion ?? 1;
	const { description } = NodeHelpers.getVersionedNodeType(input.nodeType, typeVersion);
	const inputNode: INode = {
		id: randomUUID(),
		name: inputNodeType.description.defaults.name ?? 'Input',
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: randomUUID(),
		name: description.defaults.name ?? description.displayName,
		type: nodeTypeName,
		typeVersion,
		position: [250, 0],
		parameters: deepCopy(input.parameters),
		// Which stored credential the node uses; the credentials helper looks data up by type.
		credentials: Object.fromEntries(
			Object.keys(input.credentials ?? {}).map((type) => [
				type,
				{ id: `${type}-1`, name: `${type} account` },
			]),
		),
		...(input.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(input.retryOnFail ? { retryOnFail: true, ...input.retryOnFail } : {}),
	};
	const nodes = [inputNode, node];
	const connections = {
		[inputNode.name]: {
			[NodeConnectionTypes.Main]: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};
	const settings: IWorkflowSettings = {
		executionOrder: 'v1',
		...(input.timezone ? { timezone: input.timezone } : {}),
	};
	const name = 'Node test harness';

	// `Workflow` fills in parameter defaults, exactly as when n8n loads a saved workflow.
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings,
	});
	const workflowData: IWorkflowBase = {
		id: WORKFLOW_ID,
		name,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
	};
	return { workflow, workflowData, inputNode, node };
}

/** Runs the workflow with n8n-core's `WorkflowExecute`, the engine behind every execution. */
async function runInWorkflow(input: RunNodeInput, executionId: string): Promise<RunNodeResult> {
	const { workflow, workflowData, inputNode, node } = buildWorkflow(input);
	const additionalData = createAdditionalData(
		executionId,
		new ExecutionLifecycleHooks(input.mode ?? 'manual', executionId, workflowData),
		new HarnessCredentialsHelper(input.credentialTypes ?? [], deepCopy(input.credentials ?? {})),
	);

	const workflowExecute = new WorkflowExecute(additionalData, input.mode ?? 'manual');
	const execution = workflowExecute.run({
		workflow,
		startNode: inputNode,
		// Copied: the engine writes `pairedItem` onto the items it passes on.
		pinData: { [inputNode.name]: deepCopy(input.items) },
	});

	// n8n stops an execution by cancelling this promise; the engine then aborts the signal
	// nodes see through `getExecutionCancelSignal()` and waits for the node to return.
	const cancel = () => execution.cancel();
	input.abortSignal?.addEventListener('abort', cancel, { once: true });
	if (input.abortSignal?.aborted) cancel();
	let run: IRun;
	try {
		run = await execution;
	} finally {
		input.abortSignal?.removeEventListener('abort', cancel);
	}

	// With no input items the node does not run at all, as in n8n: no task data, no output.
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const outputs = (taskData?.data?.[NodeConnectionTypes.Main] ?? []).map((output) => output ?? []);
	const recordedError = taskData?.error ?? run.data.resultData.error;
	return {
		items: outputs[0] ?? [],
		outputs,
		error: recordedError ? restoreError(recordedError) : undefined,
		run,
	};
}

export function restoreError(recorded: ExecutionError): Error {
	const errorClass = ERROR_CLASSES[recorded.name] ?? Error;
	return Object.assign(Object.create(errorClass.prototype) as Error, recorded);
}

/**
 * What the n8n CLI passes to every execution (`WorkflowExecuteAdditionalData.getBase`), reduced
 * to what a regular node can reach. Sub-workflows, code runners and AI features are absent.
 */
export function createAdditionalData(
	executionId: string,
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: HarnessCredentialsHelper,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (feature: string) => async (): Promise<never> => {
		throw new UnexpectedError(`${feature} is not available in the node test harness`);
	};
	const baseUrl = 'http://localhost:5678';
	return {
		executionId,
		hooks,
		credentialsHelper,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: notAvailable('Loading another execution'),
		getRuntimeCredential: notAvailable('A runtime credential'),
		startRunnerTask: notAvailable('A task runner'),
		logAiEvent: () => {},
	};
}
