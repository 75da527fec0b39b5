// Video → Create: text-to-video, or image-to-video with an image URL. Every item is one job.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	ASPECT_RATIOS,
	RESOLUTIONS,
	VIDEO_MODELS,
	type CreateVideoInput,
} from '../../../../src/core';
import { createFields } from '../../helpers/createFields';
import { createJob, type CreateSpec } from '../../helpers/createJob';
import type { ItemContext } from '../../helpers/itemContext';
import type { OperationDependencies } from '../node.type';

const showOnlyForVideoCreate = { show: { resource: ['video'], operation: ['create'] } };

const MODEL_NAMES: Record<(typeof VIDEO_MODELS)[number], string> = {
	auto: 'Auto (Best Available)',
	'kling-v3': 'Kling v3',
	'seedance-1.5-pro': 'Seedance 1.5 Pro',
	'kling-o3-pro': 'Kling O3 Pro',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Drone shot over a lake at sunrise',
		description: 'What the video should show',
		displayOptions: showOnlyForVideoCreate,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: VIDEO_MODELS.map((model) => ({ name: MODEL_NAMES[model], value: model })),
		default: 'auto',
		description: 'The model to render with; Auto lets the service pick',
		displayOptions: showOnlyForVideoCreate,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showOnlyForVideoCreate,
		options: [
			{
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'options',
				options: ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
				default: '16:9',
			},
			{
				displayName: 'Duration (Seconds)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 5,
			},
			{
				displayName: 'Failover',
				name: 'failover',
				type: 'boolean',
				default: true,
				description:
					'Whether the service may move the job to a backup provider (never at a higher price) when the first one is out of capacity',
			},
			{
				displayName: 'Image URL',
				name: 'imageUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/first-frame.jpg',
				description:
					'Animate this image (image-to-video) instead of starting from the prompt alone',
			},
			{
				displayName: 'Resolution',
				name: 'resolution',
				type: 'options',
				options: RESOLUTIONS.map((resolution) => ({ name: resolution, value: resolution })),
				default: '720p',
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
	...createFields('video'),
];

interface VideoAdditionalFields {
	aspectRatio?: CreateVideoInput['aspect_ratio'];
	duration?: number;
	failover?: boolean;
	imageUrl?: string;
	resolution?: CreateVideoInput['resolution'];
	webhookUrl?: string;
}

type VideoRequest = CreateVideoInput & { webhook_url?: string };

function readRequest(context: IExecuteFunctions, itemIndex: number): VideoRequest {
	const fields = context.getNodeParameter(
		'additionalFields',
		itemIndex,
		{},
	) as VideoAdditionalFields;
	const request: VideoRequest = {
		prompt: context.getNodeParameter('prompt', itemIndex) as string,
		model: context.getNodeParameter('model', itemIndex, 'auto') as VideoRequest['model'],
	};
	if (fields.imageUrl) request.image_url = fields.imageUrl.trim();
	if (fields.aspectRatio) request.aspect_ratio = fields.aspectRatio;
	if (fields.duration !== undefined) request.duration = fields.duration;
	if (fields.resolution) request.resolution = fields.resolution;
	if (fields.failover !== undefined) request.failover = fields.failover;
	if (fields.webhookUrl) request.webhook_url = fields.webhookUrl.trim();
	return request;
}

const videoSpec: CreateSpec<VideoRequest> = {
	kind: 'video',
	readRequest,
	submit: async (client, request, options) => await client.createVideo(request, options),
};

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	dependencies: OperationDependencies,
): Promise<INodeExecutionData> {
	return await createJob(this, videoSpec, item, dependencies);
}
