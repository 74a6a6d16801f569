/**
 * The workflows the bench imports into n8n, one per file and method so that each `n8n execute`
 * runs exactly what is measured. Every one starts like a user's would: Manual Trigger, then
 * Read/Write Files from Disk copying the file into n8n's (filesystem) binary storage.
 */
import { CLAAP_NODE_TYPE, type JsonObject } from '../e2e/runtime';
import { EMULATOR_CREDENTIAL } from '../e2e/workflows';

export const BENCH_AUTHOR = 'bench@example.com';
export const CLAAP_NODE_NAME = 'Claap: Create';
export const HTTP_NODE_NAME = 'HTTP Request: PUT';
export const READ_NODE_NAME = 'Read file';

/** A 16-character workflow id, fixed so that `n8n execute --id` can name it. */
export function workflowId(kind: 'read' | 'claap' | 'http' | 'items', index: number): string {
	return `bench${kind.padEnd(5, '0')}${String(index).padStart(6, '0')}`;
}

const credentials = { claapApi: { id: EMULATOR_CREDENTIAL.id, name: EMULATOR_CREDENTIAL.name } };

function node(name: string, type: string, typeVersion: number, x: number, parameters: JsonObject, extra: JsonObject = {}): JsonObject {
	return { id: `${name.replace(/\W+/g, '-').toLowerCase()}-${x}`, name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(id: string, name: string, nodes: JsonObject[]): JsonObject {
	const connections: JsonObject = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[String(nodes[index].name)] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});
const readFile = (path: string) => node(READ_NODE_NAME, 'n8n-nodes-base.readWriteFile', 1.1, 220, { fileSelector: path, options: {} });

/** Control: only reads the file into binary storage (what the other two runs share). */
export function readOnlyWorkflow(id: string, path: string): JsonObject {
	return chain(id, `bench: read ${path}`, [trigger(), readFile(path)]);
}

/** (a) The Claap node: Recording → Create with Media Source Binary File. */
export function claapWorkflow(id: string, path: string): JsonObject {
	return chain(id, `bench: Claap node ${path}`, [
		trigger(),
		readFile(path),
		node(
			CLAAP_NODE_NAME,
			CLAAP_NODE_TYPE,
			1,
			440,
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: BENCH_AUTHOR,
				mediaSource: 'binary',
				binaryPropertyName: 'data',
				transcriptSource: 'none',
				additionalFields: { title: 'bench upload' },
			},
			{ credentials },
		),
	]);
}

/** (c) What a user would build instead: HTTP Request v4.2 PUTting the binary to the upload URL. */
export function httpRequestWorkflow(id: string, path: string, uploadUrl: string): JsonObject {
	return chain(id, `bench: HTTP Request node ${path}`, [
		trigger(),
		readFile(path),
		node(HTTP_NODE_NAME, 'n8n-nodes-base.httpRequest', 4.2, 440, {
			method: 'PUT',
			url: uploadUrl,
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		}),
	]);
}

/** Per-item overhead: `count` items, each a Create with Media Source None. */
export function itemsWorkflow(id: string, count: number): JsonObject {
	return chain(id, `bench: ${count} creates without media`, [
		trigger(),
		node('Make items', 'n8n-nodes-base.code', 2, 220, {
			jsCode: `return Array.from({ length: ${count} }, (_, index) => ({ json: { index } }));`,
		}),
		node(
			CLAAP_NODE_NAME,
			CLAAP_NODE_TYPE,
			1,
			440,
			{
				resource: 'recording',
				operation: 'create',
				authorEmail: BENCH_AUTHOR,
				mediaSource: 'none',
				transcriptSource: 'none',
				additionalFields: { title: '={{ "bench item " + $json.index }}' },
			},
			{ credentials },
		),
	]);
}
