/**
 * `npm run emulator [-- --port 4010]`: runs the emulator until Ctrl-C.
 * Environment: CLAAP_EMULATOR_PORT (default 4010), CLAAP_EMULATOR_KEY (a fixed API key),
 * CLAAP_EMULATOR_WEBHOOK_URL + CLAAP_EMULATOR_WEBHOOK_SECRET (+ CLAAP_EMULATOR_WEBHOOK_ID): deliver
 * webhook events to a local receiver, e.g. a Claap Trigger's URL in a local n8n.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

import { startEmulator } from './index';

const DEFAULT_PORT = 4010;

function portFrom(args: string[], env: NodeJS.ProcessEnv): number {
	const flagIndex = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
	const raw =
		flagIndex === -1
			? env.CLAAP_EMULATOR_PORT
			: args[flagIndex].includes('=')
				? args[flagIndex].split('=')[1]
				: args[flagIndex + 1];
	if (raw === undefined || raw === '') return DEFAULT_PORT;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${raw}"`);
	return port;
}

async function main(): Promise<void> {
	const fixedKey = process.env.CLAAP_EMULATOR_KEY;
	const webhookUrl = process.env.CLAAP_EMULATOR_WEBHOOK_URL;
	// Kept after exit so uploaded files can be inspected; git ignores it.
	const dataDir = resolve('.emulator-data');
	await mkdir(dataDir, { recursive: true });
	const emulator = await startEmulator({
		port: portFrom(process.argv.slice(2), process.env),
		apiKeys: fixedKey ? [fixedKey] : undefined,
		storage: 'disk',
		dataDir,
		webhook: webhookUrl
			? {
					url: webhookUrl,
					secret: process.env.CLAAP_EMULATOR_WEBHOOK_SECRET ?? '',
					webhookId: process.env.CLAAP_EMULATOR_WEBHOOK_ID || undefined,
				}
			: undefined,
	});
	console.log(`Claap emulator listening on ${emulator.url}`);
	console.log(`API key:  ${emulator.apiKey}`);
	console.log(`Uploads:  ${dataDir}`);
	if (webhookUrl) console.log(`Webhooks: ${webhookUrl} (webhook id ${emulator.webhookId})`);
	console.log('Press Ctrl-C to stop.');

	const stop = () => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
