import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ClaapTranscript } from '../transcriptFormats';
import {
	acceptedFormatNames,
	applySpeakerMapping,
	findTranscriptProblem,
	findUnmatchedSpeakerMappings,
	isLanguageCode,
	readTranscript,
	speakersOf,
	TranscriptFormatError,
} from '../transcriptFormats';
import { getItemBinary } from './binary';
import { InvalidParameterError } from './errors';
import { isEmail } from './validation';

/** Transcripts are text: anything larger is not one, and would only exhaust memory. */
const MAX_TRANSCRIPT_FILE_BYTES = 64 * 1024 * 1024;

export type TranscriptSource = 'none' | 'binary' | 'fields' | 'uploadLater';

interface SegmentRow {
	start?: number;
	end?: number;
	speakerId?: string;
	text?: string;
}

interface SpeakerRow {
	speakerId?: string;
	name?: string;
	email?: string;
	isRecorder?: boolean;
}

/** Builds a transcript from the Segments and Speakers lists. Pure, so tests can call it. */
export function transcriptFromLists(
	segmentRows: SegmentRow[],
	speakerRows: SpeakerRow[],
): ClaapTranscript {
	const transcript: ClaapTranscript = {
		segments: segmentRows.map((row) => ({
			start: Number(row.start),
			end: Number(row.end),
			speakerId: String(row.speakerId ?? '').trim(),
			text: String(row.text ?? ''),
		})),
	};
	if (speakerRows.length > 0) {
		transcript.speakers = speakerRows.map((row) => {
			const speaker: NonNullable<ClaapTranscript['speakers']>[number] = {
				speakerId: String(row.speakerId ?? '').trim(),
			};
			if (row.name) speaker.name = String(row.name);
			if (row.email) speaker.email = String(row.email).trim();
			if (row.isRecorder) speaker.isRecorder = true;
			return speaker;
		});
	}
	return transcript;
}

