// Signing a delivery: the headers a sender (our sandbox) attaches to a webhook POST. Rule: the
// bytes signed are the bytes sent; serialise the body once and pass that same string or buffer
// both here and to the transport.
import { assertRawBody, type RawBody } from './bytes';
import { signCreativeAi } from './creativeai';
import { signPrimary } from './primary';
import { unknownScheme, type WebhookScheme } from './scheme';
import { assertSecret, standardKey } from './secrets';
import { signStandard } from './standard';

export interface SignWebhookInput {
	scheme: WebhookScheme;
	/** The API key (creativeai), a `whsec_` secret (standard) or the shared secret (primary). */
	secret: string;
	body: RawBody;
	/** Standard only, required there: the message id, stable across retries of one delivery. */
	id?: string;
	/** Standard only, required there: the time of this attempt in unix seconds. */
	timestampSeconds?: number;
}

/**
 * The signature headers (lower-case names) for `body`.
 * Throws TypeError on an unknown scheme, a parsed (non-raw) body, an empty secret, a secret that
 * is not base64 (standard), or a missing id or timestamp (standard).
 */
export function signWebhook(input: SignWebhookInput): Record<string, string> {
	const { scheme, body, secret } = input;
	assertRawBody(body, 'signWebhook');
	assertSecret(secret, 0, 'signWebhook');
	switch (scheme) {
		case 'creativeai':
			return signCreativeAi(secret, body);
		case 'primary':
			return signPrimary(secret, body);
		case 'standard': {
			const { id, timestampSeconds } = input;
			if (typeof id !== 'string' || id.length === 0) {
				throw new TypeError('signWebhook: the standard scheme needs a non-empty `id`.');
			}
			if (!Number.isSafeInteger(timestampSeconds) || (timestampSeconds as number) < 0) {
				throw new TypeError(
					'signWebhook: the standard scheme needs `timestampSeconds`, whole unix seconds.',
				);
			}
			return signStandard(
				standardKey(secret, 0, 'signWebhook'),
				id,
				timestampSeconds as number,
				body,
			);
		}
		default:
			throw unknownScheme(scheme, 'signWebhook');
	}
}
