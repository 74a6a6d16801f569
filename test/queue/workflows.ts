/**
 * Workflows for the queue-mode suite (`npm run test:queue`), as n8n import JSON. Every one is
 * started by a production webhook (served by the main and the webhook processor) or, for the
 * files example, by a manual run that OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS sends to a worker.
 */
import type { JsonObject } from '../../scripts/lib/runtime';
import { EMULATOR_CREDENTIAL } from '../../scripts/lib/workflows';

export const QUEUE_WORKFLOWS = {
	multipart: 'qmMultipart00001',
	loadNone: 'qmLoadNone000001',
	loadBinary: 'qmLoadBinary0001',
	kill: 'qmKillUpload0001',
} as const;

export const PATHS = {
	multipart: 'qm-multipart',
	loadNone: 'qm-load-none',
	loadBinary: 'qm-load-binary',
	kill: 'qm-kill-upload',
} as const;

const credentials = { claapApi: { id: EMULATOR_CREDENTIAL.id, name: EMULATOR_CREDENTIAL.name } };

let nodeCounter = 0;
function nodeId(): string {
	nodeCounter++;
	return `0e9a1c2b-7d4f-4a11-9c3e-${String(nodeCounter).padStart(12, '0')}`;
}

function webhookNode(
	name: string,
	path: string,
	webhookId: string,
	parameters: JsonObject = {},
): JsonObject {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {}, ...parameters },
	};
}

function codeNode(name: string, jsCode: string): JsonObject {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: { jsCode },
	};
}

function readFileNode(name: string, fileSelector: string): JsonObject {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position: [440, 0],
		parameters: { fileSelector, options: {} },
	};
}

function createNode(name: string, parameters: JsonObject): JsonObject {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-claap.claap',
		typeVersion: 1,
		position: [660, 0],
		parameters: {
			resource: 'recording',
			operation: 'create',
			authorEmail: 'grace@example.com',
			transcriptSource: 'none',
			...parameters,
		},
		credentials,
	};
}

function chain(...names: string[]): JsonObject {
	const connections: JsonObject = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

function workflow(id: string, name: string, nodes: JsonObject[]): JsonObject {
	return {
		id,
		name,
		active: false,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
			saveManualExecutions: true,
		},
		pinData: {},
		nodes,
		connections: chain(...nodes.map((node) => String(node.name))),
	};
}

const SPLIT_ITEMS = 'return $input.first().json.body.items.map((item) => ({ json: item }));';

/** Retries generous enough for many executions sharing Claap's 3 calls per second. */
const LOAD_OPTIONS = { maxRetries: 10, maxRetryTimeSeconds: 300 };

export function queueWorkflows(): JsonObject[] {
	nodeCounter = 0;
	return [
		// 2. A file POSTed as multipart to the webhook processor, streamed to Claap by a worker.
		workflow(QUEUE_WORKFLOWS.multipart, 'QM: multipart upload → Create', [
			webhookNode('Upload', PATHS.multipart, '3b1d6a2e-0c55-4a9e-8f10-ab0000000001'),
			createNode('Create recording', {
				mediaSource: 'binary',
				binaryPropertyName: '={{ Object.keys($binary)[0] }}',
				additionalFields: { title: '={{ $json.body.title }}', source: 'Api' },
			}),
		]),
		// 3. Load: many items with Media Source None…
		workflow(QUEUE_WORKFLOWS.loadNone, 'QM: load, Media Source None', [
			webhookNode('Items', PATHS.loadNone, '3b1d6a2e-0c55-4a9e-8f10-ab0000000002', {
				responseData: 'allEntries',
			}),
			codeNode('Split items', SPLIT_ITEMS),
			createNode('Create recording', {
				mediaSource: 'none',
				additionalFields: { title: '={{ $json.title }}', source: 'Api' },
				options: LOAD_OPTIONS,
			}),
		]),
		// …and some small binaries read from disk on the worker.
		workflow(QUEUE_WORKFLOWS.loadBinary, 'QM: load, small binaries', [
			webhookNode('Items', PATHS.loadBinary, '3b1d6a2e-0c55-4a9e-8f10-ab0000000003', {
				responseData: 'allEntries',
			}),
			codeNode('Split items', SPLIT_ITEMS),
			readFileNode('Read file', '={{ $json.path }}'),
			createNode('Create recording', {
				mediaSource: 'binary',
				binaryPropertyName: 'data',
				additionalFields: { title: "={{ $('Split items').item.json.title }}", source: 'Api' },
				options: LOAD_OPTIONS,
			}),
		]),
		// 4. A large upload whose worker gets killed; "Skip If Already Created: Always" lets a
		// second run finish the first run's recording instead of creating another.
		workflow(QUEUE_WORKFLOWS.kill, 'QM: large upload, worker killed', [
			webhookNode('Start upload', PATHS.kill, '3b1d6a2e-0c55-4a9e-8f10-ab0000000004', {
				responseMode: 'onReceived',
			}),
			readFileNode('Read file', '={{ $json.body.path }}'),
			createNode('Create recording', {
				mediaSource: 'binary',
				binaryPropertyName: 'data',
				additionalFields: { title: "={{ $('Start upload').item.json.body.title }}", source: 'Api' },
				options: { skipIfAlreadyCreated: 'always', uploadTimeoutSeconds: 600 },
			}),
		]),
	];
}
