// The secrets a delivery may be signed with. Several are allowed so a key can be rotated without
// dropping deliveries: verification tries each and reports which matched. Rule: a missing or
// empty secret is the integrator's bug, a TypeError, never "no match" (an empty HMAC key would
// let anyone sign). Messages never quote a secret. A lone string is read as a list of one in
// place, so checking a delivery allocates no array.
import { decodeBase64 } from './encoding';

/** The prefix of Standard Webhooks secrets; the base64 key follows it. */
export const STANDARD_SECRET_PREFIX = 'whsec_';

/** One secret, or several during a key rotation. */
export type Secrets = string | readonly string[];

/** TypeError unless `secrets` is a non-empty string or a non-empty array of them. */
export function assertSecrets(secrets: unknown, caller: string): asserts secrets is Secrets {
	if (typeof secrets === 'string') return assertSecret(secrets, 0, caller);
	if (!Array.isArray(secrets) || secrets.length === 0) {
		throw new TypeError(
			`${caller}: secrets must be a non-empty string or a non-empty array of them.`,
		);
	}
	for (let i = 0; i < secrets.length; i++) assertSecret(secrets[i], i, caller);
}

/** TypeError unless `secret` is a non-empty string; the message names its index, never its value. */
export function assertSecret(
	secret: unknown,
	index: number,
	caller: string,
): asserts secret is string {
	if (typeof secret !== 'string' || secret.length === 0) {
		throw new TypeError(`${caller}: the secret at index ${index} must be a non-empty string.`);
	}
}

export function secretCount(secrets: Secrets): number {
	return typeof secrets === 'string' ? 1 : secrets.length;
}

export function secretAt(secrets: Secrets, index: number): string {
	return typeof secrets === 'string' ? secrets : secrets[index];
}

/**
 * The HMAC key of a Standard Webhooks secret: the base64 after `whsec_`, or the whole string
 * when the prefix is absent (as the reference libraries accept). TypeError if it is not base64.
 */
export function standardKey(secret: string, index: number, caller: string): Uint8Array {
	const encoded = secret.startsWith(STANDARD_SECRET_PREFIX)
		? secret.slice(STANDARD_SECRET_PREFIX.length)
		: secret;
	const key = decodeBase64(encoded);
	if (key === undefined || key.length === 0) {
		throw new TypeError(
			`${caller}: the secret at index ${index} is not a Standard Webhooks secret (whsec_ followed by base64).`,
		);
	}
	return key;
}
