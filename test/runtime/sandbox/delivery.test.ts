import { createHmac, timingSafeEqual } from 'node:crypto';

import { webhookHeadersSchema, webhookPayloadSchema } from '../../../src/core/contract';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../../src/runtime/sandbox';
import { sleep } from '../../../src/runtime/timers';
import {
	call,
	startReceiver,
	VIDEO_BODY,
	VOICE_BODY,
	type Receiver,
	type ReceiverScript,
} from './helpers';

/** Recomputes the signature the way seed 000's receiver does. */
function signatureMatches(rawBody: string, header: string, apiKey: string): boolean {
	const expected = Buffer.from(
		`sha256=${createHmac('sha256', apiKey).update(rawBody).digest('hex')}`,
	);
	const received = Buffer.from(header);
	return expected.length === received.length && timingSafeEqual(expected, received);
}

describe('webhook delivery', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	/** Every wait the sender asked for, in ms. */
	let waits: number[];

	async function setUp(script: ReceiverScript, options: SandboxOptions = {}) {
		receiver = await startReceiver(script);
		waits = [];
		sandbox = await createSandbox({
			timeScale: 100,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: 5000,
			sleep: (ms, signal) => {
				waits.push(ms);
				return sleep(ms, signal);
			},
			...options,
		});
	}

	async function voiceJobWithWebhook(): Promise<string> {
		const created = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: receiver.url },
		});
		expect(created.status).toBe(202);
		await sandbox.settled();
		return created.body.id;
	}

	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('POSTs the contract payload with the contract headers, signed with the API key', async () => {
		await setUp(() => 200, { timeScale: 1000 });
		const created = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, webhook_url: receiver.url },
		});
		await sandbox.settled();
		expect(receiver.requests).toHaveLength(1);
		const [delivery] = receiver.requests;
		const headers = webhookHeadersSchema.parse(delivery.headers);
		const payload = webhookPayloadSchema.parse(JSON.parse(delivery.body));
		expect(delivery.method).toBe('POST');
		expect(delivery.path).toBe('/hooks/creativeai');
		expect(headers['x-creativeai-event']).toBe('video.generation.completed');
		expect(headers['x-creativeai-delivery-id']).toBe(created.body.id);
		expect(delivery.headers['user-agent']).toBe('CreativeAI-Webhooks/1.0');
		expect(delivery.headers['content-type']).toBe('application/json');
		expect(signatureMatches(delivery.body, headers['x-creativeai-signature'], sandbox.apiKey)).toBe(
			true,
		);
		expect(
			signatureMatches(delivery.body, headers['x-creativeai-signature'], 'rph_live_other'),
		).toBe(false);
		expect(payload).toMatchObject({
			id: created.body.id,
			status: 'completed',
			model: 'kling-v3',
			model_actual: 'kling-v3',
		});
		const job = (await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body;
		expect(payload.output_url).toBe(job.output_url);
		expect(payload.completed_at).toBe(job.completed_at);
	});

	it('sends the true failure event with the error and elapsed time', async () => {
		await setUp(() => 200, { faults: { providerSubmitErrorRate: 1 } });
		const id = await voiceJobWithWebhook();
		const [delivery] = receiver.requests;
		const payload = webhookPayloadSchema.parse(JSON.parse(delivery.body));
		expect(delivery.headers['x-creativeai-event']).toBe('voice.generation.failed');
		expect(payload).toMatchObject({
			id,
			object: 'voice.generation',
			status: 'failed',
			output_url: null,
			credits: 0,
		});
		expect(payload.error_message).toMatch(/refused/);
		expect(payload.elapsed_seconds).toBeGreaterThanOrEqual(0);
	});

	it('fires on completion even when nobody polls the job', async () => {
		await setUp(() => 200);
		await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: receiver.url },
		});
		await receiver.waitFor(1);
		expect(JSON.parse(receiver.requests[0].body).status).toBe('completed');
	});

	it('retries 5xx at the scaled 0 s, 5 s and 30 s, then gives up', async () => {
		await setUp(() => 503);
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(3);
		expect(waits).toEqual([50, 300]);
		const log = sandbox.deliveries({ generationId: id });
		expect(
			log.map((entry) => [entry.attempt, entry.delay_ms, entry.http_status, entry.outcome]),
		).toEqual([
			[1, 0, 503, 'retrying'],
			[2, 50, 503, 'retrying'],
			[3, 300, 503, 'gave_up'],
		]);
	});

	it('sends the same bytes and signature on every attempt', async () => {
		await setUp((index) => (index < 2 ? 500 : 200));
		await voiceJobWithWebhook();
		const bodies = new Set(receiver.requests.map((request) => request.body));
		const signatures = new Set(
			receiver.requests.map((request) => request.headers['x-creativeai-signature']),
		);
		expect(receiver.requests).toHaveLength(3);
		expect(bodies.size).toBe(1);
		expect(signatures.size).toBe(1);
	});

	it('retries a 429 and stops at the first 2xx', async () => {
		await setUp((index) => (index === 0 ? 429 : 204));
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(2);
		expect(sandbox.deliveries({ generationId: id }).map((entry) => entry.outcome)).toEqual([
			'retrying',
			'delivered',
		]);
	});

	it('gives up at once on a 4xx other than 429', async () => {
		await setUp(() => 410);
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(1);
		expect(sandbox.deliveries({ generationId: id })).toEqual([
			expect.objectContaining({
				attempt: 1,
				http_status: 410,
				outcome: 'gave_up',
				error_kind: 'http_status',
			}),
		]);
	});

	it('times out a receiver that does not answer and retries', async () => {
		// 10 s divided by the time scale of 20: half a second per attempt.
		await setUp((index) => (index === 0 ? 'hang' : 200), {
			timeScale: 20,
			webhookTimeoutMs: undefined,
		});
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(2);
		expect(sandbox.deliveries({ generationId: id })).toEqual([
			expect.objectContaining({
				attempt: 1,
				http_status: null,
				error_kind: 'timeout',
				outcome: 'retrying',
				error: 'no answer within 500 ms',
			}),
			expect.objectContaining({ attempt: 2, http_status: 200, outcome: 'delivered' }),
		]);
	});

	it('retries when the connection is refused', async () => {
		await setUp(() => 200);
		const closedUrl = receiver.url;
		await receiver.close();
		receiver = await startReceiver();
		const created = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: closedUrl },
		});
		await sandbox.settled();
		const log = sandbox.deliveries({ generationId: created.body.id });
		expect(log.map((entry) => [entry.error_kind, entry.outcome])).toEqual([
			['connection', 'retrying'],
			['connection', 'retrying'],
			['connection', 'gave_up'],
		]);
	});

	it('sends a delivered webhook twice when the duplicate fault says so', async () => {
		await setUp(() => 200, { faults: { webhookDuplicateRate: 1 } });
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(2);
		expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
		expect(receiver.requests[1].headers['x-creativeai-delivery-id']).toBe(id);
		expect(sandbox.deliveries({ generationId: id }).map((entry) => entry.duplicate)).toEqual([
			false,
			true,
		]);
	});

	it('loses attempts to the drop fault and retries them', async () => {
		await setUp(() => 200, { faults: { webhookDropRate: 1 } });
		const id = await voiceJobWithWebhook();
		expect(receiver.requests).toHaveLength(0);
		expect(
			sandbox.deliveries({ generationId: id }).map((entry) => [entry.error_kind, entry.outcome]),
		).toEqual([
			['dropped', 'retrying'],
			['dropped', 'retrying'],
			['dropped', 'gave_up'],
		]);
	});

	it('waits webhookDelayMs before the first attempt', async () => {
		await setUp(() => 200, { faults: { webhookDelayMs: 25 } });
		await voiceJobWithWebhook();
		expect(waits).toEqual([25]);
		expect(receiver.requests).toHaveLength(1);
	});

	it('never sends the same status to the same URL twice on its own', async () => {
		await setUp(() => 200);
		const created = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: receiver.url },
		});
		await call(sandbox, 'POST', '/v1/webhooks', {
			body: { url: receiver.url, events: ['generation.completed'] },
		});
		await sandbox.settled();
		for (let i = 0; i < 3; i++)
			await call(sandbox, 'GET', `/api/generate/voice/${created.body.id}`);
		await sandbox.idleDeliveries();
		expect(receiver.requests).toHaveLength(1);
	});

	it('cancels a delivery waiting to retry when the sandbox closes', async () => {
		const signals: (AbortSignal | undefined)[] = [];
		await setUp(() => 500, {
			// A wait that only ends by being cancelled.
			sleep: (_ms, signal) => {
				signals.push(signal);
				return sleep(60 * 60 * 1000, signal);
			},
		});
		await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: receiver.url },
		});
		await receiver.waitFor(1);
		while (signals.length === 0) await sleep(5);
		await sandbox.close();
		expect(signals[0]?.aborted).toBe(true);
		await expect(sandbox.idleDeliveries()).resolves.toBeUndefined();
		expect(receiver.requests).toHaveLength(1);
	});
});
