// Test builder: a delivery that verifies, signed the way a sender would sign it. Each test
// overrides one thing and states the outcome it expects.
import { signWebhook } from '../../../src/core/webhooks';
import type {
	HeadersLike,
	RawBody,
	VerifyWebhookInput,
	WebhookScheme,
} from '../../../src/core/webhooks';

export const SECRETS: Record<WebhookScheme, string> = {
	creativeai: 'rph_live_test_0000000000000000',
	// The Standard Webhooks reference libraries' test secret.
	standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	primary: 'primary_test_secret',
};

/** Another valid secret per scheme: the one a rotation moves to. */
export const NEXT_SECRETS: Record<WebhookScheme, string> = {
	creativeai: 'rph_live_test_1111111111111111',
	standard: 'whsec_dGhlIG5leHQgc2VjcmV0IGFmdGVyIHJvdGF0aW9u',
	primary: 'primary_next_secret',
};

export const NOW_SECONDS = 1_700_000_000;
export const BODY = '{"id": "vgen_abc123", "object": "video.generation", "status": "completed"}';
export const MESSAGE_ID = 'msg_2b3c4d5e6f';

export interface DeliveryOverrides {
	scheme?: WebhookScheme;
	/** The bytes signed by the sender (default BODY). */
	signedBody?: RawBody;
	/** The body handed to verify (default: the signed one). */
	body?: unknown;
	/** The secret the sender signs with. */
	signingSecret?: string;
	/** The secrets the receiver verifies with. */
	secrets?: unknown;
	timestampSeconds?: number;
	id?: string;
	/** Rewrites the signed headers as they arrive (lower-case names in, any container out). */
	headers?: (signed: Record<string, string>) => HeadersLike;
	nowSeconds?: number;
	toleranceSeconds?: number;
}

export function signedDelivery(overrides: DeliveryOverrides = {}): VerifyWebhookInput {
	const scheme = overrides.scheme ?? 'creativeai';
	const signedBody = overrides.signedBody ?? BODY;
	const signed = signWebhook({
		scheme,
		secret: overrides.signingSecret ?? SECRETS[scheme],
		body: signedBody,
		id: overrides.id ?? MESSAGE_ID,
		timestampSeconds: overrides.timestampSeconds ?? NOW_SECONDS,
	});
	const nowMs = (overrides.nowSeconds ?? NOW_SECONDS) * 1000;
	return {
		scheme,
		body: ('body' in overrides ? overrides.body : signedBody) as RawBody,
		headers: overrides.headers ? overrides.headers(signed) : signed,
		secrets: ('secrets' in overrides ? overrides.secrets : SECRETS[scheme]) as string[],
		clock: () => nowMs,
		toleranceSeconds: overrides.toleranceSeconds,
	};
}

/** The signed headers with `name` set to `value` (or removed when `value` is undefined). */
export function withHeader(name: string, value: string | undefined) {
	return (signed: Record<string, string>): Record<string, string> => {
		const copy = { ...signed };
		if (value === undefined) delete copy[name];
		else copy[name] = value;
		return copy;
	};
}

/** The signed headers with `name`'s value passed through `edit`. */
export function editHeader(name: string, edit: (value: string) => string) {
	return (signed: Record<string, string>): Record<string, string> => ({
		...signed,
		[name]: edit(signed[name]),
	});
}
