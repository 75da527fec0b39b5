// The CreativeAI action node: a description (resources spread in from actions/) and `execute`,
// which hands over to the router. Behaviour lives in src/core; see actions/ for the map.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import { router } from './actions/router';
import * as video from './actions/video/Video.resource';
import * as voice from './actions/voice/Voice.resource';
import { resumeOnWebhook } from './helpers/webhookWait';

/**
 * Create's "Wait for Webhook": the execution's resume URL (restartWebhook) is the job's callback.
 * A module-level array, as n8n's lint rule for webhook lifecycles expects.
 */
const webhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '',
		restartWebhook: true,
	},
];

export class CreativeAi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CreativeAI',
		name: 'creativeAi',
		icon: { light: 'file:creativeAi.svg', dark: 'file:creativeAi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate videos and voice-overs with CreativeAI, and wait for them',
		defaults: { name: 'CreativeAI' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'creativeAiApi', required: true }],
		webhooks,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Video', value: 'video' },
					{ name: 'Voice', value: 'voice' },
				],
				default: 'video',
			},
			...video.description,
			...voice.description,
			...account.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnWebhook.call(this);
	}
}
