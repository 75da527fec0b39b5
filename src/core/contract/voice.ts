// Voice generations: POST /api/generate/voice (202) and GET /api/generate/voice/{id} (ours).
import { z } from 'zod/v4';

import { callbackUrlSchema, generationStatusSchema, progressFields, resultFields } from './common';

export const MAX_VOICE_TEXT_CHARACTERS = 5000;

export const createVoiceRequestSchema = z.strictObject({
	text: z
		.string()
		.trim()
		.min(1, 'must not be empty')
		.max(MAX_VOICE_TEXT_CHARACTERS, `must be at most ${MAX_VOICE_TEXT_CHARACTERS} characters`),
	voice: z.string().trim().min(1, 'must not be empty').default('alloy'),
	language: z
		.string()
		.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as en or pt-BR')
		.default('en'),
	speed: z.number().min(0.25, 'must be at least 0.25').max(4, 'must be at most 4').default(1),
	webhook_url: callbackUrlSchema.optional(),
});
export type CreateVoiceInput = z.input<typeof createVoiceRequestSchema>;
export type CreateVoiceRequest = z.output<typeof createVoiceRequestSchema>;

export const voiceGenerationSchema = z.looseObject({
	id: z.string(),
	object: z.literal('voice.generation'),
	status: generationStatusSchema,
	voice: z.string(),
	language: z.string(),
	speed: z.number().optional(),
	text: z.string().optional(),
	credits: z.number(),
	duration_seconds: z.number().nullable().optional(),
	...progressFields,
	...resultFields,
});
export type VoiceGeneration = z.infer<typeof voiceGenerationSchema>;
