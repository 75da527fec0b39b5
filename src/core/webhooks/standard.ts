// Standard Webhooks (standardwebhooks.com): HMAC-SHA256 over `${id}.${timestamp}.${body}`, sent
// as `webhook-signature: v1,<base64>`, a space-separated list so senders can sign with old and new
// keys during a rotation. Rule: only `v1` entries count, others are ignored; the timestamp is
// checked before any hashing, and the body is hashed as the exact bytes received.
import type { RawBody } from './bytes';
import { decodeBase64 } from './encoding';
import { getLowerCaseHeader, type HeadersLike } from './headers';
import { DIGEST_BYTES, digestsEqual, hmacSha256 } from './hmac';
import { accepted, rejected, type VerifyResult } from './scheme';
import { parseTimestampSeconds, staleness } from './timestamp';

export const STANDARD_HEADERS = {
	id: 'webhook-id',
	timestamp: 'webhook-timestamp',
	signature: 'webhook-signature',
} as const;

const VERSION_PREFIX = 'v1,';

export function signStandard(
	key: Uint8Array,
	id: string,
	timestampSeconds: number,
	body: RawBody,
): Record<string, string> {
	const digest = hmacSha256(key, body, signedPrefix(id, timestampSeconds));
	return {
		[STANDARD_HEADERS.id]: id,
		[STANDARD_HEADERS.timestamp]: String(timestampSeconds),
		[STANDARD_HEADERS.signature]: VERSION_PREFIX + digest.toString('base64'),
	};
}

/** `keys` are decoded secrets; `nowSeconds` comes from the caller's clock. */
export function verifyStandard(
	body: RawBody,
	headers: HeadersLike,
	keys: readonly Uint8Array[],
	nowSeconds: number,
	toleranceSeconds: number,
): VerifyResult {
	const id = getLowerCaseHeader(headers, STANDARD_HEADERS.id)?.trim();
	if (!id) return rejected('missing_id');
	const timestampText = getLowerCaseHeader(headers, STANDARD_HEADERS.timestamp);
	if (!timestampText?.trim()) return rejected('missing_timestamp');
	const timestampSeconds = parseTimestampSeconds(timestampText);
	if (timestampSeconds === undefined) return rejected('malformed_timestamp');
	const signatureText = getLowerCaseHeader(headers, STANDARD_HEADERS.signature)?.trim();
	if (!signatureText) return rejected('missing_signature');
	const received = v1Signatures(signatureText);
	if (received.length === 0) return rejected('malformed_signature');
	const stale = staleness(timestampSeconds, nowSeconds, toleranceSeconds);
	if (stale) return rejected(stale);
	const prefix = signedPrefix(id, timestampSeconds);
	for (let i = 0; i < keys.length; i++) {
		const expected = hmacSha256(keys[i], body, prefix);
		if (received.some((signature) => digestsEqual(expected, signature))) return accepted(i);
	}
	return rejected('mismatch');
}

/** What precedes the body in the signed content. */
function signedPrefix(id: string, timestampSeconds: number): string {
	return `${id}.${timestampSeconds}.`;
}

/**
 * The decoded `v1` signatures of a header value. Entries that are another version or not a
 * 32-byte base64 value are skipped. A trailing comma is dropped: Node joins repeated headers
 * with ", ", which leaves one on every entry but the last.
 */
function v1Signatures(value: string): Uint8Array[] {
	const found: Uint8Array[] = [];
	for (const entry of value.split(' ')) {
		if (!entry.startsWith(VERSION_PREFIX)) continue;
		const end = entry.endsWith(',') ? entry.length - 1 : entry.length;
		const signature = decodeBase64(entry.slice(VERSION_PREFIX.length, end));
		if (signature !== undefined && signature.length === DIGEST_BYTES) found.push(signature);
	}
	return found;
}
