import fc from 'fast-check';

import {
	CLAIM_LEASE_MS,
	MemoryDedupStore,
	RecordDedupStore,
	type DedupStore,
} from '../../../src/core/dedup';
import {
	receiveWebhook,
	RETRY_AFTER_SECONDS,
	type ReceiveResult,
	type ReceiveWebhookInput,
	type WebhookScheme,
} from '../../../src/core/webhooks';
import {
	MESSAGE_ID,
	NOW_SECONDS,
	SECRETS,
	signedDelivery,
	withHeader,
	type DeliveryOverrides,
} from './signedDelivery';
import { fakeClock } from '../../support/fakeClock';

const GENERATION_ID = 'vgen_abc123';
const T0 = NOW_SECONDS * 1000;

/** A completed video delivery as the contract describes it. */
function contractPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: GENERATION_ID,
		object: 'video.generation',
		status: 'completed',
		model: 'auto',
		model_actual: 'kling-v3',
		prompt: 'a lighthouse at dusk',
		output_url: `https://cdn.example.test/${GENERATION_ID}.mp4`,
		error_message: null,
		credits: 10,
		failover_used: false,
		completed_at: '2026-01-01T00:00:00Z',
		...overrides,
	};
}

const FAILED = { status: 'failed', output_url: null, error_message: 'provider capacity' };

interface ReceiveOverrides {
	scheme?: WebhookScheme;
	/** Fields of the contract payload to change (default: a completed video). */
	payload?: Record<string, unknown>;
	/** Signs and sends these bytes instead of the serialised payload. */
	signedBody?: string | Uint8Array;
	signingSecret?: string;
	id?: string;
	timestampSeconds?: number;
	/** Rewrites the headers as they arrive (lower-case names in). */
	headers?: (sent: Record<string, string>) => ReceiveWebhookInput['headers'];
	store?: DedupStore;
	onEvent?: ReceiveWebhookInput['onEvent'];
}

/**
 * A delivery that is accepted, signed and headed the way the sender sends it; each test changes
 * one thing. Reuses the verification tests' `signedDelivery` for the signature.
 */
function receiveDelivery(overrides: ReceiveOverrides = {}): ReceiveWebhookInput {
	const scheme = overrides.scheme ?? 'creativeai';
	const payload = contractPayload(overrides.payload);
	const signedBody = overrides.signedBody ?? JSON.stringify(payload);
	// The contract's unsigned headers travel beside the signature on every scheme we send.
	const contractHeaders: Record<string, string> = {
		'x-creativeai-delivery-id': String(payload.id),
		'x-creativeai-event': `${payload.object}.${payload.status}`,
		'user-agent': 'CreativeAI-Webhooks/1.0',
	};
	const signed: DeliveryOverrides = {
		scheme,
		signedBody,
		...(overrides.signingSecret ? { signingSecret: overrides.signingSecret } : {}),
		...(overrides.id ? { id: overrides.id } : {}),
		...(overrides.timestampSeconds ? { timestampSeconds: overrides.timestampSeconds } : {}),
		headers: (signature) => {
			const sent = { ...contractHeaders, ...signature };
			return overrides.headers ? overrides.headers(sent) : sent;
		},
	};
	const delivery = signedDelivery(signed);
	return {
		rawBody: delivery.body,
		headers: delivery.headers,
		secrets: delivery.secrets,
		scheme,
		clock: delivery.clock,
		store: overrides.store ?? new MemoryDedupStore({ clock: fakeClock(T0).clock }),
		onEvent: overrides.onEvent,
	};
}

/** A memory store whose methods are spies, and can be told to fail. */
function spyStore(clock = fakeClock(T0).clock) {
	const inner = new MemoryDedupStore({ clock });
	const failing = { claim: false, complete: false, release: false };
	const fail = (op: keyof typeof failing) => {
		if (failing[op]) throw new Error(`redis: connection refused during ${op}`);
	};
	const store = {
		claim: jest.fn(async (key: string, leaseMs: number) => {
			fail('claim');
			return inner.claim(key, leaseMs);
		}),
		complete: jest.fn(async (key: string, ttlMs: number) => {
			fail('complete');
			return inner.complete(key, ttlMs);
		}),
		release: jest.fn(async (key: string) => {
			fail('release');
			return inner.release(key);
		}),
	};
	const untouched = () =>
		store.claim.mock.calls.length +
			store.complete.mock.calls.length +
			store.release.mock.calls.length ===
		0;
	return { store, failing, untouched };
}

