// The one HMAC-SHA256 both signing and verifying use, and the one comparison. Rule: compare
// decoded digests only, lengths first, then in constant time, so the time taken never reveals
// how much of a forged signature was right.
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { RawBody } from './bytes';

/** Bytes in a SHA-256 digest. */
export const DIGEST_BYTES = 32;

/**
 * HMAC-SHA256 of `prefix` (if any) followed by `body`, streamed so the body is never copied.
 * String keys and bodies are taken as UTF-8.
 */
export function hmacSha256(key: string | Uint8Array, body: RawBody, prefix?: string) {
	const hmac = createHmac('sha256', key);
	if (prefix !== undefined) hmac.update(prefix);
	return hmac.update(body).digest();
}

/** True when both digests are the same bytes; never short-circuits on content. */
export function digestsEqual(expected: Uint8Array, received: Uint8Array): boolean {
	return expected.length === received.length && timingSafeEqual(expected, received);
}
