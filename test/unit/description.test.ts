import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { Claap } from '../../nodes/Claap/Claap.node';
import { TRANSCRIPT_WRITERS } from '../../nodes/Claap/transcriptFormats';

/** Every property with the display options under which it shows, flattened. */
function collectionOptionNames(
	properties: INodeProperties[],
): Array<{ parent: string; names: string[] }> {
	const found: Array<{ parent: string; names: string[] }> = [];
	for (const property of properties) {
		if (property.type === 'collection' && Array.isArray(property.options)) {
			found.push({
				parent: `${property.name} ${JSON.stringify(property.displayOptions)}`,
				names: (property.options as INodeProperties[]).map((option) => option.name),
			});
		}
		if (property.type === 'fixedCollection' && Array.isArray(property.options)) {
			for (const group of property.options as INodePropertyCollection[]) {
				found.push({
					parent: `${property.name}.${group.name}`,
					names: group.values.map((value) => value.name),
				});
			}
		}
	}
	return found;
}

describe('the node description', () => {
	const { properties } = new Claap().description;

	it('never gives two options of one collection the same name (they would share one value)', () => {
		for (const { parent, names } of collectionOptionNames(properties)) {
			expect({
				parent,
				duplicates: names.filter((name, index) => names.indexOf(name) !== index),
			}).toEqual({ parent, duplicates: [] });
		}
	});

	it('shows at most one property of a name for any resource and operation', () => {
		const operations = properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map((option) => ({
					resource: property.displayOptions!.show!.resource![0] as string,
					operation: option.value,
				})),
			);
		expect(operations.length).toBe(9);
		for (const { resource, operation } of operations) {
			const shown = properties.filter((property) => {
				const show = property.displayOptions?.show ?? {};
				return (
					(!show.resource || show.resource.includes(resource)) &&
					(!show.operation || show.operation.includes(operation)) &&
					property.name !== 'operation'
				);
			});
			const conditions = shown.map(
				(property) => `${property.name} ${JSON.stringify(property.displayOptions?.show ?? {})}`,
			);
			const names = shown.map((property) => property.name);
			const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
			// A repeated name is allowed only when the two never show together (e.g. different sources).
			for (const name of duplicates) {
				const variants = conditions.filter((condition) => condition.startsWith(`${name} `));
				expect(new Set(variants).size).toBe(variants.length);
			}
		}
	});

	it('offers the upload timeout only where something is uploaded', () => {
		const optionsOf = (operation: string) =>
			(
				properties.find(
					(property) =>
						property.name === 'options' &&
						property.displayOptions?.show?.operation?.includes(operation),
				)?.options as INodeProperties[]
			).map((option) => option.name);
		expect(optionsOf('create')).toContain('uploadTimeoutSeconds');
		expect(optionsOf('uploadMedia')).toContain('uploadTimeoutSeconds');
		expect(optionsOf('getMany')).not.toContain('uploadTimeoutSeconds');
		expect(optionsOf('create')).toEqual(
			expect.arrayContaining(['waitTimeoutSeconds', 'timeoutSeconds']),
		);
	});

	describe("Transcript → Get's choices at version 1.1", () => {
		const shownAt11 = properties.filter((property) => {
			const show = property.displayOptions?.show ?? {};
			const versions = show['@version'] as unknown[] | undefined;
			return (
				show.resource?.includes('transcript') &&
				show.operation?.includes('get') &&
				property.type === 'options' &&
				!versions?.includes(1)
			);
		});
		const choices = shownAt11.flatMap((property) =>
			(property.options as Array<{ name: string; description?: string }>).map((option) => ({
				parameter: property.displayName,
				...option,
			})),
		);

		it('are the Output and File Format choices', () => {
			expect(shownAt11.map((property) => property.displayName)).toEqual(['Output', 'File Format']);
		});

		it('never name two choices alike, and name JSON once', () => {
			const names = choices.map((choice) => choice.name);
			expect(new Set(names).size).toBe(names.length);
			expect(
				choices.filter((choice) => /json/i.test(`${choice.name} ${choice.description ?? ''}`)),
			).toEqual([
				expect.objectContaining({ parameter: 'File Format', name: 'Claap Upload JSON (.json)' }),
			]);
		});

		it("name each file format with its file's extension", () => {
			const fileFormats = choices.filter((choice) => choice.parameter === 'File Format');
			expect(fileFormats.map((choice) => choice.name)).toEqual(
				TRANSCRIPT_WRITERS.map((writer) =>
					expect.stringMatching(`\\(\\.${writer.fileExtension}\\)$`),
				),
			);
			expect(fileFormats.map((choice) => choice.name)).toEqual([
				'Claap Upload JSON (.json)',
				'Text (.txt)',
				'WebVTT (.vtt)',
				'SRT (.srt)',
			]);
		});
	});
});
