import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../CreativeAi/transport';
import { triggerProperties } from './description';
import { receiveDelivery } from './receive';
import { subscriptionMethods } from './subscription';

/** One POST endpoint; answered as soon as webhook() returns, before the workflow runs. */
const webhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
];

export class CreativeAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CreativeAI Trigger',
		name: 'creativeAiTrigger',
		icon: {
			light: 'file:../CreativeAi/creativeAi.svg',
			dark: 'file:../CreativeAi/creativeAi.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a CreativeAI video or voice job completes or fails',
		defaults: { name: 'CreativeAI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		webhooks,
		properties: triggerProperties,
	};

	webhookMethods = { default: subscriptionMethods };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
