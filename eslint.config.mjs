// The code that ships (nodes/, credentials/, package.json) is linted with n8n's default
// configuration for community nodes, the one `n8n-node lint` applies in strict mode
// (`@n8n/node-cli/eslint`: ESLint and typescript-eslint recommended, import-x, the community-nodes
// rules including n8n Cloud's restricted globals and imports, eslint-plugin-n8n-nodes-base's
// community, credentials and nodes sets). `npm run scan` adds the community-package scanner's own
// pass over the packed package. One rule is stricter than the default (prefer-spread).
//
// Tests, the emulator and scripts never ship: they are Node programs (servers, child processes,
// timers), so they get the TypeScript rules only. Strict mode stays off because it requires this
// file to be exactly the default, which would apply n8n Cloud's restrictions to them too
// (docs/compatibility.md, n8n Cloud).
import tseslint from 'typescript-eslint';
import { config as n8nDefault } from '@n8n/node-cli/eslint';

const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'.e2e/**',
			'.bench/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	// n8n's default, its `**/*.ts` blocks narrowed to the shipped code.
	...n8nDefault.map((block) =>
		block.files?.length === 1 && block.files[0] === '**/*.ts'
			? { ...block, files: shipped }
			: block,
	),
	{
		// Kept from this project's earlier configuration, stricter than n8n's default.
		files: shipped,
		rules: { 'prefer-spread': 'error' },
	},
	{
		files: ['**/*.ts'],
		ignores: shipped,
		extends: [tseslint.configs.recommended],
	},
	{
		// Tests read loosely typed JSON answers field by field.
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
);
