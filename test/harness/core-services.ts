import { Logger } from '@n8n/backend-common';
import { ExecutionsConfig, GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	InstanceSettings,
	StorageConfig,
} from 'n8n-core';
import { Expression } from 'n8n-workflow';
import path from 'node:path';

/**
 * n8n-core reaches its services through the `@n8n/di` container (`Container.get(...)` inside
 * the binary helpers, the HTTP helpers, every node execution context). The n8n CLI fills that
 * container at start-up; this module does the same for a test process, with the real classes.
 */

/**
 * A fixed key: n8n-core caches a `Cipher` built from the first `InstanceSettings` it sees, so
 * every harness in a process must agree on the key.
 */
const ENCRYPTION_KEY = 'n8n-node-test-harness';

let processServicesReady = false;

/**
 * Things that are global to the process in n8n too: the expression engine and the logger.
 *
 * n8n-workflow 2.x can evaluate expressions in three engines: `vm` (isolated-vm, a native module
 * that does not load on Node 20: "IsolatePool failed to create any bridges"), `quickjs` (WASM)
 * and `legacy` (in-process, what n8n 1.x always used). The n8n CLI picks one from
 * `N8N_EXPRESSION_ENGINE` (default `vm`) and calls `Expression.initExpressionEngine()`;
 * n8n-core alone never does, and `Expression` then stays on `legacy`. We select `legacy`
 * explicitly anyway: a failed `initExpressionEngine({ engine: 'vm' })` elsewhere in the process
 * would otherwise leave `vm` selected with no evaluator, and every expression would throw.
 */
function ensureProcessServices(instanceSettingsConfig: InstanceSettingsConfig): void {
	if (processServicesReady) return;
	Expression.setExpressionEngine('legacy');

	// n8n logs every node error through this logger; keep test output quiet unless asked.
	const globalConfig = Container.get(GlobalConfig);
	const level = process.env.N8N_LOG_LEVEL ? globalConfig.logging.level : 'silent';
	const loggerConfig = { ...globalConfig, logging: { ...globalConfig.logging, level } };
	// A root logger also becomes n8n-workflow's `LoggerProxy`.
	Container.set(Logger, new Logger(loggerConfig as GlobalConfig, instanceSettingsConfig));
	processServicesReady = true;
}

/** The per-instance services one harness owns: its n8n folder and its binary data storage. */
export interface CoreServices {
	instanceSettings: InstanceSettings;
	binaryDataConfig: BinaryDataConfig;
	binaryDataService: BinaryDataService;
}

/**
 * Builds an n8n "instance" whose user folder is `<rootDir>/.n8n` (so nothing is written to the
 * real `~/.n8n`) and whose binary data lives in filesystem mode under `storageDir`.
 * The constructors are called directly rather than through `Container.get`, so environment
 * variables such as `N8N_DEFAULT_BINARY_DATA_MODE` cannot change what a test runs against.
 */
export async function createCoreServices(
	rootDir: string,
	storageDir: string,
): Promise<CoreServices> {
	const instanceSettingsConfig = Object.assign(new InstanceSettingsConfig(), {
		n8nFolder: path.join(rootDir, '.n8n'),
		userHome: rootDir,
		encryptionKey: ENCRYPTION_KEY,
	});
	ensureProcessServices(instanceSettingsConfig);
	const logger = Container.get(Logger);

	// Writes `<rootDir>/.n8n/config` with the encryption key, as a fresh n8n install does.
	const instanceSettings = new InstanceSettings(instanceSettingsConfig, logger);
	const storageConfig = new StorageConfig(instanceSettings, logger);
	const binaryDataConfig = new BinaryDataConfig(
		instanceSettings,
		Container.get(ExecutionsConfig),
		storageConfig,
	);
	binaryDataConfig.mode = 'filesystem';
	binaryDataConfig.localStoragePath = storageDir;

	const binaryDataService = new BinaryDataService(
		binaryDataConfig,
		Container.get(ErrorReporter),
		logger,
	);
	// Registers the filesystem manager (`filesystem-v2` ids) over `localStoragePath`.
	await binaryDataService.init();

	return { instanceSettings, binaryDataConfig, binaryDataService };
}

/**
 * Makes these services the ones n8n-core finds in the container. Called before each run, so
 * several harnesses can live in one test file (though not run nodes at the same moment).
 */
export function activateCoreServices(services: CoreServices): void {
	Container.set(InstanceSettings, services.instanceSettings);
	Container.set(BinaryDataConfig, services.binaryDataConfig);
	Container.set(BinaryDataService, services.binaryDataService);
}
