import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ClaapApi } from '../../credentials/ClaapApi.credentials';
import { ClaapWebhookApi } from '../../credentials/ClaapWebhookApi.credentials';

const ROOT = join(__dirname, '..', '..');
const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };

/** Every documentation link the editor shows: the codex files' and the credentials'. */
function documentationLinks(): Array<{ where: string; url: string }> {
	const folder = join(ROOT, 'nodes', 'Claap');
	const fromCodex = readdirSync(folder)
		.filter((file) => file.endsWith('.node.json'))
		.flatMap((file) => {
			const codex = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
				resources: Record<string, Array<{ url: string }>>;
			};
			return Object.entries(codex.resources).flatMap(([kind, links]) =>
				links.map(({ url }) => ({ where: `${file} ${kind}`, url })),
			);
		});
	const fromCredentials = [new ClaapApi(), new ClaapWebhookApi()].map((credential) => ({
		where: credential.name,
		url: credential.documentationUrl,
	}));
	return [...fromCodex, ...fromCredentials];
}

/** The anchors npm gives the README's headings (GitHub's slugs, prefixed with "user-content-"). */
function readmeAnchors(): Set<string> {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const headings = readme.match(/^#{1,6} .+$/gm) ?? [];
	return new Set(
		headings.map(
			(heading) =>
				'user-content-' +
				heading
					.replace(/^#+ /, '')
					.trim()
					.toLowerCase()
					.replace(/[^\p{L}\p{N}\- ]/gu, '')
					.replace(/ /g, '-'),
		),
	);
}

describe('documentation links', () => {
	const links = documentationLinks();

	it('are found for the three nodes and both credentials', () => {
		expect(links).toHaveLength(8);
	});

	it("lead to a section of the package's README on npm", () => {
		const anchors = readmeAnchors();
		expect(anchors).toContain('user-content-credentials');
		for (const { where, url } of links) {
			const [page, anchor] = url.split('#');
			expect({ where, page }).toEqual({ where, page: `https://www.npmjs.com/package/${name}` });
			expect({ where, anchorInReadme: anchors.has(anchor) }).toEqual({
				where,
				anchorInReadme: true,
			});
		}
	});
});
