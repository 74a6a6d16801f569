import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ClaapApi implements ICredentialType {
	name = 'claapApi';

	displayName = 'Claap API';

	icon: Icon = { light: 'file:claap.svg', dark: 'file:claap.dark.svg' };

	documentationUrl = 'https://github.com/claap-community/n8n-nodes-claap#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. cla_...',
			description:
				'A workspace API key. A Claap admin creates it in Claap under Settings → API. Free-plan workspaces have no API access.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.claap.io',
			description:
				'Leave as is for Claap. Change it only for a proxy or a local Claap emulator.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Claap-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// Empty Base URL means Claap's own, as in the node's requests.
			baseURL: '={{($credentials.baseUrl || "https://api.claap.io").replace(/\\/+$/, "")}}',
			url: '/v1/workspaces/mine',
			method: 'GET',
			// A redirect would carry the API key to whatever host it names.
			disableFollowRedirect: true,
		},
	};
}