function expectOutcome<O extends ReceiveResult['outcome']>(
	result: ReceiveResult,
	outcome: O,
): asserts result is Extract<ReceiveResult, { outcome: O }> {
	expect(result.outcome).toBe(outcome);
}

describe('receiveWebhook', () => {
	describe('a genuine delivery', () => {
		it('is accepted with 200 and an event built from the signed body', async () => {
			const onEvent = jest.fn();
			const result = await receiveWebhook(receiveDelivery({ onEvent }));
			expectOutcome(result, 'accepted');
			expect(result.status).toBe(200);
			expect(result.event).toEqual({
				key: `${GENERATION_ID}:completed`,
				generationId: GENERATION_ID,
				status: 'completed',
				event: 'video.generation.completed',
				payload: contractPayload(),
				deliveryId: GENERATION_ID,
				receivedVia: 'creativeai',
				secretIndex: 0,
			});
			expect(onEvent).toHaveBeenCalledTimes(1);
			expect(onEvent).toHaveBeenCalledWith(result.event);
		});

		it('names the event from the body, a failed voice job included', async () => {
			const voice = { id: 'voice_9', object: 'voice.generation', voice: 'nova', model: undefined };
			const result = await receiveWebhook(receiveDelivery({ payload: { ...FAILED, ...voice } }));
			expectOutcome(result, 'accepted');
			expect(result.event.event).toBe('voice.generation.failed');
			expect(result.event.key).toBe('voice_9:failed');
		});

		it('keeps fields the contract does not know yet in the payload', async () => {
			const result = await receiveWebhook(receiveDelivery({ payload: { resolution: '1080p' } }));
			expectOutcome(result, 'accepted');
			expect(result.event.payload).toMatchObject({ resolution: '1080p' });
		});

		it.each([
			['a string', (text: string) => text],
			['a Buffer', (text: string) => Buffer.from(text)],
			['a Uint8Array', (text: string) => new TextEncoder().encode(text)],
		])('accepts the raw body as %s', async (_, encode) => {
			const signedBody = encode(JSON.stringify(contractPayload()));
			const result = await receiveWebhook(receiveDelivery({ signedBody }));
			expect(result.outcome).toBe('accepted');
		});

		it('completes the key at once without onEvent, so a repeat is a duplicate', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('accepted');
			await expect(store.claim(`${GENERATION_ID}:completed`, 1_000)).resolves.toBe('completed');
		});

		it('treats the failed and then the completed delivery of one job as two events', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			const onEvent = jest.fn();
			const failed = await receiveWebhook(receiveDelivery({ store, onEvent, payload: FAILED }));
			const completed = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expectOutcome(failed, 'accepted');
			expectOutcome(completed, 'accepted');
			expect([failed.event.event, completed.event.event]).toEqual([
				'video.generation.failed',
				'video.generation.completed',
			]);
			expect(onEvent).toHaveBeenCalledTimes(2);
		});
	});

	describe('duplicates', () => {
		it('answers an exact repeat 200 duplicate without running the handler again', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			const onEvent = jest.fn();
			await receiveWebhook(receiveDelivery({ store, onEvent }));
			const repeat = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expectOutcome(repeat, 'duplicate');
			expect(repeat).toMatchObject({
				status: 200,
				key: `${GENERATION_ID}:completed`,
				generationId: GENERATION_ID,
			});
			expect(onEvent).toHaveBeenCalledTimes(1);
		});

		it.each([
			['MemoryDedupStore', () => new MemoryDedupStore({ clock: fakeClock(T0).clock })],
			['RecordDedupStore', () => new RecordDedupStore({ record: {}, clock: fakeClock(T0).clock })],
		])('of 20 simultaneous copies exactly one is accepted (%s)', async (_, makeStore) => {
			const store = makeStore();
			const onEvent = jest.fn(async () => {
				await Promise.resolve();
			});
			const input = receiveDelivery({ store, onEvent });
			const results = await Promise.all(Array.from({ length: 20 }, () => receiveWebhook(input)));
			const outcomes = results.map((r) => r.outcome);
			expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
			// The others found the winner's live lease: 503, so the sender retries rather than
			// taking an acknowledgement for work that might still fail.
			expect(outcomes.filter((o) => o === 'in_progress')).toHaveLength(19);
			expect(onEvent).toHaveBeenCalledTimes(1);
			expect((await receiveWebhook(input)).outcome).toBe('duplicate');
		});

		it('answers a copy that arrives while the first is processed 503 with Retry-After', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			let finish!: () => void;
			const first = receiveWebhook(
				receiveDelivery({ store, onEvent: () => new Promise<void>((r) => (finish = r)) }),
			);
			const copy = await receiveWebhook(receiveDelivery({ store }));
			expectOutcome(copy, 'in_progress');
			expect(copy.status).toBe(503);
			expect(copy.retryAfterSeconds).toBe(RETRY_AFTER_SECONDS);
			finish();
			expect((await first).outcome).toBe('accepted');
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('duplicate');
		});

		it('keys on the signed body: dropping the delivery-id header does not bypass de-duplication', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			await receiveWebhook(receiveDelivery({ store }));
			const replay = await receiveWebhook(
				receiveDelivery({ store, headers: withHeader('x-creativeai-delivery-id', undefined) }),
			);
			expect(replay.outcome).toBe('duplicate');
		});
	});

	describe('signature failures', () => {
		it('answers a forged delivery 401 and never touches the store or the handler', async () => {
			const { store, untouched } = spyStore();
			const onEvent = jest.fn();
			const result = await receiveWebhook(
				receiveDelivery({ store, onEvent, signingSecret: 'rph_live_attacker_guess' }),
			);
			expect(result).toMatchObject({ outcome: 'rejected', status: 401, reason: 'mismatch' });
			expect(untouched()).toBe(true);
			expect(onEvent).not.toHaveBeenCalled();
		});

		it('answers a missing signature 401 missing_signature', async () => {
			const result = await receiveWebhook(
				receiveDelivery({ headers: withHeader('x-creativeai-signature', undefined) }),
			);
			expect(result).toMatchObject({ status: 401, reason: 'missing_signature' });
		});

		it('answers a body changed after signing 401, before parsing it', async () => {
			const { store, untouched } = spyStore();
			const input = receiveDelivery({ store });
			const tampered = (input.rawBody as string).replace('"credits":10', '"credits":0');
			const result = await receiveWebhook({ ...input, rawBody: tampered });
			expect(result).toMatchObject({ status: 401, reason: 'mismatch' });
			expect(untouched()).toBe(true);
		});

		it('never throws for arbitrary bodies and signature values, only rejects them', async () => {
			await fc.assert(
				fc.asyncProperty(fc.string(), fc.string(), async (body, signature) => {
					const result = await receiveWebhook({
						...receiveDelivery(),
						rawBody: body,
						headers: { 'x-creativeai-signature': signature },
					});
					expect(result).toMatchObject({ outcome: 'rejected', status: 401 });
				}),
			);
		});
	});

	describe('bodies that are signed but not a delivery', () => {
		it('answers a body that is not JSON 400 invalid_json', async () => {
			const { store, untouched } = spyStore();
			const result = await receiveWebhook(receiveDelivery({ store, signedBody: 'id=vgen_1' }));
			expect(result).toMatchObject({ outcome: 'rejected', status: 400, reason: 'invalid_json' });
			expect(untouched()).toBe(true);
		});

		it('answers bytes that are not UTF-8 400 invalid_json', async () => {
			const bytes = new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
			const result = await receiveWebhook(receiveDelivery({ signedBody: bytes }));
			expect(result).toMatchObject({ status: 400, reason: 'invalid_json' });
		});

		it('answers JSON that is not the contract 400 invalid_payload, naming the fields', async () => {
			const { store, untouched } = spyStore();
			const result = await receiveWebhook(
				receiveDelivery({ store, payload: { status: 'COMPLETED', credits: 'ten' } }),
			);
			expectOutcome(result, 'rejected');
			expect(result).toMatchObject({ status: 400, reason: 'invalid_payload' });
			const fields = 'fields' in result ? result.fields.map((f) => f.field) : [];
			expect(fields).toEqual(expect.arrayContaining(['status', 'credits']));
			expect(untouched()).toBe(true);
		});

		it('answers any signed JSON value that is not a payload 400, never throwing', async () => {
			await fc.assert(
				fc.asyncProperty(fc.jsonValue(), async (value) => {
					const result = await receiveWebhook(
						receiveDelivery({ signedBody: JSON.stringify(value) }),
					);
					expect(result).toMatchObject({ status: 400, reason: 'invalid_payload' });
				}),
				{ numRuns: 200 },
			);
		});

		it('answers a delivery-id header naming another job 400 delivery_id_mismatch', async () => {
			const { store, untouched } = spyStore();
			const result = await receiveWebhook(
				receiveDelivery({ store, headers: withHeader('x-creativeai-delivery-id', 'vgen_other') }),
			);
			expect(result).toMatchObject({
				outcome: 'rejected',
				status: 400,
				reason: 'delivery_id_mismatch',
			});
			expect(untouched()).toBe(true);
		});
	});

	describe('handler failures and crashes', () => {
		it('answers 500 when the handler throws, and processes the sender retry', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			const boom = new Error('Slack said no: token xoxb-secret');
			const onEvent = jest.fn().mockRejectedValueOnce(boom).mockResolvedValueOnce(undefined);
			const first = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expectOutcome(first, 'failed');
			expect(first.status).toBe(500);
			expect(first.error).toBe(boom);
			expect(first.body).not.toContain('xoxb');
			const retry = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expect(retry.outcome).toBe('accepted');
			expect(onEvent).toHaveBeenCalledTimes(2);
		});

		it('reports a failed release beside the handler error; the lease then has to lapse', async () => {
			const time = fakeClock(T0);
			const { store, failing } = spyStore(time.clock);
			const onEvent = jest.fn(() => {
				failing.release = true;
				throw new Error('handler failed');
			});
			const first = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expectOutcome(first, 'failed');
			expect(first.releaseError).toBeInstanceOf(Error);
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('in_progress');
			time.advance(CLAIM_LEASE_MS);
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('accepted');
		});

		it('lets a retry in once the lease of a crashed worker has lapsed', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock });
			// The first worker claims the delivery and never finishes (its process died).
			void receiveWebhook(receiveDelivery({ store, onEvent: () => new Promise<void>(() => {}) }));
			await Promise.resolve();
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('in_progress');
			time.advance(CLAIM_LEASE_MS - 1);
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('in_progress');
			time.advance(1);
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('accepted');
		});

		it('uses the leaseMs it is given', async () => {
			const time = fakeClock(T0);
			const { store } = spyStore(time.clock);
			await receiveWebhook({ ...receiveDelivery({ store }), leaseMs: 20_000, ttlMs: 86_400_000 });
			expect(store.claim).toHaveBeenCalledWith(`${GENERATION_ID}:completed`, 20_000);
			expect(store.complete).toHaveBeenCalledWith(`${GENERATION_ID}:completed`, 86_400_000);
		});
	});

	describe('store failures', () => {
		it('answers 503 unavailable when the store cannot claim, and runs no handler', async () => {
			const { store, failing } = spyStore();
			failing.claim = true;
			const onEvent = jest.fn();
			const result = await receiveWebhook(receiveDelivery({ store, onEvent }));
			expectOutcome(result, 'unavailable');
			expect(result).toMatchObject({ status: 503, handled: false });
			expect(result.retryAfterSeconds).toBe(RETRY_AFTER_SECONDS);
			expect(result.body).not.toContain('redis');
			expect(onEvent).not.toHaveBeenCalled();
		});

		it('answers 503 when the completion cannot be recorded, saying the handler ran', async () => {
			const { store, failing } = spyStore();
			failing.complete = true;
			const result = await receiveWebhook(receiveDelivery({ store, onEvent: jest.fn() }));
			expect(result).toMatchObject({ outcome: 'unavailable', status: 503, handled: true });
			expect(store.release).not.toHaveBeenCalled();
		});

		it('without a handler, frees the key when completion fails so the retry is accepted', async () => {
			const { store, failing } = spyStore();
			failing.complete = true;
			const result = await receiveWebhook(receiveDelivery({ store }));
			expect(result).toMatchObject({ outcome: 'unavailable', handled: false });
			failing.complete = false;
			expect((await receiveWebhook(receiveDelivery({ store }))).outcome).toBe('accepted');
		});

		it('answers 503 when a store answers a claim with something unknown', async () => {
			const store = {
				claim: async () => 'maybe',
				complete: async () => undefined,
				release: async () => undefined,
			} as unknown as DedupStore;
			const result = await receiveWebhook(receiveDelivery({ store }));
			expect(result).toMatchObject({ outcome: 'unavailable', status: 503 });
		});
	});

	describe('schemes and header forms', () => {
		it('accepts a Standard Webhooks delivery, reporting the signed webhook-id', async () => {
			const result = await receiveWebhook(receiveDelivery({ scheme: 'standard' }));
			expectOutcome(result, 'accepted');
			expect(result.event).toMatchObject({
				receivedVia: 'standard',
				deliveryId: MESSAGE_ID,
				key: `${GENERATION_ID}:completed`,
			});
		});

		it('standard: a second message about the same job and status is a duplicate', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			await receiveWebhook(receiveDelivery({ scheme: 'standard', store }));
			const resent = await receiveWebhook(
				receiveDelivery({ scheme: 'standard', store, id: 'msg_minted_after_restart' }),
			);
			expect(resent.outcome).toBe('duplicate');
		});

		it('standard: refuses a replay older than the tolerance with 401', async () => {
			const result = await receiveWebhook(
				receiveDelivery({ scheme: 'standard', timestampSeconds: NOW_SECONDS - 301 }),
			);
			expect(result).toMatchObject({ status: 401, reason: 'timestamp_too_old' });
		});

		it('accepts the primary scheme', async () => {
			const result = await receiveWebhook(receiveDelivery({ scheme: 'primary' }));
			expect(result.outcome).toBe('accepted');
		});

		/** `x-creativeai-signature` -> `Http-X-Creativeai-Signature`, as Zapier forwards headers. */
		const zapierRenamed = (sent: Record<string, string>) =>
			Object.fromEntries(
				Object.entries(sent).map(([name, value]) => [
					`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}`,
					value,
				]),
			);

		it('accepts headers renamed the Zapier way (Http-X-Creativeai-Signature)', async () => {
			const input = receiveDelivery({ headers: zapierRenamed });
			expect(Object.keys(input.headers)).toContain('Http-X-Creativeai-Signature');
			expect((await receiveWebhook(input)).outcome).toBe('accepted');
		});

		it('checks a Zapier-renamed delivery-id header too', async () => {
			const result = await receiveWebhook(
				receiveDelivery({
					headers: (sent) => zapierRenamed({ ...sent, 'x-creativeai-delivery-id': 'vgen_other' }),
				}),
			);
			expect(result).toMatchObject({ status: 400, reason: 'delivery_id_mismatch' });
		});

		it('reports which secret matched during a key rotation', async () => {
			const input = receiveDelivery();
			const result = await receiveWebhook({
				...input,
				secrets: ['rph_live_new_key_000000000000', SECRETS.creativeai],
			});
			expectOutcome(result, 'accepted');
			expect(result.event.secretIndex).toBe(1);
		});
	});

	describe('misuse is a TypeError, not an outcome', () => {
		it.each<[string, Partial<Record<keyof ReceiveWebhookInput, unknown>>]>([
			['no store', { store: undefined }],
			['a store without release', { store: { claim: jest.fn(), complete: jest.fn() } }],
			['no secrets', { secrets: undefined }],
			['an empty secret list', { secrets: [] }],
			['a parsed body', { rawBody: contractPayload() }],
			['an unknown scheme', { scheme: 'hmac' }],
			['an onEvent that is not a function', { onEvent: 'emit' }],
			['no clock for standard', { scheme: 'standard', clock: undefined }],
		])('rejects %s with TypeError', async (_, change) => {
			const input = { ...receiveDelivery(), ...change } as ReceiveWebhookInput;
			await expect(receiveWebhook(input)).rejects.toThrow(TypeError);
		});

		it('rejects a leaseMs that is not positive with RangeError', async () => {
			await expect(receiveWebhook({ ...receiveDelivery(), leaseMs: 0 })).rejects.toThrow(
				RangeError,
			);
		});

		it('explains the raw-body rule when handed a parsed object', async () => {
			const input = { ...receiveDelivery(), rawBody: contractPayload() as never };
			await expect(receiveWebhook(input)).rejects.toThrow(/raw request body/);
		});
	});
});
