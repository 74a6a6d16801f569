import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

// The size rules of the node's code: small pieces, one job each. Description data (property
// arrays and objects) is exempt from the function rule, not from the file rule.
const ROOT = join(__dirname, '..', '..');
const NODES = join(ROOT, 'nodes');
const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 250;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

function linesOf(source: ts.SourceFile, node: ts.Node): number {
	const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
	const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
	return end - start + 1;
}

/** Whether a function only builds description data: it returns node properties. */
function isDescriptionFactory(node: ts.SignatureDeclaration, source: ts.SourceFile): boolean {
	return node.type !== undefined && /^INodeProperties(\[\])?$/.test(node.type.getText(source));
}

/** Functions and methods with a body, description factories aside. */
function functionSizes(path: string): Array<{ name: string; lines: number }> {
	const source = ts.createSourceFile(
		path,
		readFileSync(path, 'utf8'),
		ts.ScriptTarget.ES2022,
		true,
	);
	const sizes: Array<{ name: string; lines: number }> = [];
	const visit = (node: ts.Node): void => {
		if (
			ts.isFunctionLike(node) &&
			'body' in node &&
			node.body &&
			!isDescriptionFactory(node, source)
		) {
			const name = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
			sizes.push({ name: `${relative(ROOT, path)} ${name}`, lines: linesOf(source, node) });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return sizes;
}

describe('house rules under nodes/', () => {
	const files = sourceFiles(NODES);

	it(`has no file over ${MAX_FILE_LINES} lines`, () => {
		const tooLong = files
			.map((path) => ({
				path: relative(ROOT, path),
				lines: readFileSync(path, 'utf8').trimEnd().split('\n').length,
			}))
			.filter((file) => file.lines > MAX_FILE_LINES);
		expect(tooLong).toEqual([]);
	});

	it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
		const tooLong = files.flatMap(functionSizes).filter((fn) => fn.lines > MAX_FUNCTION_LINES);
		expect(tooLong).toEqual([]);
	});
});
