// The CreativeAI credential: the API key (sent as a Bearer token by n8n itself, through
// `authenticate`), where the API lives, and the two settings that only matter for webhooks.
// Rule: the key and the signing secret are password fields and never appear in an error.
import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class CreativeAiApi implements ICredentialType {
	name = 'creativeAiApi';

	displayName = 'CreativeAI API';

	icon: Icon = {
		light: 'file:../nodes/CreativeAi/creativeAi.svg',
		dark: 'file:../nodes/CreativeAi/creativeAi.dark.svg',
	};

	documentationUrl =
		'https://github.com/creativeai-run/n8n-nodes-creativeai/blob/main/docs/n8n.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'rph_live_...',
			description: 'Your CreativeAI API key, from the dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.creativeai.run',
			description: 'Change only to use a proxy or the local CreativeAI sandbox',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret CreativeAI signs webhook deliveries with. Leave empty to use the API key, which is what the service signs with by default.',
		},
		{
			displayName: 'Allow Private Callback URLs',
			name: 'allowPrivateCallbackUrls',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept localhost and private-network webhook URLs and any port. Only for local work against the sandbox: the real service cannot reach such addresses.',
		},
	];

	/**
	 * A function rather than the generic `=Bearer {{$credentials.apiKey}}` template: n8n would
	 * evaluate that expression again for every request, and a 100-row run makes 100 of them.
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/account',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'API key rejected' },
			},
		],
	};
}
