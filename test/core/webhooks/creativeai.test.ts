import { signWebhook, verifyWebhook } from '../../../src/core/webhooks';

// GitHub documents this vector for X-Hub-Signature-256, the same `sha256=<hex HMAC>` format:
// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_PAYLOAD = 'Hello, World!';
const GITHUB_SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('creativeai scheme', () => {
	it("signs GitHub's documented vector to the documented signature", () => {
		const headers = signWebhook({
			scheme: 'creativeai',
			secret: GITHUB_SECRET,
			body: GITHUB_PAYLOAD,
		});
		expect(headers).toEqual({ 'x-creativeai-signature': GITHUB_SIGNATURE });
	});

	it("accepts GitHub's documented vector", () => {
		const result = verifyWebhook({
			scheme: 'creativeai',
			secrets: GITHUB_SECRET,
			body: Buffer.from(GITHUB_PAYLOAD),
			headers: { 'X-CreativeAI-Signature': GITHUB_SIGNATURE },
		});
		expect(result).toEqual({ ok: true, secretIndex: 0 });
	});

	it("rejects GitHub's vector when one character of the payload changes", () => {
		const result = verifyWebhook({
			scheme: 'creativeai',
			secrets: GITHUB_SECRET,
			body: 'Hello, World?',
			headers: { 'x-creativeai-signature': GITHUB_SIGNATURE },
		});
		expect(result).toEqual({ ok: false, reason: 'mismatch' });
	});
});
