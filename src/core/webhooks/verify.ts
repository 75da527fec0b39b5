// Verifying a delivery: one entry point for every scheme, returning a result, never throwing for
// anything a sender controls. Rule: misuse by the integrator (a parsed body, no secrets, no clock
// for a timestamped scheme, an unknown scheme) throws TypeError so it fails loudly in development;
// every bad header value is an `{ ok: false, reason }` the front end answers with 401.
import type { Clock } from '../ports';
import { assertRawBody, type RawBody } from './bytes';
import { verifyCreativeAi } from './creativeai';
import type { HeadersLike } from './headers';
import { verifyPrimary } from './primary';
import { unknownScheme, type VerifyResult, type WebhookScheme } from './scheme';
import { assertSecrets, secretAt, secretCount, standardKey, type Secrets } from './secrets';
import { verifyStandard } from './standard';
import { TOLERANCE_SECONDS } from './timestamp';

export interface VerifyWebhookInput {
	scheme: WebhookScheme;
	/** The raw request body exactly as received; never a parsed object. */
	body: RawBody;
	headers: HeadersLike;
	/** One secret, or several during a key rotation: tried in order; the result names the match. */
	secrets: Secrets;
	/** Milliseconds since the epoch; required by `standard`, unused by the others. */
	clock?: Clock;
	/** `standard` only: allowed distance between the timestamp and the clock. */
	toleranceSeconds?: number;
}

/**
 * Checks a delivery's signature over its raw body. Returns `{ ok: true, secretIndex }` with the
 * index of the matching secret, or `{ ok: false, reason }` (see `VerifyFailureReason`).
 * Throws TypeError only for misuse: an unknown scheme, a body that is not raw bytes or a string,
 * missing or empty secrets, a Standard Webhooks secret that is not base64, no `clock` for
 * `standard`, or a negative or non-finite `toleranceSeconds`.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifyResult {
	const { scheme, body, headers, secrets } = input;
	assertRawBody(body, 'verifyWebhook');
	assertSecrets(secrets, 'verifyWebhook');
	switch (scheme) {
		case 'creativeai':
			return verifyCreativeAi(body, headers, secrets);
		case 'primary':
			return verifyPrimary(body, headers, secrets);
		case 'standard': {
			const keys = Array.from({ length: secretCount(secrets) }, (_, i) =>
				standardKey(secretAt(secrets, i), i, 'verifyWebhook'),
			);
			return verifyStandard(body, headers, keys, nowSeconds(input.clock), tolerance(input));
		}
		default:
			throw unknownScheme(scheme, 'verifyWebhook');
	}
}

function nowSeconds(clock: Clock | undefined): number {
	if (typeof clock !== 'function') {
		throw new TypeError(
			'verifyWebhook: the standard scheme needs a `clock` (milliseconds since the epoch).',
		);
	}
	const nowMs = clock();
	if (!Number.isFinite(nowMs)) {
		throw new TypeError('verifyWebhook: the clock returned a non-finite time.');
	}
	return Math.floor(nowMs / 1000);
}

function tolerance({ toleranceSeconds }: VerifyWebhookInput): number {
	if (toleranceSeconds === undefined) return TOLERANCE_SECONDS;
	if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
		throw new TypeError(
			'verifyWebhook: toleranceSeconds must be a finite number of seconds, 0 or more.',
		);
	}
	return toleranceSeconds;
}
