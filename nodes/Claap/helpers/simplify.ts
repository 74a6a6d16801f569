import type { IDataObject } from 'n8n-workflow';

function objectOf(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function objectsOf(value: unknown): IDataObject[] {
	return Array.isArray(value)
		? value.map(objectOf).filter((entry): entry is IDataObject => entry !== undefined)
		: [];
}

/**
 * A recording reduced to the fields workflows usually need, flat where that reads better
 * ("folder" for Claap's channel, as in Claap's UI). Fields the recording lacks are left out:
 * recordings that are not Ready yet come back thin.
 */
export function simplifyRecording(recording: IDataObject): IDataObject {
	const recorder = objectOf(recording.recorder);
	const channel = objectOf(recording.channel);
	const meeting = objectOf(recording.meeting);
	const participants = objectsOf(meeting?.participants).map((participant) =>
		withoutUndefined({ name: participant.name, email: participant.email }),
	);
	const simplified: IDataObject = {
		id: recording.id,
		title: recording.title,
		state: recording.state,
		createdAt: recording.createdAt,
		url: recording.url,
		durationSeconds: recording.durationSeconds,
		source: recording.source,
		labels: recording.labels,
		recorderName: recorder?.name,
		recorderEmail: recorder?.email,
		folderId: channel?.id,
		folderName: channel?.name,
		meetingStartingAt: meeting?.startingAt,
		meetingEndingAt: meeting?.endingAt,
		meetingType: meeting?.type,
		participants: meeting ? participants : undefined,
		transcriptLanguages: Array.isArray(recording.transcripts)
			? objectsOf(recording.transcripts).map((transcript) => transcript.langIso2)
			: undefined,
	};
	return withoutUndefined(simplified);
}

function withoutUndefined(object: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(object).filter(([, value]) => value !== undefined),
	) as IDataObject;
}
