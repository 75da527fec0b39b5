// Issue 11, class 3: a "__proto__" key in JSON from outside never becomes a prototype. Typed
// fields are the body's own: a value hidden under "__proto__" is not read as one.
import { CreativeAiClient } from '../../src/core/client/client';
import { MemoryDedupStore } from '../../src/core/dedup';
import { parseJson } from '../../src/core/json';
import type { Transport } from '../../src/core/ports';
import { receiveWebhook, signWebhook } from '../../src/core/webhooks';
import { fakeTime, OVERALL_MS } from './client/fakes';

const SECRET = 'rph_live_proto_secret_0123456789';

const job = {
	id: 'vgen_proto',
	object: 'video.generation',
	status: 'completed',
	model: 'auto',
	model_actual: null,
	credits: 1,
	failover_used: false,
	output_url: 'https://cdn.example.com/v.mp4',
	error_message: null,
	created_at: '2025-03-01T12:00:00Z',
	completed_at: '2025-03-01T12:01:00Z',
};

/** `job` with a "__proto__" member spelled `spelling` (plain, or with a \u escape). */
function withProto(hidden: Record<string, unknown>, spelling = '__proto__'): string {
	return `${JSON.stringify(job).slice(0, -1)},"${spelling}":${JSON.stringify(hidden)}}`;
}

const SPELLINGS = ['__proto__', '\\u005f_proto__', '__pro\\u0074o__'];

describe('"__proto__" in JSON from outside (issue 11)', () => {
	it.each(SPELLINGS)('a signed delivery keeps its own prototype and fields (%s)', async (key) => {
		const body = withProto({ prompt: 42, elapsed_seconds: 'forever' }, key);
		const headers = signWebhook({ scheme: 'creativeai', secret: SECRET, body });
		const result = await receiveWebhook({
			rawBody: Buffer.from(body),
			headers,
			secrets: SECRET,
			store: new MemoryDedupStore({ clock: () => 0 }),
		});
		expect(result.outcome).toBe('accepted');
		if (result.outcome !== 'accepted') return;
		const payload = result.event.payload as Record<string, unknown>;
		expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
		expect(payload.prompt).toBeUndefined();
		expect(payload.elapsed_seconds).toBeUndefined();
	});

	it.each(SPELLINGS)('an API answer keeps its own prototype and fields (%s)', async (key) => {
		const body = withProto({ eta_seconds: 'soon', phase: 'exploded' }, key);
		const transport: Transport = async () => ({ status: 200, headers: {}, body });
		const time = fakeTime();
		const client = new CreativeAiClient({
			apiKey: SECRET,
			transport,
			sleep: time.sleep,
			clock: time.clock,
			timeouts: { overallMs: OVERALL_MS },
		});
		const video = (await client.getVideo('vgen_proto')) as Record<string, unknown>;
		expect(Object.getPrototypeOf(video)).toBe(Object.prototype);
		expect(video.eta_seconds).toBeUndefined();
		expect(video.phase).toBeUndefined();
	});

	it('parseJson drops the key at any depth and keeps everything else', () => {
		const parsed = parseJson('{"a":{"__proto__":{"x":1},"b":[{"__proto__":{"y":2}}]}}');
		expect(parsed).toEqual({ ok: true, value: { a: { b: [{}] } } });
	});
});
