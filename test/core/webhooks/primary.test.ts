import { createHmac } from 'node:crypto';

import { signWebhook, verifyWebhook } from '../../../src/core/webhooks';

describe('primary scheme', () => {
	it('sends the bare hex HMAC-SHA256 of the body in X-Signature-Primary', () => {
		const body = '{"id":"gen_1","status":"COMPLETED"}';
		const expected = createHmac('sha256', 'shared').update(body).digest('hex');
		expect(signWebhook({ scheme: 'primary', secret: 'shared', body })).toEqual({
			'x-signature-primary': expected,
		});
	});

	it('accepts what it signs, read from X-Signature-Primary in any case', () => {
		const body = Buffer.from('{"id":"gen_1","status":"COMPLETED"}');
		const signature = signWebhook({ scheme: 'primary', secret: 'shared', body })[
			'x-signature-primary'
		];
		const headers = { 'X-Signature-Primary': signature };
		expect(verifyWebhook({ scheme: 'primary', secrets: 'shared', body, headers })).toEqual({
			ok: true,
			secretIndex: 0,
		});
	});

	it('does not accept a creativeai signature header in place of its own', () => {
		const body = 'x';
		const headers = signWebhook({ scheme: 'creativeai', secret: 'shared', body });
		expect(verifyWebhook({ scheme: 'primary', secrets: 'shared', body, headers })).toEqual({
			ok: false,
			reason: 'missing_signature',
		});
	});
});
