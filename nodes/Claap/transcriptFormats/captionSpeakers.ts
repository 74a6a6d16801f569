import type { Cue } from './cues';
import type { Label } from './speakerLabels';
import { countWords, readLabel } from './speakerLabels';
import { collapseWhitespace } from './text';

/*
 * Speakers written inside caption text (WebVTT, SRT, plain text). The rules, and why they are so
 * cautious, are in docs/transcript-speakers.md: a wrong attribution puts words in the wrong
 * person's mouth, so a label is believed only when the file shows it is written that way.
 */

/** One run of a caption cue's text: a WebVTT voice names its speaker, any other run may hold labels. */
export interface CaptionRun {
	/** The speaker a `<v Name>` tag gives; such a run is never searched for labels. */
	voice?: string;
	/** Cleaned text, line breaks kept: a label may start any line. */
	text: string;
}

/** A cue as caption readers see it: times in whole milliseconds, text in runs. */
export interface CaptionCue {
	startMs: number;
	endMs: number;
	runs: CaptionRun[];
}

/** Names are compared ignoring case and spacing: "ADA" and "Ada" are one speaker. */
function nameKey(name: string): string {
	return collapseWhitespace(name).toLowerCase();
}

/** A piece of a run: a line, or the text after a `>>` turn marker. */
interface Piece {
	/** The piece starts after `>>`: a new turn. */
	turn: boolean;
	/** The piece starts a line of the run (so it may carry a label). */
	lineStart: boolean;
	text: string;
	label?: Label;
}

/**
 * `>>` (or `>>>`) at the start of a line, or after the end of a sentence, marks a change of
 * speaker; "10 >> 20" in running text does not.
 */
