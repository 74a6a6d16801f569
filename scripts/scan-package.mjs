#!/usr/bin/env node
// `npm run scan`: the checks of n8n's community-package scanner (@n8n/scan-community-package),
// run on this package before it is published. The scanner itself downloads a published version
// from npm and the source commit its provenance statement names; here the package is built,
// packed with `npm pack`, unpacked in a temporary folder, and linted with the scanner's own
// ESLint configuration and file selection:
//   1. the packed tarball: compiled `.js` files and the published package.json;
//   2. the source: package.json and nodes/, credentials/ (the scanner's SOURCE_FILE_PATTERNS).
// The provenance check cannot run before publishing (the publish workflow adds the statement).
// `--no-build` packs the dist/ already there instead of running `npm run build` first.
// Prints `N passed, N failed` last; exits non-zero when any check fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scanner makes a temporary folder when loaded; have it removed at exit.
const scannerRequire = createRequire(
	import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs'),
);
scannerRequire('tmp').setGracefulCleanup();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
	if (result.status !== 0) {
		process.stderr.write(result.stdout ?? '');
		process.stderr.write(result.stderr ?? '');
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
	}
	return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'n8n-nodes-claap-scan-'));
let failed = 0;
let passed = 0;

try {
	if (!process.argv.includes('--no-build')) {
		run(npm, ['run', 'build'], { stdio: ['ignore', 'pipe', 'pipe'] });
	}

	const packed = JSON.parse(
		run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work]),
	);
	const tarball = join(work, packed[0].filename);
	const packageDir = join(work, 'package');
	mkdirSync(packageDir);
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	console.log(
		`Packed ${packed[0].filename}: ${packed[0].entryCount} files, ${packed[0].size} bytes`,
	);

	const legs = [
		{
			name: 'packed tarball (**/*.js, package.json)',
			dir: packageDir,
			patterns: ['**/*.js', 'package.json'],
		},
		{
			name: `source (${SOURCE_FILE_PATTERNS.join(', ')})`,
			dir: root,
			patterns: SOURCE_FILE_PATTERNS,
		},
	];
	for (const leg of legs) {
		const result = await analyzePackage(leg.dir, leg.patterns);
		if (result.passed) {
			passed++;
			console.log(`ok   ${leg.name}${result.message ? `: ${result.message}` : ''}`);
		} else {
			failed++;
			console.log(`FAIL ${leg.name}: ${result.message}`);
			if (result.details) console.log(result.details);
		}
	}
} catch (error) {
	failed++;
	console.error(`FAIL scan: ${error.message}`);
} finally {
	rmSync(work, { recursive: true, force: true });
}

console.log(
	'Provenance: checked by n8n on the published version (added by .github/workflows/publish.yml)',
);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
