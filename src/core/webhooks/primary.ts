// The `X-Signature-Primary` scheme (seed 002, a lip-sync API): the header is the bare hex
// HMAC-SHA256 of the raw body. Rule: no prefix is allowed, so `sha256=...` here is malformed.
import type { RawBody } from './bytes';
import { getLowerCaseHeader, type HeadersLike } from './headers';
import { hexSignature, verifyHexSignature } from './hexSignature';
import type { VerifyResult } from './scheme';
import type { Secrets } from './secrets';

export const PRIMARY_SIGNATURE_HEADER = 'x-signature-primary';

export function signPrimary(secret: string, body: RawBody): Record<string, string> {
	return { [PRIMARY_SIGNATURE_HEADER]: hexSignature('', secret, body) };
}

export function verifyPrimary(body: RawBody, headers: HeadersLike, secrets: Secrets): VerifyResult {
	return verifyHexSignature(
		getLowerCaseHeader(headers, PRIMARY_SIGNATURE_HEADER),
		'',
		body,
		secrets,
	);
}
