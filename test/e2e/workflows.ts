/**
 * The importable workflows under examples/ and the credentials they use, adapted for one local
 * n8n: the sample-file folder is rewritten to the folder n8n may read, and the credential points
 * at the emulator.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLE_FILES_DIR } from './fixtures';
import { ROOT, type JsonObject } from './runtime';

export const EXAMPLES_DIR = join(ROOT, 'examples');

/** The credential every example references. */
export const EMULATOR_CREDENTIAL = { id: 'claapEmulator001', name: 'Claap (local emulator)' };
/** The credential for the real Claap that `npm run dev` adds when CLAAP_API_KEY is set. */
export const CLAAP_CREDENTIAL = { id: 'claapCloud000001', name: 'Claap' };

export const WORKFLOWS = {
	files: 'claapExFiles0001',
	url: 'claapExUrl000001',
	later: 'claapExLater0001',
	batch: 'claapExBatch0001',
	webhook: 'claapExHook00001',
} as const;

export const WEBHOOK_PATH = 'claap-recording';

export interface ExampleWorkflow {
	file: string;
	id: string;
	name: string;
	json: JsonObject;
}

/** Reads examples/*.json with the sample-file folder replaced by `filesDir`. */
export function loadExamples(filesDir: string): ExampleWorkflow[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8').split(EXAMPLE_FILES_DIR).join(filesDir);
			const json = JSON.parse(text) as JsonObject;
			return { file, id: String(json.id), name: String(json.name), json };
		});
}

/** Writes the adapted examples, one file each, for `n8n import:workflow --separate --input=<dir>`. */
export function writeExamplesForImport(filesDir: string, dir: string): ExampleWorkflow[] {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const examples = loadExamples(filesDir);
	for (const example of examples) writeFileSync(join(dir, example.file), `${JSON.stringify(example.json, null, 2)}\n`);
	return examples;
}

export interface CredentialToImport {
	id: string;
	name: string;
	apiKey: string;
	baseUrl: string;
}

/**
 * Writes credentials for `n8n import:credentials` (plaintext `data`, which n8n encrypts with
 * N8N_ENCRYPTION_KEY). The file is readable by its owner only; delete it after the import.
 */
export function writeCredentialsFile(file: string, credentials: CredentialToImport[]): void {
	const rows = credentials.map(({ id, name, apiKey, baseUrl }) => ({
		id,
		name,
		type: 'claapApi',
		data: { apiKey, baseUrl },
	}));
	writeFileSync(file, JSON.stringify(rows), { mode: 0o600 });
}
