// Pieces shared by every resource of the contract: job statuses and phases, timestamps, the error
// body, list envelopes. Response objects are loose (unknown fields pass through) so that a field
// the real service adds tomorrow never breaks a workflow today; requests are strict.
import { z } from 'zod/v4';

export const generationStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export type GenerationStatus = z.infer<typeof generationStatusSchema>;

export const terminalStatusSchema = z.enum(['completed', 'failed']);
export type TerminalStatus = z.infer<typeof terminalStatusSchema>;

/** Phase labels while `processing` (the seeds' "Queued, Preparing, Rendering, Encoding, Finishing"). */
export const generationPhaseSchema = z.enum([
	'queued',
	'preparing',
	'rendering',
	'encoding',
	'finishing',
]);
export type GenerationPhase = z.infer<typeof generationPhaseSchema>;

export const timestampSchema = z
	.string()
	.meta({ description: 'ISO 8601 date-time', format: 'date-time' });

export const callbackUrlSchema = z
	.url({ protocol: /^https?$/, error: 'must be an http or https URL' })
	.max(2048, 'must be at most 2,048 characters');

/** Progress fields a job reports while it runs. */
export const progressFields = {
	phase: generationPhaseSchema.nullable().optional(),
	progress: z.number().min(0).max(100).nullable().optional(),
	eta_seconds: z.number().min(0).nullable().optional(),
};

/** Result fields, null until the job is terminal. */
export const resultFields = {
	output_url: z.string().nullable(),
	/** When `output_url` stops working: store the file, not the link. */
	expires_at: timestampSchema.nullable().optional(),
	error_message: z.string().nullable(),
	created_at: timestampSchema,
	completed_at: timestampSchema.nullable(),
};

export const errorBodySchema = z.object({
	error: z.looseObject({
		code: z.string(),
		message: z.string(),
		/** The request field at fault, for validation errors. */
		param: z.string().nullable().optional(),
		fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
		request_id: z.string().optional(),
	}),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The error codes the API sends in `error.code`. */
export const apiErrorCodeSchema = z.enum([
	'invalid_api_key',
	'insufficient_credits',
	'not_found',
	'validation_error',
	'unsafe_webhook_url',
	'idempotency_conflict',
	'rate_limited',
	'server_error',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const listQuerySchema = z.object({
	limit: z.coerce.number().int().min(1).max(100).default(20),
	starting_after: z.string().min(1).optional(),
});

export function listSchema<T extends z.ZodType>(item: T) {
	return z.object({
		object: z.literal('list'),
		data: z.array(item),
		has_more: z.boolean(),
	});
}
