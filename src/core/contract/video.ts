// Video generations: POST /v1/video/generations (202) and GET /v1/video/generations[/{id}].
import { z } from 'zod/v4';

import {
	callbackUrlSchema,
	generationStatusSchema,
	listQuerySchema,
	listSchema,
	progressFields,
	resultFields,
} from './common';

/** Models the seeds name; the service may add more, so responses accept any string. */
export const VIDEO_MODELS = ['auto', 'kling-v3', 'seedance-1.5-pro', 'kling-o3-pro'] as const;
export const videoModelSchema = z.enum(VIDEO_MODELS, {
	error: `must be one of ${VIDEO_MODELS.join(', ')}`,
});

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '21:9'] as const;
export const RESOLUTIONS = ['720p', '1080p'] as const;
export const MAX_VIDEO_DURATION_SECONDS = 60;

/** `5` and `"5s"` both mean five seconds (the seeds show both); the wire always gets a number. */
export const durationSchema = z
	.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*s?\s*$/)], {
		error: 'must be a number of seconds, such as 5 or "5s"',
	})
	.transform((value) => (typeof value === 'number' ? value : Number.parseFloat(value)))
	.pipe(
		z
			.number()
			.positive('must be more than 0 seconds')
			.max(MAX_VIDEO_DURATION_SECONDS, `must be at most ${MAX_VIDEO_DURATION_SECONDS} seconds`),
	);

export const createVideoRequestSchema = z.strictObject({
	model: videoModelSchema.default('auto'),
	prompt: z
		.string()
		.trim()
		.min(1, 'must not be empty')
		.max(4000, 'must be at most 4,000 characters'),
	image_url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
	aspect_ratio: z
		.enum(ASPECT_RATIOS, { error: `must be one of ${ASPECT_RATIOS.join(', ')}` })
		.optional(),
	duration: durationSchema.optional(),
	resolution: z.enum(RESOLUTIONS, { error: `must be one of ${RESOLUTIONS.join(', ')}` }).optional(),
	webhook_url: callbackUrlSchema.optional(),
	failover: z.boolean({ error: 'must be true or false' }).default(true),
});
/** What a caller passes (duration may be "5s"). */
export type CreateVideoInput = z.input<typeof createVideoRequestSchema>;
/** What goes on the wire. */
export type CreateVideoRequest = z.output<typeof createVideoRequestSchema>;

export const videoGenerationSchema = z.looseObject({
	id: z.string(),
	object: z.literal('video.generation'),
	status: generationStatusSchema,
	model: z.string(),
	model_actual: z.string().nullable(),
	prompt: z.string().optional(),
	credits: z.number(),
	failover_used: z.boolean(),
	...progressFields,
	...resultFields,
});
export type VideoGeneration = z.infer<typeof videoGenerationSchema>;

export const listVideosQuerySchema = listQuerySchema.extend({
	status: generationStatusSchema.optional(),
});
export type ListVideosQuery = z.input<typeof listVideosQuerySchema>;

export const videoGenerationListSchema = listSchema(videoGenerationSchema);
export type VideoGenerationList = z.infer<typeof videoGenerationListSchema>;
