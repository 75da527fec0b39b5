// The signature schemes this package signs and verifies, and the reasons a verification fails.
// Rule: a reason names what a front end can tell its user; a wrong argument is a TypeError, never
// a reason (see verify.ts).
import { z } from 'zod/v4';

/**
 * - `creativeai`: `X-CreativeAI-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed by the
 *   API key.
 * - `standard`: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`).
 * - `primary`: `X-Signature-Primary: <hex HMAC-SHA256 of the raw body>` (the lip-sync style).
 */
export const webhookSchemeSchema = z.enum(['creativeai', 'standard', 'primary']);
export type WebhookScheme = z.infer<typeof webhookSchemeSchema>;

/**
 * - `missing_signature`: the signature header is absent or blank.
 * - `malformed_signature`: the header is there but not in the scheme's form (missing or wrong
 *   `sha256=` prefix, not 64 hex digits, no `v1,` entry holding a 32-byte base64 value).
 * - `mismatch`: well formed, but no configured secret produces it over these bytes: a wrong
 *   secret, a forged delivery, or a body changed after signing (re-serialised by a framework).
 * - `missing_id`: (standard) no `webhook-id`.
 * - `missing_timestamp`: (standard) no `webhook-timestamp`.
 * - `malformed_timestamp`: (standard) the timestamp is not whole unix seconds.
 * - `timestamp_too_old`: (standard) older than the tolerance: a replay or a very late retry.
 * - `timestamp_in_future`: (standard) further ahead than the tolerance: a skewed sender clock.
 */
export const verifyFailureReasonSchema = z.enum([
	'missing_signature',
	'malformed_signature',
	'mismatch',
	'missing_id',
	'missing_timestamp',
	'malformed_timestamp',
	'timestamp_too_old',
	'timestamp_in_future',
]);
export type VerifyFailureReason = z.infer<typeof verifyFailureReasonSchema>;

/** `secretIndex` says which of the configured secrets matched, so callers can retire old ones. */
export type VerifyResult =
	| Readonly<{ ok: true; secretIndex: number }>
	| Readonly<{ ok: false; reason: VerifyFailureReason }>;

// Results are frozen and shared: verification allocates nothing it does not have to, since
// garbage on the hot path showed up as a measurable share of its cost (bench/verify.bench.ts).
const ACCEPTED: readonly VerifyResult[] = Array.from({ length: 8 }, (_, secretIndex) =>
	Object.freeze({ ok: true as const, secretIndex }),
);
const REJECTED = Object.fromEntries(
	verifyFailureReasonSchema.options.map((reason) => [reason, Object.freeze({ ok: false, reason })]),
) as Readonly<Record<VerifyFailureReason, VerifyResult>>;

export function accepted(secretIndex: number): VerifyResult {
	return ACCEPTED[secretIndex] ?? Object.freeze({ ok: true, secretIndex });
}

export function rejected(reason: VerifyFailureReason): VerifyResult {
	return REJECTED[reason];
}

export function unknownScheme(scheme: unknown, caller: string): TypeError {
	const expected = webhookSchemeSchema.options.join(', ');
	return new TypeError(`${caller}: unknown scheme ${String(scheme)}; expected one of ${expected}.`);
}