async function readFromBinary(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ClaapTranscript> {
	const parameter = 'Transcript Binary Field';
	const file = await getItemBinary.call(this, itemIndex, 'transcriptBinaryPropertyName', parameter);
	if (file.byteLength === 0) {
		throw new InvalidParameterError(
			parameter,
			'the transcript file is empty',
			'Check the step that produced the file.',
		);
	}
	if (file.byteLength > MAX_TRANSCRIPT_FILE_BYTES) {
		throw new InvalidParameterError(
			parameter,
			`the file is ${file.byteLength} bytes, too large for a transcript`,
			'Check that this field holds the transcript, not the media.',
		);
	}
	const format = this.getNodeParameter('transcriptFormat', itemIndex, 'auto') as string;
	const text = (await file.read()).toString('utf8');
	try {
		return readTranscript(text, format, file.fileName);
	} catch (error) {
		throw asParameterError(
			error,
			parameter,
			`Fix the file, or pick its format in Transcript Format. Accepted formats: ${acceptedFormatNames()}.`,
		);
	}
}

/** A malformed transcript is the user's to fix: say where, in the parameter's name. */
function asParameterError(error: unknown, parameter: string, fix: string): Error {
	return error instanceof TranscriptFormatError
		? new InvalidParameterError(parameter, `could not be read: ${error.message}`, fix)
		: (error as Error);
}

function readFromFields(this: IExecuteFunctions, itemIndex: number): ClaapTranscript {
	const inputMode = this.getNodeParameter('transcriptInputMode', itemIndex, 'lists') as string;
	if (inputMode === 'json') {
		const value = this.getNodeParameter('transcriptJson', itemIndex, '') as unknown;
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		if (value === undefined || value === null || text.trim() === '') {
			throw new InvalidParameterError(
				'Transcript JSON',
				'is empty',
				'Map the transcript into it, e.g. {{ $json.transcript }} from a speech-to-text step, or pick another Transcript source.',
			);
		}
		try {
			// Any JSON format the node reads: Claap's own, a Transcript → Get answer, speech-to-text output.
			return readTranscript(text, 'auto');
		} catch (error) {
			throw asParameterError(
				error,
				'Transcript JSON',
				'Give {"segments": [{"start": 0, "end": 1.5, "speakerId": "1", "text": "Hello"}], "speakers": [{"speakerId": "1", "name": "Ada"}]}, optionally wrapped in {"transcript": ...}.',
			);
		}
	}
	const segments = this.getNodeParameter('segments.segment', itemIndex, []) as IDataObject[];
	const speakers = this.getNodeParameter('speakers.speaker', itemIndex, []) as IDataObject[];
	return transcriptFromLists(segments as SegmentRow[], speakers as SpeakerRow[]);
}

const SOURCE_PARAMETER: Record<string, string> = {
	binary: 'Transcript Binary Field',
	lists: 'Segments',
	json: 'Transcript JSON',
};

/** The transcript with the Speaker Mapping applied, each row checked against it. */
function withSpeakerMapping(
	this: IExecuteFunctions,
	itemIndex: number,
	transcript: ClaapTranscript,
): ClaapTranscript {
	const mappingRows = this.getNodeParameter(
		'speakerMapping.speaker',
		itemIndex,
		[],
	) as IDataObject[];
	if (mappingRows.length === 0) return transcript;
	const rows = mappingRows.map((row) => ({
		match: String(row.match ?? ''),
		displayName: String(row.displayName ?? ''),
		email: String(row.email ?? '').trim(),
		isRecorder: row.isRecorder === true,
	}));
	const badEmail = rows.findIndex((row) => row.email !== '' && !isEmail(row.email));
	if (badEmail !== -1) {
		throw new InvalidParameterError(
			'Speaker Mapping',
			`row ${badEmail + 1} (${rows[badEmail].match}) has an invalid email "${rows[badEmail].email}"`,
			'Fix the email address or leave it empty.',
		);
	}
	const unmatched = findUnmatchedSpeakerMappings(transcript, rows);
	if (unmatched.length > 0) {
		// Both forms a row may match: the name, and the file's own label when it differs.
		const known = speakersOf(transcript).map((speaker) =>
			speaker.name && speaker.name !== speaker.speakerId
				? `${speaker.name} (${speaker.speakerId})`
				: speaker.speakerId,
		);
		throw new InvalidParameterError(
			'Speaker Mapping',
			`no speaker in the transcript matches ${unmatched.map((match) => `"${match}"`).join(', ')}`,
			known.length > 0
				? `Speakers in this transcript: ${known.join(', ')}.`
				: 'Check the spelling against the transcript.',
		);
	}
	return applySpeakerMapping(transcript, rows);
}

/** Reads and checks the transcript the item's parameters describe, before anything is sent. */
export async function getTranscriptFromParameters(
	this: IExecuteFunctions,
	itemIndex: number,
	source: 'binary' | 'fields',
): Promise<ClaapTranscript> {
	let transcript =
		source === 'binary'
			? await readFromBinary.call(this, itemIndex)
			: readFromFields.call(this, itemIndex);

	// From node version 1.2, Segments and Speakers has no Speaker Mapping: Speakers names them.
	const listsInput =
		source === 'fields' &&
		this.getNodeParameter('transcriptInputMode', itemIndex, 'lists') === 'lists';
	if (!(listsInput && this.getNode().typeVersion >= 1.2))
		transcript = withSpeakerMapping.call(this, itemIndex, transcript);

	const language = String(this.getNodeParameter('transcriptLanguage', itemIndex, '') ?? '')
		.trim()
		.toLowerCase();
	if (language) {
		if (!isLanguageCode(language)) {
			throw new InvalidParameterError(
				'Transcript Language',
				`"${language}" is not a two-letter language code`,
				'Use an ISO 639-1 code such as "en", "fr" or "de", or leave it empty.',
			);
		}
		transcript.langIso2 = language;
	}

	const problem = findTranscriptProblem(transcript);
	if (problem) {
		const sourceKey =
			source === 'binary'
				? 'binary'
				: (this.getNodeParameter('transcriptInputMode', itemIndex, 'lists') as string);
		throw new InvalidParameterError(
			problem.path === 'langIso2' ? 'Transcript Language' : SOURCE_PARAMETER[sourceKey],
			`${problem.path} ${problem.reason}`,
			"Every segment needs a start and an end in seconds (end after start), a speaker ID and some text; when speakers are listed, each needs an ID and a name, and every segment's speaker ID must be among them.",
		);
	}
	return transcript;
}

/** A short account of an uploaded transcript, for the output item. */
export function transcriptSummary(transcript: ClaapTranscript, bytes: number): IDataObject {
	return {
		segments: transcript.segments.length,
		speakers: speakersOf(transcript).length,
		...(transcript.langIso2 ? { langIso2: transcript.langIso2 } : {}),
		bytes,
	};
}
