// CreativeAI's own scheme: `X-CreativeAI-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
// keyed by the account's API key. Rule: the `sha256=` prefix is required; the signature carries
// no timestamp, so replay protection comes from de-duplication (see the contract).
import { WEBHOOK_HEADERS } from '../contract/webhooks';
import type { RawBody } from './bytes';
import { getLowerCaseHeader, type HeadersLike } from './headers';
import { hexSignature, verifyHexSignature } from './hexSignature';
import type { VerifyResult } from './scheme';
import type { Secrets } from './secrets';

export const CREATIVEAI_SIGNATURE_HEADER = WEBHOOK_HEADERS.signature;
export const CREATIVEAI_SIGNATURE_PREFIX = 'sha256=';

export function signCreativeAi(secret: string, body: RawBody): Record<string, string> {
	return {
		[CREATIVEAI_SIGNATURE_HEADER]: hexSignature(CREATIVEAI_SIGNATURE_PREFIX, secret, body),
	};
}

export function verifyCreativeAi(
	body: RawBody,
	headers: HeadersLike,
	secrets: Secrets,
): VerifyResult {
	const value = getLowerCaseHeader(headers, CREATIVEAI_SIGNATURE_HEADER);
	return verifyHexSignature(value, CREATIVEAI_SIGNATURE_PREFIX, body, secrets);
}
