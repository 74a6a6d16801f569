import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidParameterError } from './errors';
import { simplifyRecording } from './simplify';

/**
 * The output choice of the read operations (from node version 1.1), as n8n's tool-friendly nodes
 * offer it: Simplified (the default, small enough for an AI agent's context), Raw, or Selected Fields.
 */
export type RecordingOutput = 'simplified' | 'raw' | 'selectedFields';

/** The recording's top-level fields (Claap's read shape), for Selected Fields. */
export const RECORDING_FIELDS = [
	'actionItems',
	'aiFields',
	'channel',
	'companies',
	'createdAt',
	'crmInfo',
	'deal',
	'durationSeconds',
	'keyTakeaways',
	'labels',
	'meeting',
	'outlines',
	'recorder',
	'source',
	'state',
	'thumbnailUrl',
	'title',
	'transcripts',
	'url',
	'video',
	'workspace',
] as const;

const FIELD_NAMES: Record<string, string> = {
	aiFields: 'AI Fields',
	channel: 'Folder',
	crmInfo: 'CRM Info',
	thumbnailUrl: 'Thumbnail URL',
	url: 'URL',
};

function fieldName(field: string): string {
	return (
		FIELD_NAMES[field] ??
		field.replace(/([A-Z])/g, ' $1').replace(/^./, (first) => first.toUpperCase())
	);
}

/** Output and Fields for Recording → Get and Get Many, shown from version 1.1 on. */
export function recordingOutputProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simplified',
			options: [
				{
					name: 'Simplified',
					value: 'simplified',
					description:
						'The fields workflows and AI agents usually need: ID, title, state, dates, link, recorder, folder, participants',
				},
				{ name: 'Raw', value: 'raw', description: 'Everything Claap sends' },
				{
					name: 'Selected Fields',
					value: 'selectedFields',
					description: 'The ID and the fields you pick',
				},
			],
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			default: [],
			// eslint-plugin-n8n-nodes-base wants options sorted by name; RECORDING_FIELDS is sorted by value.
			options: RECORDING_FIELDS.map((field) => ({ name: fieldName(field), value: field })).sort(
				(a, b) => a.name.localeCompare(b.name),
			),
			description: 'The fields to output besides the ID',
			displayOptions: {
				show: { '@version': [{ _cnd: { gte: 1.1 } }], output: ['selectedFields'] },
			},
		},
	];
}

/** The content fields Recording → Get's Simplified output keeps besides the list's ones. */
const GET_CONTENT_FIELDS = ['outlines', 'keyTakeaways', 'actionItems', 'aiFields'] as const;

/**
 * A recording as the chosen output: simplified, raw, or its ID plus the selected fields.
 * `withContent` (Recording → Get) keeps the meeting's summary, takeaways, action items and AI
 * fields in the simplified output: they are what an agent asks one recording about.
 */
export function shapeRecording(
	recording: IDataObject,
	output: RecordingOutput,
	fields: string[] = [],
	withContent = false,
): IDataObject {
	if (output === 'raw') return recording;
	if (output === 'selectedFields') {
		if (fields.length === 0) {
			throw new InvalidParameterError(
				'Fields',
				'none selected',
				'Pick at least one field, or choose Output: Simplified.',
			);
		}
		const selected: IDataObject = { id: recording.id };
		for (const field of fields)
			if (recording[field] !== undefined) selected[field] = recording[field];
		return selected;
	}
	const simplified = simplifyRecording(recording);
	if (withContent) {
		for (const field of GET_CONTENT_FIELDS) {
			const value = recording[field];
			// Empty lists say nothing a model needs and cost context.
			if (value !== undefined && !(Array.isArray(value) && value.length === 0))
				simplified[field] = value;
		}
	}
	return simplified;
}

/** The output choice of an item, with a value from an older or hand-edited workflow refused clearly. */
export function recordingOutputOf(value: unknown): RecordingOutput {
	if (value === 'simplified' || value === 'raw' || value === 'selectedFields') return value;
	throw new InvalidParameterError(
		'Output',
		`"${String(value)}" is not an output choice`,
		'Choose Simplified, Raw or Selected Fields.',
	);
}

/**
 * How Recording → Get (`withContent`) or Get Many shapes each recording, read and checked before
 * any request. Version 1 had no Output: Get gave everything, Get Many its Simplify toggle.
 */
export function recordingShaper(
	this: IExecuteFunctions,
	itemIndex: number,
	withContent: boolean,
): (recording: IDataObject) => IDataObject {
	if (this.getNode().typeVersion < 1.1) {
		const simplify = withContent
			? false
			: (this.getNodeParameter('simplify', itemIndex, true) as boolean);
		return (recording) => (simplify ? simplifyRecording(recording) : recording);
	}
	const output = recordingOutputOf(this.getNodeParameter('output', itemIndex, 'simplified'));
	const fields =
		output === 'selectedFields' ? (this.getNodeParameter('fields', itemIndex, []) as string[]) : [];
	if (output === 'selectedFields') shapeRecording({}, output, fields);
	return (recording) => shapeRecording(recording, output, fields, withContent);
}

/** What a transcript becomes for a model: text with speakers and times, cut to a size. */
export interface TranscriptForModel {
	text: string;
	/** Characters of the whole text, before any cut. */
	characters: number;
	segments: number;
	truncated: boolean;
	/** Present when cut: what was left out and how to get the rest. */
	note?: string;
}

/** Default for Max Characters: about 5,000 tokens, room for a long meeting's first hour. */
export const DEFAULT_MAX_CHARACTERS = 20_000;

/**
 * Cuts `mm:ss speaker: text` lines (one per segment) to at most `maxCharacters`, at a line end
 * when one is within reach, so a model never reads half a speaker label. The note says where the
 * text stops and how much is left, so the model can tell the user instead of guessing.
 */
export function transcriptForModel(lines: string[], maxCharacters: number): TranscriptForModel {
	const whole = lines.join('\n');
	if (whole.length <= maxCharacters) {
		return { text: whole, characters: whole.length, segments: lines.length, truncated: false };
	}
	let kept = 0;
	let length = 0;
	while (kept < lines.length && length + (kept > 0 ? 1 : 0) + lines[kept].length <= maxCharacters) {
		length += (kept > 0 ? 1 : 0) + lines[kept].length;
		kept++;
	}
	// A first line longer than the cap is cut inside it rather than giving nothing.
	const text = kept > 0 ? lines.slice(0, kept).join('\n') : whole.slice(0, maxCharacters);
	const lastTime = kept > 0 ? /^(\d{2}:\d{2}(?::\d{2})?)\s/.exec(lines[kept - 1])?.[1] : undefined;
	const note =
		`Transcript cut at ${text.length} of ${whole.length} characters` +
		(kept > 0
			? ` (${kept} of ${lines.length} segments${lastTime ? `, up to ${lastTime}` : ''})`
			: '') +
		': raise Max Characters to read more.';
	return { text, characters: whole.length, segments: lines.length, truncated: true, note };
}

/** Max Characters of an item, refused when it is not a whole number of 1 or more. */
export function maxCharactersOf(value: unknown): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
	throw new InvalidParameterError(
		'Max Characters',
		`${typeof value === 'string' ? `"${value}"` : String(value)} is not a whole number of 1 or more`,
		`Set Max Characters to a whole number such as ${DEFAULT_MAX_CHARACTERS}.`,
	);
}
