import { signWebhook, verifyWebhook } from '../../../src/core/webhooks';
import type { WebhookScheme } from '../../../src/core/webhooks';

const SCHEMES: WebhookScheme[] = ['creativeai', 'standard', 'primary'];
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('signWebhook', () => {
	it.each(SCHEMES)('%s: produces headers that verifyWebhook accepts', (scheme) => {
		const body = '{"id":"vgen_1","status":"failed"}';
		const headers = signWebhook({ scheme, secret: SECRET, body, id: 'msg_1', timestampSeconds: 1 });
		const result = verifyWebhook({ scheme, secrets: SECRET, body, headers, clock: () => 1000 });
		expect(result).toEqual({ ok: true, secretIndex: 0 });
	});

	it('standard: requires a message id', () => {
		expect(() =>
			signWebhook({ scheme: 'standard', secret: SECRET, body: '{}', timestampSeconds: 1 }),
		).toThrow(/id/);
	});

	it.each([undefined, 1.5, -1, Number.NaN])(
		'standard: refuses the timestamp %p',
		(timestampSeconds) => {
			expect(() =>
				signWebhook({
					scheme: 'standard',
					secret: SECRET,
					body: '{}',
					id: 'msg_1',
					timestampSeconds,
				}),
			).toThrow(TypeError);
		},
	);

	it('refuses to sign with an empty secret', () => {
		expect(() => signWebhook({ scheme: 'creativeai', secret: '', body: '{}' })).toThrow(TypeError);
	});

	it('refuses to sign a parsed object, with the raw-body explanation', () => {
		const body = { id: 'vgen_1' } as unknown as string;
		expect(() => signWebhook({ scheme: 'creativeai', secret: SECRET, body })).toThrow(
			/re-serialised object never matches/,
		);
	});

	it('refuses an unknown scheme', () => {
		const scheme = 'hmac' as WebhookScheme;
		expect(() => signWebhook({ scheme, secret: SECRET, body: '{}' })).toThrow(TypeError);
	});

	it('never puts the secret in an error message', () => {
		const secret = 'rph_live_do_not_leak';
		const attempts = [
			() => signWebhook({ scheme: 'standard', secret, body: '{}', id: 'm', timestampSeconds: 1 }),
			() => signWebhook({ scheme: 'standard', secret, body: '{}' }),
			() => signWebhook({ scheme: 'creativeai', secret, body: 1 as unknown as string }),
		];
		for (const attempt of attempts) {
			expect(attempt).toThrow(TypeError);
			expect(attempt).not.toThrow(/do_not_leak/);
		}
	});
});
