import { createHmac } from 'node:crypto';

import fc from 'fast-check';

import { signWebhook, verifyWebhook } from '../../../src/core/webhooks';

const NOW_SECONDS = 1_700_000_000;
const clock = () => NOW_SECONDS * 1000;

const body = fc.uint8Array({ maxLength: 512 });
// ASCII only, so changing one character always changes the key bytes (two different lone
// surrogates would both encode to U+FFFD).
const secret = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 48 });
const standardSecret = fc
	.uint8Array({ minLength: 1, maxLength: 48 })
	.map((key) => `whsec_${Buffer.from(key).toString('base64')}`);
const messageId = fc
	.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 24 })
	.filter((id) => id.trim() === id);

/** `bytes` with the byte at `at` (modulo length) changed by a non-zero `delta`. */
function changeByte(bytes: Uint8Array, at: number, delta: number): Uint8Array {
	const copy = Uint8Array.from(bytes);
	copy[at % copy.length] ^= delta;
	return copy;
}

function cai(secrets: string, bytes: Uint8Array, headers: Record<string, string>) {
	return verifyWebhook({ scheme: 'creativeai', secrets, body: bytes, headers });
}

describe('creativeai verification, for any body and secret', () => {
	it('accepts the delivery as signed', () => {
		fc.assert(
			fc.property(body, secret, (bytes, key) => {
				const headers = signWebhook({ scheme: 'creativeai', secret: key, body: bytes });
				expect(cai(key, bytes, headers)).toEqual({ ok: true, secretIndex: 0 });
			}),
		);
	});

	it('rejects the delivery once any one byte of the body changes', () => {
		fc.assert(
			fc.property(
				body.filter((b) => b.length > 0),
				secret,
				fc.nat(),
				fc.integer({ min: 1, max: 255 }),
				(bytes, key, at, delta) => {
					const headers = signWebhook({ scheme: 'creativeai', secret: key, body: bytes });
					expect(cai(key, changeByte(bytes, at, delta), headers)).toEqual({
						ok: false,
						reason: 'mismatch',
					});
				},
			),
		);
	});

	it('rejects the delivery once any one byte of the signature changes', () => {
		fc.assert(
			fc.property(
				body,
				secret,
				fc.nat(31),
				fc.integer({ min: 1, max: 255 }),
				(bytes, key, at, delta) => {
					const digest = createHmac('sha256', key).update(bytes).digest();
					const forged = Buffer.from(changeByte(digest, at, delta)).toString('hex');
					const headers = { 'x-creativeai-signature': `sha256=${forged}` };
					expect(cai(key, bytes, headers)).toEqual({ ok: false, reason: 'mismatch' });
				},
			),
		);
	});

	it('rejects the delivery when the receiver has a secret differing in any one character', () => {
		fc.assert(
			fc.property(
				body,
				secret,
				fc.nat(),
				fc.integer({ min: 1, max: 127 }),
				(bytes, key, at, delta) => {
					const headers = signWebhook({ scheme: 'creativeai', secret: key, body: bytes });
					const i = at % key.length;
					const other =
						key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) ^ delta) + key.slice(i + 1);
					expect(cai(other, bytes, headers)).toEqual({ ok: false, reason: 'mismatch' });
				},
			),
		);
	});

	it('accepts exactly when the header carries the recomputed HMAC', () => {
		const candidate = fc.oneof(
			fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
			fc.constant('correct'),
		);
		fc.assert(
			fc.property(body, secret, candidate, fc.boolean(), (bytes, key, pick, upper) => {
				const recomputed = createHmac('sha256', key).update(bytes).digest('hex');
				const hex = pick === 'correct' ? recomputed : pick;
				const headers = { 'x-creativeai-signature': `sha256=${upper ? hex.toUpperCase() : hex}` };
				expect(cai(key, bytes, headers).ok).toBe(hex === recomputed);
			}),
		);
	});

	it('never throws on any header value, and accepts none but the right one', () => {
		fc.assert(
			fc.property(body, secret, fc.string({ maxLength: 80 }), (bytes, key, value) => {
				const recomputed = createHmac('sha256', key).update(bytes).digest('hex');
				const result = cai(key, bytes, { 'x-creativeai-signature': value });
				expect(result.ok).toBe(
					value.trim().toLowerCase() === `sha256=${recomputed}` &&
						value.trim().startsWith('sha256='),
				);
			}),
		);
	});
});

describe('standard verification, for any body, secret and message id', () => {
	function deliver(key: string, bytes: Uint8Array, id: string) {
		return signWebhook({
			scheme: 'standard',
			secret: key,
			body: bytes,
			id,
			timestampSeconds: NOW_SECONDS,
		});
	}
	function check(key: string, bytes: Uint8Array, headers: Record<string, string>) {
		return verifyWebhook({ scheme: 'standard', secrets: key, body: bytes, headers, clock });
	}

	it('accepts the delivery as signed', () => {
		fc.assert(
			fc.property(body, standardSecret, messageId, (bytes, key, id) => {
				expect(check(key, bytes, deliver(key, bytes, id))).toEqual({ ok: true, secretIndex: 0 });
			}),
		);
	});

	it('rejects the delivery once any one byte of the body changes', () => {
		fc.assert(
			fc.property(
				body.filter((b) => b.length > 0),
				standardSecret,
				messageId,
				fc.nat(),
				fc.integer({ min: 1, max: 255 }),
				(bytes, key, id, at, delta) => {
					const headers = deliver(key, bytes, id);
					expect(check(key, changeByte(bytes, at, delta), headers)).toEqual({
						ok: false,
						reason: 'mismatch',
					});
				},
			),
		);
	});

	it('rejects the delivery once any one byte of the signature changes', () => {
		fc.assert(
			fc.property(
				body,
				standardSecret,
				messageId,
				fc.nat(31),
				fc.integer({ min: 1, max: 255 }),
				(bytes, key, id, at, delta) => {
					const headers = deliver(key, bytes, id);
					const digest = Buffer.from(headers['webhook-signature'].slice(3), 'base64');
					const forged = Buffer.from(changeByte(digest, at, delta)).toString('base64');
					const result = check(key, bytes, { ...headers, 'webhook-signature': `v1,${forged}` });
					expect(result).toEqual({ ok: false, reason: 'mismatch' });
				},
			),
		);
	});

	it('rejects the delivery when the receiver has a key differing in any one byte', () => {
		fc.assert(
			fc.property(
				body,
				fc.uint8Array({ minLength: 1, maxLength: 48 }),
				messageId,
				fc.nat(),
				fc.integer({ min: 1, max: 255 }),
				(bytes, keyBytes, id, at, delta) => {
					const key = `whsec_${Buffer.from(keyBytes).toString('base64')}`;
					const other = `whsec_${Buffer.from(changeByte(keyBytes, at, delta)).toString('base64')}`;
					expect(check(other, bytes, deliver(key, bytes, id))).toEqual({
						ok: false,
						reason: 'mismatch',
					});
				},
			),
		);
	});
});
