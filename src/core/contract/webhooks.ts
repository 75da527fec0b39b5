// What a webhook delivery carries (payload, headers, event names) and the subscription API
// (POST/GET/DELETE /v1/webhooks, ours) used by REST-hook triggers.
import { z } from 'zod/v4';

import { terminalStatusSchema, timestampSchema } from './common';

/** The `X-CreativeAI-Event` header values. Receivers read `status` from the body as the truth. */
export const webhookEventSchema = z.enum([
	'video.generation.completed',
	'video.generation.failed',
	'voice.generation.completed',
	'voice.generation.failed',
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** Events an account-level subscription can ask for. */
export const subscriptionEventSchema = z.enum(['generation.completed', 'generation.failed']);
export type SubscriptionEvent = z.infer<typeof subscriptionEventSchema>;

export const WEBHOOK_HEADERS = {
	event: 'x-creativeai-event',
	deliveryId: 'x-creativeai-delivery-id',
	signature: 'x-creativeai-signature',
} as const;
export const WEBHOOK_USER_AGENT = 'CreativeAI-Webhooks/1.0';

export const webhookHeadersSchema = z.looseObject({
	'x-creativeai-event': webhookEventSchema,
	'x-creativeai-delivery-id': z.string().min(1),
	'x-creativeai-signature': z.string().regex(/^sha256=[0-9a-fA-F]{64}$/),
	'user-agent': z.string().optional(),
});
export type WebhookHeaders = z.infer<typeof webhookHeadersSchema>;

const payloadBase = {
	id: z.string().min(1),
	status: terminalStatusSchema,
	output_url: z.string().nullable(),
	expires_at: timestampSchema.nullable().optional(),
	/** Optional: seed 000's example delivery of a completed job leaves it out. */
	error_message: z.string().nullable().optional(),
	credits: z.number(),
	completed_at: timestampSchema.nullable(),
	/** Failures carry how long the job ran before giving up. */
	elapsed_seconds: z.number().optional(),
};

export const videoWebhookPayloadSchema = z.looseObject({
	...payloadBase,
	object: z.literal('video.generation'),
	model: z.string(),
	model_actual: z.string().nullable().optional(),
	prompt: z.string().optional(),
	failover_used: z.boolean().optional(),
});

export const voiceWebhookPayloadSchema = z.looseObject({
	...payloadBase,
	object: z.literal('voice.generation'),
	voice: z.string().optional(),
	language: z.string().optional(),
	text: z.string().optional(),
});

export const webhookPayloadSchema = z.discriminatedUnion('object', [
	videoWebhookPayloadSchema,
	voiceWebhookPayloadSchema,
]);
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** The event name a payload stands for, from its body (the header may say only `...completed`). */
export function eventOf(payload: WebhookPayload): WebhookEvent {
	return `${payload.object}.${payload.status}`;
}

export const createWebhookSubscriptionRequestSchema = z.strictObject({
	url: z
		.url({ protocol: /^https?$/, error: 'must be an http or https URL' })
		.max(2048, 'must be at most 2,048 characters'),
	events: z
		.array(subscriptionEventSchema, {
			error: 'must be a list of generation.completed and/or generation.failed',
		})
		.min(1, 'must name at least one event'),
});
export type CreateWebhookSubscriptionInput = z.input<typeof createWebhookSubscriptionRequestSchema>;

export const webhookSubscriptionSchema = z.looseObject({
	id: z.string(),
	object: z.literal('webhook_subscription'),
	url: z.string(),
	events: z.array(subscriptionEventSchema),
	created_at: timestampSchema,
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const webhookSubscriptionListSchema = z.object({
	object: z.literal('list'),
	data: z.array(webhookSubscriptionSchema),
	has_more: z.boolean(),
});
export type WebhookSubscriptionList = z.infer<typeof webhookSubscriptionListSchema>;
