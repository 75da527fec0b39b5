// The Idempotency-Key of a create. Rule: one key per logical create, made before the first attempt
// and sent unchanged on every retry, so a dropped connection never yields two paid jobs.
import { randomUUID } from 'node:crypto';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Keys longer than this are refused before sending (Stripe and most APIs cap at 255). */
export const MAX_IDEMPOTENCY_KEY_CHARACTERS = 255;

/** Visible ASCII only: the key travels in a header. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** A fresh key for a new logical create. */
export function newIdempotencyKey(): string {
	return randomUUID();
}

/**
 * The caller's key if they passed one (so their own retry of the same job reuses it), otherwise a
 * new one. Throws TypeError for a key that is not a short string of visible ASCII.
 */
export function resolveIdempotencyKey(given: unknown): string {
	if (given === undefined) return newIdempotencyKey();
	if (
		typeof given !== 'string' ||
		given.length > MAX_IDEMPOTENCY_KEY_CHARACTERS ||
		!HEADER_SAFE.test(given)
	) {
		throw new TypeError(
			`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARACTERS} visible ASCII characters`,
		);
	}
	return given;
}
