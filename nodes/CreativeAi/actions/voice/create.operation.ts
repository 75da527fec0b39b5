// Voice → Create: a narration of a text. Every item is one job.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CreateVoiceInput } from '../../../../src/core';
import { createFields } from '../../helpers/createFields';
import { createJob, type CreateSpec } from '../../helpers/createJob';
import type { ItemContext } from '../../helpers/itemContext';
import type { OperationDependencies } from '../node.type';

const showOnlyForVoiceCreate = { show: { resource: ['voice'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. Welcome to our open house this Saturday',
		description: 'What the voice should say (up to 5,000 characters)',
		displayOptions: showOnlyForVoiceCreate,
	},
	{
		displayName: 'Voice',
		name: 'voice',
		type: 'string',
		default: 'alloy',
		description: 'The name of the voice to speak with',
		displayOptions: showOnlyForVoiceCreate,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showOnlyForVoiceCreate,
		options: [
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: 'en',
				placeholder: 'en or pt-BR',
				description: 'The language code of the text',
			},
			{
				displayName: 'Speed',
				name: 'speed',
				type: 'number',
				typeOptions: { minValue: 0.25, maxValue: 4, numberPrecision: 2 },
				default: 1,
				description: 'Speaking speed, from 0.25 to 4 (1 is normal)',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/hooks/creativeai',
				description:
					'A public URL the service calls when the job finishes (checked before submitting)',
			},
		],
	},
	...createFields('voice'),
];

interface VoiceAdditionalFields {
	language?: string;
	speed?: number;
	webhookUrl?: string;
}

type VoiceRequest = CreateVoiceInput & { webhook_url?: string };

function readRequest(context: IExecuteFunctions, itemIndex: number): VoiceRequest {
	const fields = context.getNodeParameter(
		'additionalFields',
		itemIndex,
		{},
	) as VoiceAdditionalFields;
	const request: VoiceRequest = {
		text: context.getNodeParameter('text', itemIndex) as string,
		voice: context.getNodeParameter('voice', itemIndex, 'alloy') as string,
	};
	if (fields.language) request.language = fields.language.trim();
	if (fields.speed !== undefined) request.speed = fields.speed;
	if (fields.webhookUrl) request.webhook_url = fields.webhookUrl.trim();
	return request;
}

const voiceSpec: CreateSpec<VoiceRequest> = {
	kind: 'voice',
	readRequest,
	submit: async (client, request, options) => await client.createVoice(request, options),
};

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	dependencies: OperationDependencies,
): Promise<INodeExecutionData> {
	return await createJob(this, voiceSpec, item, dependencies);
}
