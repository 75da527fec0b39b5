// What the receive pipeline answers: one outcome, the HTTP status the front end should send and a
// short fixed body to send with it. Rule: a body never carries an error's message or anything
// taken from the request, so nothing a handler or the store says reaches the sender.
import { z } from 'zod/v4';

import type { TerminalStatus } from '../contract/common';
import type { WebhookEvent, WebhookPayload } from '../contract/webhooks';
import type { FieldIssue } from '../errors';
import type { VerifyFailureReason, WebhookScheme } from './scheme';

/**
 * How long a 503 asks the sender to wait. The contract's sender retries 5 s and then 30 s after
 * its first attempt whatever it is told; a receiver behind a queue that honours Retry-After gets
 * a hint in the same range, long enough for a live lease's holder to finish.
 */
export const RETRY_AFTER_SECONDS = 5;

/** A delivery that passed every check, handed to `onEvent` and returned on `accepted`. */
export interface ReceivedEvent {
	/** The de-duplication key, `<generation id>:<status>` (see deliveryKey.ts). */
	readonly key: string;
	readonly generationId: string;
	readonly status: TerminalStatus;
	/** From the body (the event header may say only `...completed`). */
	readonly event: WebhookEvent;
	/** The validated body. */
	readonly payload: WebhookPayload;
	/** The sender's id for this delivery: `webhook-id` (standard), else the generation id. */
	readonly deliveryId: string;
	readonly receivedVia: WebhookScheme;
	/** Which configured secret matched, so a rotated-out secret can be retired once unused. */
	readonly secretIndex: number;
}

/**
 * Why a delivery whose signature held is still refused with 400:
 * - `invalid_json`: the body is not UTF-8 JSON.
 * - `invalid_payload`: JSON, but not the contract's webhook payload, or nested deeper than
 *   MAX_JSON_DEPTH (`fields` says where).
 * - `delivery_id_mismatch`: `X-CreativeAI-Delivery-Id` is present and names another generation
 *   than the signed body: the unsigned header was changed on the way.
 */
export const deliveryRejectionReasonSchema = z.enum([
	'invalid_json',
	'invalid_payload',
	'delivery_id_mismatch',
]);
export type DeliveryRejectionReason = z.infer<typeof deliveryRejectionReasonSchema>;

export type ReceiveResult =
	| Readonly<{ outcome: 'accepted'; status: 200; body: string; event: ReceivedEvent }>
	| Readonly<{
			outcome: 'duplicate';
			status: 200;
			body: string;
			key: string;
			generationId: string;
	  }>
	| Readonly<{
			outcome: 'in_progress';
			status: 503;
			body: string;
			key: string;
			generationId: string;
			retryAfterSeconds: number;
	  }>
	| Readonly<{ outcome: 'rejected'; status: 401; body: string; reason: VerifyFailureReason }>
	| Readonly<{
			outcome: 'rejected';
			status: 400;
			body: string;
			reason: Exclude<DeliveryRejectionReason, 'invalid_payload'>;
	  }>
	| Readonly<{
			outcome: 'rejected';
			status: 400;
			body: string;
			reason: 'invalid_payload';
			fields: readonly FieldIssue[];
	  }>
	| Readonly<{
			outcome: 'failed';
			status: 500;
			body: string;
			key: string;
			generationId: string;
			/** What `onEvent` threw. */
			error: unknown;
			/** Set when the lease could not be released either; it then lapses after `leaseMs`. */
			releaseError?: unknown;
	  }>
	| Readonly<{
			outcome: 'unavailable';
			status: 503;
			body: string;
			key: string;
			generationId: string;
			retryAfterSeconds: number;
			/** What the store threw. */
			error: unknown;
			/**
			 * True when `onEvent` had already run and only recording the completion failed: the
			 * sender's retry may then be handled a second time once the lease lapses.
			 */
			handled: boolean;
	  }>;

export type ReceiveOutcome = ReceiveResult['outcome'];

const BODIES = {
	accepted: 'accepted',
	duplicate: 'duplicate: already processed',
	inProgress: 'in progress: retry later',
	signature: 'invalid signature',
	invalidJson: 'invalid JSON body',
	invalidPayload: 'invalid payload',
	tooDeep: 'invalid payload: JSON nested too deeply',
	deliveryIdMismatch: 'delivery id does not match the body',
	failed: 'processing failed: retry later',
	unavailable: 'temporarily unavailable: retry later',
} as const;

export function acceptedResult(event: ReceivedEvent): ReceiveResult {
	return { outcome: 'accepted', status: 200, body: BODIES.accepted, event };
}

export function duplicateResult(key: string, generationId: string): ReceiveResult {
	return { outcome: 'duplicate', status: 200, body: BODIES.duplicate, key, generationId };
}

export function inProgressResult(key: string, generationId: string): ReceiveResult {
	return {
		outcome: 'in_progress',
		status: 503,
		body: BODIES.inProgress,
		key,
		generationId,
		retryAfterSeconds: RETRY_AFTER_SECONDS,
	};
}

export function signatureRejected(reason: VerifyFailureReason): ReceiveResult {
	return { outcome: 'rejected', status: 401, body: BODIES.signature, reason };
}

export function invalidJsonResult(): ReceiveResult {
	return { outcome: 'rejected', status: 400, body: BODIES.invalidJson, reason: 'invalid_json' };
}

export function invalidPayloadResult(fields: readonly FieldIssue[]): ReceiveResult {
	return {
		outcome: 'rejected',
		status: 400,
		body: BODIES.invalidPayload,
		reason: 'invalid_payload',
		fields,
	};
}

/** Signed JSON nested deeper than the pipeline reads: refused for good, with the reason. */
export function tooDeepResult(fields: readonly FieldIssue[]): ReceiveResult {
	return {
		outcome: 'rejected',
		status: 400,
		body: BODIES.tooDeep,
		reason: 'invalid_payload',
		fields,
	};
}

export function deliveryIdMismatchResult(): ReceiveResult {
	return {
		outcome: 'rejected',
		status: 400,
		body: BODIES.deliveryIdMismatch,
		reason: 'delivery_id_mismatch',
	};
}

export function failedResult(
	key: string,
	generationId: string,
	error: unknown,
	releaseError?: unknown,
): ReceiveResult {
	return {
		outcome: 'failed',
		status: 500,
		body: BODIES.failed,
		key,
		generationId,
		error,
		...(releaseError === undefined ? {} : { releaseError }),
	};
}

export function unavailableResult(
	key: string,
	generationId: string,
	error: unknown,
	handled: boolean,
): ReceiveResult {
	return {
		outcome: 'unavailable',
		status: 503,
		body: BODIES.unavailable,
		key,
		generationId,
		retryAfterSeconds: RETRY_AFTER_SECONDS,
		error,
		handled,
	};
}
