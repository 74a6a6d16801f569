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

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-claap#user-content-credentials';

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
			description: 'Leave as is for Claap. Change it only for a proxy or a local Claap emulator.',
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
		// Without rules n8n shows only Claap's bare "Unauthorized": say what to check.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"Claap refused this API key. Copy the key again from Claap (Settings → API; only an admin can create one), check that the workspace's plan includes API access (free plans do not), and leave Base URL as https://api.claap.io.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Claap refused access with this API key. Check that the workspace's plan includes API access (free plans do not) and that the key was not revoked in Claap (Settings → API).",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Claap API at this Base URL. Leave Base URL as https://api.claap.io unless you use a proxy.',
				},
			},
		],
	};
}
