// Issue 11, class 4: a signed delivery nested deeper than MAX_JSON_DEPTH is refused with 400 and
// a reason, not accepted and left to overflow whatever prints it (a 500 on every retry).
import { MemoryDedupStore } from '../../../src/core/dedup';
import { MAX_JSON_DEPTH } from '../../../src/core/json';
import { receiveWebhook, signWebhook } from '../../../src/core/webhooks';

const SECRET = 'rph_live_deep_nesting_0123456789';

function delivery(extra: string): string {
	return `{"id":"vgen_deep","object":"video.generation","status":"completed","model":"auto","output_url":null,"credits":1,"completed_at":null,"extra":${extra}}`;
}

async function receive(body: string) {
	return receiveWebhook({
		rawBody: Buffer.from(body),
		headers: signWebhook({ scheme: 'creativeai', secret: SECRET, body }),
		secrets: SECRET,
		store: new MemoryDedupStore({ clock: () => 0 }),
	});
}

describe('deeply nested deliveries (issue 11)', () => {
	it('refuses a field nested 100,000 deep with 400, naming the reason', async () => {
		const result = await receive(delivery(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
		expect(result).toMatchObject({
			outcome: 'rejected',
			status: 400,
			reason: 'invalid_payload',
			fields: [{ field: '(body)', message: expect.stringMatching(/more than \d+ deep/) }],
		});
		expect(result.body).toMatch(/nested too deeply/);
	});

	it('accepts nesting up to the limit, and the accepted payload can be printed', async () => {
		// The delivery object itself is one level.
		const depth = MAX_JSON_DEPTH - 1;
		const result = await receive(
			delivery(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`),
		);
		expect(result.outcome).toBe('accepted');
		if (result.outcome === 'accepted') expect(() => JSON.stringify(result.event)).not.toThrow();
	});

	it('does not count brackets inside strings', async () => {
		const result = await receive(delivery(JSON.stringify('['.repeat(10_000))));
		expect(result.outcome).toBe('accepted');
	});
});
