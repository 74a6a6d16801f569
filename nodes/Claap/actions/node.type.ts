import type { AllEntities } from 'n8n-workflow';

/** Every resource with its operations: the router refuses to compile if a module lacks one. */
export type ClaapNodeMap = {
	recording: 'create' | 'delete' | 'get' | 'getMany' | 'uploadMedia' | 'waitUntilReady';
	transcript: 'get' | 'upload';
	workspace: 'get';
};

export type ClaapType = AllEntities<ClaapNodeMap>;
