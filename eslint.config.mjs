// The rule sets n8n's community-package scanner applies (community-nodes `recommended` plus
// eslint-plugin-n8n-nodes-base's community, credentials and nodes sets), so `npm run lint`
// fails wherever verification would. Tests are outside the scanner's reach and only get the
// TypeScript rules. The few n8n-nodes-base rules switched off are the ones n8n's own tooling
// switches off.
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const n8nNodesBasePlugin = { 'n8n-nodes-base': n8nNodesBase };

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.e2e/**', '.bench/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
	{
		// Tests read loosely typed JSON answers field by field.
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		files: [...shipped, 'package.json'],
		plugins: n8nCommunityNodesPlugin.configs.recommended.plugins,
		rules: { ...n8nCommunityNodesPlugin.configs.recommended.rules },
	},
	{
		files: shipped,
		rules: { 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: n8nNodesBasePlugin,
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: n8nNodesBasePlugin,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: n8nNodesBasePlugin,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
