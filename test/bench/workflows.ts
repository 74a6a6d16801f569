/**
 * The workflows the bench imports into n8n, one per file and method so that each `n8n execute`
 * runs exactly what is measured. Each starts with a Manual Trigger, then hands the file on in
 * n8n's (filesystem) binary storage in one of two ways:
 * - Stored file: a Code node outputs a reference to a file the bench placed in the storage
 *   beforehand, so the run does nothing heavy but the upload (the headline figures);
 * - Read/Write Files from Disk copies the file into the storage first, like a user's workflow.
 */
import { CLAAP_NODE_TYPE, type JsonObject } from '../../scripts/lib/runtime';
import { EMULATOR_CREDENTIAL } from '../../scripts/lib/workflows';

export const BENCH_AUTHOR = 'bench@example.com';
export const CLAAP_NODE_NAME = 'Claap: Create';
export const HTTP_NODE_NAME = 'HTTP Request: PUT';
export const READ_NODE_NAME = 'Read file';
export const STORED_NODE_NAME = 'Stored file';

export type WorkflowKind = 'read' | 'claap' | 'cread' | 'http' | 'items';

/** A 16-character workflow id, fixed so that `n8n execute --id` can name it. */
export function workflowId(kind: WorkflowKind, index: number): string {
	return `bench${kind.padEnd(5, '0')}${String(index).padStart(6, '0')}`;
}

const credentials = { claapApi: { id: EMULATOR_CREDENTIAL.id, name: EMULATOR_CREDENTIAL.name } };

function node(
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: JsonObject,
	extra: JsonObject = {},
): JsonObject {
	return {
		id: `${name.replace(/\W+/g, '-').toLowerCase()}-${x}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	};
}

function chain(id: string, name: string, nodes: JsonObject[]): JsonObject {
	const connections: JsonObject = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[String(nodes[index].name)] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});

/** Read/Write Files from Disk: copies the file into n8n's binary storage. */
export const readFile = (path: string) =>
	node(READ_NODE_NAME, 'n8n-nodes-base.readWriteFile', 1.1, 220, {
		fileSelector: path,
		options: {},
	});

/**
 * A Code node whose one item carries `binary` as its `data` field: a reference (id, size, type)
 * to a file already in n8n's binary storage, so nothing is read before the upload.
 */
export const storedFile = (binary: JsonObject) =>
	node(STORED_NODE_NAME, 'n8n-nodes-base.code', 2, 220, {
		jsCode: `return [{ json: {}, binary: { data: ${JSON.stringify(binary)} } }];`,
	});

/** The Claap node: Recording → Create by the bench's author, no transcript, with `parameters`. */
const recordingCreate = (parameters: JsonObject) =>
	node(
		CLAAP_NODE_NAME,
		CLAAP_NODE_TYPE,
		1,
		440,
		{
			resource: 'recording',
			operation: 'create',
			authorEmail: BENCH_AUTHOR,
			transcriptSource: 'none',
			...parameters,
		},
		{ credentials },
	);

/** Control: only reads the file into binary storage (what the Read/Write Files runs share). */
export function readOnlyWorkflow(id: string, path: string): JsonObject {
	return chain(id, `bench: read ${path}`, [trigger(), readFile(path)]);
}

/** (a) The Claap node: Recording → Create with Media Source Binary File, after `source`. */
export function claapWorkflow(id: string, source: JsonObject): JsonObject {
	return chain(id, `bench: Claap node after ${String(source.name)}`, [
		trigger(),
		source,
		recordingCreate({
			mediaSource: 'binary',
			binaryPropertyName: 'data',
			additionalFields: { title: 'bench upload' },
		}),
	]);
}

/** (c) What a user would build instead: HTTP Request v4.2 PUTting the binary to the upload URL. */
export function httpRequestWorkflow(id: string, source: JsonObject, uploadUrl: string): JsonObject {
	return chain(id, `bench: HTTP Request node after ${String(source.name)}`, [
		trigger(),
		source,
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
		recordingCreate({
			mediaSource: 'none',
			additionalFields: { title: '={{ "bench item " + $json.index }}' },
		}),
	]);
}
