import type { IDataObject } from 'n8n-workflow';

/**
 * A compact recording for large lists and AI agents: what identifies it, where it is, who made
 * it and how far Claap got with it.
 */
export function simplifyRecording(recording: IDataObject): IDataObject {
	const recorder = (recording.recorder ?? {}) as IDataObject;
	const channel = recording.channel as IDataObject | undefined;
	const meeting = recording.meeting as IDataObject | undefined;
	const simplified: IDataObject = {
		id: recording.id,
		title: recording.title,
		state: recording.state,
		createdAt: recording.createdAt,
		durationSeconds: recording.durationSeconds,
		url: recording.url,
		recorderName: recorder.name,
		recorderEmail: recorder.email,
		folderId: channel?.id,
		folderName: channel?.name,
		labels: recording.labels,
		meetingStartingAt: meeting?.startingAt,
		meetingEndingAt: meeting?.endingAt,
	};
	for (const key of Object.keys(simplified)) {
		if (simplified[key] === undefined) delete simplified[key];
	}
	return simplified;
}
