// The check shared by the two "hex HMAC of the body" schemes (creativeai, primary). Rule: a value
// that is not exactly `<prefix><64 hex digits>` (after trimming) is malformed and is never hashed
// against; a well-formed one is compared, decoded, against each secret's HMAC in constant time.
import type { RawBody } from './bytes';
import { decodeHexInto } from './encoding';
import { DIGEST_BYTES, digestsEqual, hmacSha256 } from './hmac';
import { accepted, rejected, type VerifyResult } from './scheme';
import { secretAt, secretCount, type Secrets } from './secrets';

// The decoded received signature, reused across calls: a fresh 32-byte array per call measured
// at several percent of a whole verification in bench/verify.bench.ts. Sharing is safe because
// verification is synchronous, runs no caller code between decoding and comparing, and the bytes
// never leave this module.
const received = new Uint8Array(new ArrayBuffer(DIGEST_BYTES));
const HEX_DIGITS = 2 * DIGEST_BYTES;

/** Verifies `value` (the raw header value, if any) as `prefix` + hex HMAC-SHA256 of `body`. */
export function verifyHexSignature(
	value: string | undefined,
	prefix: string,
	body: RawBody,
	secrets: Secrets,
): VerifyResult {
	if (value === undefined) return rejected('missing_signature');
	const trimmed = value.trim();
	if (trimmed.length === 0) return rejected('missing_signature');
	if (!trimmed.startsWith(prefix) || trimmed.length !== prefix.length + HEX_DIGITS) {
		return rejected('malformed_signature');
	}
	if (!decodeHexInto(trimmed, prefix.length, received)) return rejected('malformed_signature');
	const count = secretCount(secrets);
	for (let i = 0; i < count; i++) {
		if (digestsEqual(hmacSha256(secretAt(secrets, i), body), received)) return accepted(i);
	}
	return rejected('mismatch');
}

/** The header value `prefix` + lower-case hex HMAC-SHA256 of `body`. */
export function hexSignature(prefix: string, secret: string, body: RawBody): string {
	return prefix + hmacSha256(secret, body).toString('hex');
}