const TURN_MARKER = /(?:^|(?<=[.!?…"'”)\]])\s+)>>>?/g;

function piecesOf(runText: string): Piece[] {
	const pieces: Piece[] = [];
	for (const line of runText.split('\n')) {
		TURN_MARKER.lastIndex = 0;
		let from = 0;
		let turn = false;
		let lineStart = true;
		for (let match = TURN_MARKER.exec(line); match; match = TURN_MARKER.exec(line)) {
			const before = line.slice(from, match.index).trim();
			if (before !== '' || turn) pieces.push({ turn, lineStart, text: before });
			lineStart = false;
			from = match.index + match[0].length;
			turn = true;
		}
		const text = line.slice(from).trim();
		if (text !== '' || turn) pieces.push({ turn, lineStart, text });
	}
	for (const piece of pieces) {
		if (piece.turn || piece.lineStart) piece.label = readLabel(piece.text);
	}
	return pieces;
}

/** The names the file's own evidence supports, by nameKey. */
function believedNames(analysed: Array<Piece[][]>): {
	names: Set<string>;
	usesTurnMarkers: boolean;
} {
	const counts = new Map<string, number>();
	const afterTurn = new Set<string>();
	let usesTurnMarkers = false;
	let cuesWithText = 0;
	let cuesStartingWithLabel = 0;
	const cueStartNames = new Set<string>();
	for (const runs of analysed) {
		const pieces = runs.flat();
		if (!pieces.some((piece) => piece.text !== '')) continue;
		cuesWithText++;
		const first = pieces.find((piece) => piece.text !== '' || piece.label);
		// After `>>`, only a short name counts as the cue's label (see isShortName).
		if (first?.label && (!first.turn || isShortName(first.label.name))) {
			cuesStartingWithLabel++;
			cueStartNames.add(nameKey(first.label.name));
		}
		for (const piece of pieces) {
			if (piece.turn) usesTurnMarkers = true;
			if (!piece.label) continue;
			const key = nameKey(piece.label.name);
			counts.set(key, (counts.get(key) ?? 0) + 1);
			if (piece.turn && isShortName(piece.label.name)) afterTurn.add(key);
		}
	}
	const repeated = new Set([...counts].filter(([, count]) => count >= 2).map(([key]) => key));
	// Rule 1: the file is labelled throughout (Zoom, Claap's text export, WhisperX subtitles). A
	// label on a later line of a cue ("Bottom line: we ship") counts only if it starts cues too
	// or comes back.
	if (cuesWithText >= 2 && cuesStartingWithLabel === cuesWithText) {
		return { names: new Set([...cueStartNames, ...repeated]), usesTurnMarkers };
	}
	// Rule 2: a name that comes back, in a conversation or in a file mostly labelled.
	let labelledCues = 0;
	for (const runs of analysed) {
		if (runs.flat().some((piece) => piece.label && repeated.has(nameKey(piece.label.name))))
			labelledCues++;
	}
	const conversation =
		repeated.size >= 2 || (repeated.size === 1 && labelledCues * 2 >= cuesWithText);
	const names = new Set(conversation ? repeated : []);
	// `>>` is the format's own mark: a short name after it is believed even once.
	for (const key of afterTurn) names.add(key);
	return { names, usesTurnMarkers };
}

/** After `>>`, a name seen once must look like one: three words at most, no comma ("Look, the thing is this:"). */
function isShortName(name: string): boolean {
	return countWords(name) <= 3 && name.indexOf(',') === -1;
}

interface Part {
	speaker?: string;
	texts: string[];
}

/**
 * Turns caption cues into cues with speakers: voices as given, believed labels taken out of the
 * text, a cue split where a believed label or a `>>` starts a new speaker (its time shared in
 * proportion to the parts' lengths), and every other cue without a speaker ("Unknown speaker"),
 * except that in a file marking turns with `>>` a cue without one continues the turn before it.
 */
export function readCaptionSpeakers(captions: CaptionCue[]): Cue[] {
	const analysed = captions.map((caption) =>
		caption.runs.map((run) => (run.voice === undefined ? piecesOf(run.text) : [])),
	);
	const { names, usesTurnMarkers } = believedNames(analysed);
	const believedLabel = (piece: Piece) =>
		piece.label !== undefined && names.has(nameKey(piece.label.name)) ? piece.label : undefined;

	const cues: Cue[] = [];
	let turnSpeaker: string | undefined;
	for (let index = 0; index < captions.length; index++) {
		const caption = captions[index];
		const parts: Part[] = [];
		caption.runs.forEach((run, runIndex) => {
			if (run.voice !== undefined) {
				parts.push({ speaker: run.voice, texts: [run.text] });
				turnSpeaker = run.voice;
				return;
			}
			let current: Part | undefined;
			for (const piece of analysed[index][runIndex]) {
				const label = believedLabel(piece);
				const text = label ? label.rest : piece.text;
				if (label || piece.turn) {
					current = { speaker: label?.name, texts: [text] };
					parts.push(current);
				} else if (current) {
					current.texts.push(text);
				} else {
					current = { speaker: usesTurnMarkers ? turnSpeaker : undefined, texts: [text] };
					parts.push(current);
				}
				if (usesTurnMarkers) turnSpeaker = current.speaker;
			}
		});
		pushParts(cues, caption, parts);
	}
	return cues;
}

/** Adds the cue's parts, each with a share of its time in proportion to its length. */
function pushParts(cues: Cue[], caption: CaptionCue, parts: Part[]): void {
	const kept = parts
		.map((part) => ({ speaker: part.speaker, text: collapseWhitespace(part.texts.join(' ')) }))
		.filter((part) => part.text !== '');
	const total = kept.reduce((sum, part) => sum + part.text.length, 0);
	const duration = caption.endMs - caption.startMs;
	let before = 0;
	for (let index = 0; index < kept.length; index++) {
		const part = kept[index];
		const startMs = caption.startMs + Math.round((duration * before) / total);
		before += part.text.length;
		const endMs =
			index === kept.length - 1
				? caption.endMs
				: caption.startMs + Math.round((duration * before) / total);
		cues.push({ startMs, endMs, text: part.text, speaker: part.speaker });
	}
}
