import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { advancePosition, listingStart, positionFor, startPosition } from './triggers/pollPosition';
import { latestRecording, listRecordingsSince, newestRecordings } from './triggers/recordingList';
import { simplifyRecording } from './helpers/simplify';

export class ClaapPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Claap Polling Trigger',
		name: 'claapPollingTrigger',
		icon: { light: 'file:claap.svg', dark: 'file:claap.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["onlyWhenReady"] ? "New recording, once ready" : "New recording" }}',
		description:
			'Starts the workflow when a new recording appears in Claap, checking at set times. Needs no webhook.',
		defaults: { name: 'Claap Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'claapApi', required: true }],
		properties: [
			{
				displayName:
					'Each check lists the recordings created since the previous one and emits each new recording once, oldest first. Recordings that exist when the workflow is activated are not emitted. "Fetch Test Event" shows the latest recording.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Only When Ready',
				name: 'onlyWhenReady',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until Claap has processed a recording (state Ready, with its video and transcript) before emitting it. Off, recordings are emitted as soon as they are created, with few fields.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Folder ID',
						name: 'folderId',
						type: 'string',
						default: '',
						description:
							"Only recordings in this Claap folder. Find it in Get Many's output, under folderId, for a recording in that folder. Changing it starts afresh from the newest recording.",
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: false,
						description:
							'Whether to output simplified recordings (ID, title, state, dates, link, folder, recorder, meeting, labels) instead of everything Claap returns',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const onlyWhenReady = this.getNodeParameter('onlyWhenReady', true) as boolean;
		const options = this.getNodeParameter('options', {}) as {
			folderId?: string;
			simplify?: boolean;
		};
		const folderId = (options.folderId ?? '').trim();
		const toItems = (recordings: IDataObject[]) =>
			this.helpers.returnJsonArray(
				options.simplify ? recordings.map(simplifyRecording) : recordings,
			);

		// "Fetch Test Event" in the editor: one example, not a backlog, and the position untouched.
		if (this.getMode() === 'manual') {
			const latest = await latestRecording.call(this, folderId, onlyWhenReady);
			return latest ? [toItems([latest])] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const previous = positionFor(staticData.position, folderId);
		if (!previous) {
			// First poll (or a new folder): note where Claap is now and emit nothing.
			const newest = await newestRecordings.call(this, folderId);
			staticData.position = startPosition(newest, folderId, Date.now());
			return null;
		}

		const listing = await listRecordingsSince.call(this, folderId, listingStart(previous));
		const { emit, position } = advancePosition(previous, listing.recordings, {
			onlyWhenReady,
			complete: listing.complete,
			now: Date.now(),
		});
		// Reassigned, not edited in place: n8n saves static data when it sees a property set.
		staticData.position = position;
		return emit.length > 0 ? [toItems(emit)] : null;
	}
}
