import { signWebhook, verifyWebhook } from '../../../src/core/webhooks';

// The cross-library vector of standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts ("sign function works").
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP_SECONDS = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const vectorHeaders = {
	'webhook-id': MSG_ID,
	'webhook-timestamp': String(TIMESTAMP_SECONDS),
	'webhook-signature': EXPECTED,
};
const atVectorTime = () => TIMESTAMP_SECONDS * 1000;

describe('standard scheme', () => {
	it('signs the reference vector to the reference signature', () => {
		const headers = signWebhook({
			scheme: 'standard',
			secret: SECRET,
			body: PAYLOAD,
			id: MSG_ID,
			timestampSeconds: TIMESTAMP_SECONDS,
		});
		expect(headers).toEqual(vectorHeaders);
	});

	it.each([
		['with', SECRET],
		['without', SECRET.slice('whsec_'.length)],
	])('accepts the reference vector %s the whsec_ prefix on the secret', (_label, secret) => {
		const result = verifyWebhook({
			scheme: 'standard',
			secrets: secret,
			body: Buffer.from(PAYLOAD),
			headers: vectorHeaders,
			clock: atVectorTime,
		});
		expect(result).toEqual({ ok: true, secretIndex: 0 });
	});

	it('rejects the reference vector once its timestamp is more than five minutes old', () => {
		const result = verifyWebhook({
			scheme: 'standard',
			secrets: SECRET,
			body: PAYLOAD,
			headers: vectorHeaders,
			clock: () => (TIMESTAMP_SECONDS + 301) * 1000,
		});
		expect(result).toEqual({ ok: false, reason: 'timestamp_too_old' });
	});

	it('compares against our clock in whole seconds, so 300.999 s late is still fresh', () => {
		const result = verifyWebhook({
			scheme: 'standard',
			secrets: SECRET,
			body: PAYLOAD,
			headers: vectorHeaders,
			clock: () => (TIMESTAMP_SECONDS + 300) * 1000 + 999,
		});
		expect(result).toEqual({ ok: true, secretIndex: 0 });
	});

	it('signs the exact body bytes, so non-UTF-8 bodies survive', () => {
		const body = new Uint8Array([0xff, 0x00, 0xfe]);
		const headers = signWebhook({
			scheme: 'standard',
			secret: SECRET,
			body,
			id: MSG_ID,
			timestampSeconds: TIMESTAMP_SECONDS,
		});
		const lossy = signWebhook({
			scheme: 'standard',
			secret: SECRET,
			body: Buffer.from(body).toString('utf8'),
			id: MSG_ID,
			timestampSeconds: TIMESTAMP_SECONDS,
		});
		expect(headers['webhook-signature']).not.toBe(lossy['webhook-signature']);
	});
});
