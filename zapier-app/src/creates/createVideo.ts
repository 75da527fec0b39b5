// Create Video: text-to-video, or image-to-video with an Image URL. Optionally waits for the
// result by callback (see waitForResult.ts).
import { defineCreate, defineInputFields, type Bundle, type ZObject } from 'zapier-platform-core';

import {
	ASPECT_RATIOS,
	RESOLUTIONS,
	VIDEO_MODELS,
	MAX_VIDEO_DURATION_SECONDS,
} from '../../../src/core';
import { clientFor } from '../client';
import { generationOutput } from '../generation';
import { videoOutputFields, videoSample } from '../outputFields';
import {
	callbackUrlFor,
	given,
	idempotencyKeyField,
	isYes,
	resumeWithResult,
	submitted,
	waitForResultField,
} from './waitForResult';

const inputFields = defineInputFields([
	{
		key: 'prompt',
		label: 'Prompt',
		type: 'text',
		required: true,
		helpText: 'What the video should show, in up to 4,000 characters.',
	},
	{
		key: 'image_url',
		label: 'Image URL',
		required: false,
		helpText:
			'Optional. A public http(s) link to an image to animate (image-to-video). Leave empty ' +
			'to make the video from the prompt alone (text-to-video).',
	},
	{
		key: 'model',
		label: 'Model',
		required: false,
		choices: [...VIDEO_MODELS],
		default: 'auto',
		helpText: '`auto` picks an available model. A named model is used when it has capacity.',
	},
	{
		key: 'aspect_ratio',
		label: 'Aspect Ratio',
		required: false,
		choices: [...ASPECT_RATIOS],
	},
	{
		key: 'duration',
		label: 'Duration (Seconds)',
		type: 'number',
		required: false,
		helpText: `Length of the video in seconds, at most ${MAX_VIDEO_DURATION_SECONDS}.`,
	},
	{
		key: 'resolution',
		label: 'Resolution',
		required: false,
		choices: [...RESOLUTIONS],
	},
	{
		key: 'failover',
		label: 'Fail Over to a Backup Model',
		type: 'boolean',
		required: false,
		default: 'true',
		helpText:
			'**Yes** (recommended): when the chosen model is out of capacity, the job moves to a ' +
			'backup model, never at a higher price. **No**: the job fails instead.',
	},
	idempotencyKeyField,
	waitForResultField,
]);

async function createVideo(z: ZObject, bundle: Bundle) {
	const data = bundle.inputData as Record<string, unknown>;
	const webhookUrl = callbackUrlFor(z, bundle);
	const job = await submitted(z, webhookUrl !== undefined, () =>
		clientFor(z, bundle).createVideo(
			{
				prompt: String(data.prompt ?? ''),
				image_url: given(data.image_url),
				model: given(data.model) as (typeof VIDEO_MODELS)[number] | undefined,
				aspect_ratio: given(data.aspect_ratio) as (typeof ASPECT_RATIOS)[number] | undefined,
				duration: given(data.duration),
				resolution: given(data.resolution) as (typeof RESOLUTIONS)[number] | undefined,
				failover: given(data.failover) === undefined ? undefined : isYes(data.failover),
				webhook_url: webhookUrl,
			},
			{ idempotencyKey: given(data.idempotency_key) },
		),
	);
	return generationOutput(z, job);
}

export default defineCreate({
	key: 'createVideo',
	noun: 'Video',
	display: {
		label: 'Create Video',
		description:
			'Creates a video from a prompt, or from an image and a prompt, and can wait for the finished file.',
	},
	operation: {
		inputFields,
		perform: createVideo,
		performResume: resumeWithResult,
		sample: videoSample,
		outputFields: videoOutputFields,
	},
});
