// The freshness check of Standard Webhooks: `webhook-timestamp` is whole unix seconds and must be
// within the tolerance of our clock, either way. Rule: strict digits only (no sign, decimals or
// trailing junk that `parseInt` would let through); the boundary itself is still fresh.
import type { VerifyFailureReason } from './scheme';

/** Default tolerance either side of our clock, as the spec recommends (5 minutes). */
export const TOLERANCE_SECONDS = 300;

/** More digits than this cannot be a plausible unix time and would lose integer precision. */
const MAX_TIMESTAMP_DIGITS = 15;

/** Whole seconds from the header, or `undefined` when it is not a plain non-negative integer. */
export function parseTimestampSeconds(value: string): number | undefined {
	const text = value.trim();
	if (text.length === 0 || text.length > MAX_TIMESTAMP_DIGITS) return undefined;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 48 || code > 57) return undefined;
	}
	return Number(text);
}

/** Why `timestampSeconds` is not fresh at `nowSeconds`, or `undefined` when it is. */
export function staleness(
	timestampSeconds: number,
	nowSeconds: number,
	toleranceSeconds: number,
): VerifyFailureReason | undefined {
	if (nowSeconds - timestampSeconds > toleranceSeconds) return 'timestamp_too_old';
	if (timestampSeconds - nowSeconds > toleranceSeconds) return 'timestamp_in_future';
	return undefined;
}
