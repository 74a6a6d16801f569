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
/** The webhook credential the trigger example references. */
export const WEBHOOK_CREDENTIAL = { id: 'claapHook0000001', name: 'Claap webhook' };
/** Where the trigger example posts; the suite points it at a local sink. */
export const EXAMPLE_CHAT_WEBHOOK_URL = 'https://hooks.example.com/claap-events';

/** The credential for the real Claap that `npm run dev` adds when CLAAP_API_KEY is set. */
export const CLAAP_CREDENTIAL = { id: 'claapCloud000001', name: 'Claap' };

export const WORKFLOWS = {
	files: 'claapExFiles0001',
	url: 'claapExUrl000001',
	later: 'claapExLater0001',
	batch: 'claapExBatch0001',
	retry: 'claapExRetry0001',
	webhook: 'claapExHook00001',
	trigger: 'claapExTrigger01',
	polling: 'claapExPolling01',
} as const;

/** The Claap Trigger's production webhook path: /webhook/<node webhookId>/<path>. */
export const TRIGGER_WEBHOOK_PATH = '5f0c2a4e-1b7d-4c39-9a51-c1aa9e0d7b01/webhook';

export const WEBHOOK_PATH = 'claap-recording';

export interface ExampleWorkflow {
	file: string;
	id: string;
	name: string;
	json: JsonObject;
}

/**
 * Reads examples/*.json with the sample-file folder replaced by `filesDir`, and any other
 * placeholder in `replacements` (e.g. the chat webhook URL) by its local stand-in.
 */
export function loadExamples(
	filesDir: string,
	replacements: Record<string, string> = {},
): ExampleWorkflow[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			let text = readFileSync(join(EXAMPLES_DIR, file), 'utf8')
				.split(EXAMPLE_FILES_DIR)
				.join(filesDir);
			for (const [placeholder, value] of Object.entries(replacements))
				text = text.split(placeholder).join(value);
			const json = JSON.parse(text) as JsonObject;
			return { file, id: String(json.id), name: String(json.name), json };
		});
}

/** Writes the adapted examples, one file each, for `n8n import:workflow --separate --input=<dir>`. */
export function writeExamplesForImport(
	filesDir: string,
	dir: string,
	replacements: Record<string, string> = {},
): ExampleWorkflow[] {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const examples = loadExamples(filesDir, replacements);
	for (const example of examples)
		writeFileSync(join(dir, example.file), `${JSON.stringify(example.json, null, 2)}\n`);
	return examples;
}

export interface CredentialToImport {
	id: string;
	name: string;
	apiKey: string;
	baseUrl: string;
}

export interface WebhookCredentialToImport {
	id: string;
	name: string;
	secret: string;
	webhookId: string;
}

/**
 * Writes credentials for `n8n import:credentials` (plaintext `data`, which n8n encrypts with
 * N8N_ENCRYPTION_KEY). The file is readable by its owner only; delete it after the import.
 */
export function writeCredentialsFile(
	file: string,
	credentials: Array<CredentialToImport | WebhookCredentialToImport>,
): void {
	const rows = credentials.map((credential) =>
		'secret' in credential
			? {
					id: credential.id,
					name: credential.name,
					type: 'claapWebhookApi',
					data: { secret: credential.secret, webhookId: credential.webhookId },
				}
			: {
					id: credential.id,
					name: credential.name,
					type: 'claapApi',
					data: { apiKey: credential.apiKey, baseUrl: credential.baseUrl },
				},
	);
	writeFileSync(file, JSON.stringify(rows), { mode: 0o600 });
}
