import nock from 'nock';

import { CreativeAiClient } from '../../../src/core/client/client';
import type { RetryOptions } from '../../../src/core/client/retry';
import { endpoints } from '../../../src/core/contract';
import {
	AbortedError,
	ApiError,
	AuthenticationError,
	ConnectionError,
	CreativeAiError,
	IdempotencyConflictError,
	InsufficientCreditsError,
	NotFoundError,
	RateLimitError,
	ServerError,
	TimeoutError,
	ValidationError,
} from '../../../src/core/errors';
import type { Transport, TransportRequest } from '../../../src/core/ports';
import { createFetchTransport } from '../../../src/runtime/transport/fetch';
import { fakeTime, OVERALL_MS, START_MS, type FakeTime } from './fakes';

const API_KEY = 'rph_live_test_5ecret0123456789abcdef';
const BASE_URL = 'https://api.creativeai.test';
const VIDEOS = '/v1/video/generations';

function videoJob(overrides: Record<string, unknown> = {}) {
	return {
		id: 'vgen_123',
		object: 'video.generation',
		status: 'pending',
		model: 'auto',
		model_actual: null,
		credits: 10,
		failover_used: false,
		output_url: null,
		error_message: null,
		created_at: '2025-03-01T12:00:00Z',
		completed_at: null,
		...overrides,
	};
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
	return { error: { code, message, ...extra } };
}

interface HarnessOptions {
	time?: FakeTime;
	retry?: Partial<RetryOptions>;
	transport?: Transport;
}

/** A client over the fetch transport (which nock intercepts), recording what reaches the transport. */
function harness(options: HarnessOptions = {}) {
	const time = options.time ?? fakeTime();
	const inner = options.transport ?? createFetchTransport();
	const sent: TransportRequest[] = [];
	const transport: Transport = (request) => {
		sent.push(request);
		return inner(request);
	};
	const client = new CreativeAiClient({
		apiKey: API_KEY,
		baseUrl: BASE_URL,
		transport,
		sleep: time.sleep,
		clock: time.clock,
		random: () => 0.5,
		timeouts: { overallMs: OVERALL_MS },
		retry: options.retry,
	});
	return { client, time, sent };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail');
}

describe('constructing a client', () => {
	const ports = { transport: createFetchTransport(), sleep: fakeTime().sleep, clock: () => 0 };

	it.each(['transport', 'sleep', 'clock'] as const)('names the missing %s option', (name) => {
		const options = { apiKey: API_KEY, ...ports, [name]: undefined };
		expect(() => new CreativeAiClient(options)).toThrow(new RegExp(`^${name} is required`));
	});

	it.each([[''], ['   '], [undefined], [42]])('refuses apiKey %p with a TypeError', (apiKey) => {
		const options = { ...ports, apiKey: apiKey as string };
		expect(() => new CreativeAiClient(options)).toThrow(TypeError);
	});

	it('refuses a key with a line break without repeating the key', () => {
		const apiKey = `${API_KEY}\r\nX-Evil: 1`;
		expect(() => new CreativeAiClient({ ...ports, apiKey })).toThrow(
			expect.objectContaining({ message: expect.not.stringContaining(API_KEY) }),
		);
	});

	it('names the retry option that is out of range', () => {
		const options = { apiKey: API_KEY, ...ports, retry: { maxRetries: -1 } };
		expect(() => new CreativeAiClient(options)).toThrow('retry.maxRetries');
	});

	it('exposes sleep, clock and random for helpers such as waitForCompletion', () => {
		const random = () => 0.25;
		const client = new CreativeAiClient({ apiKey: API_KEY, ...ports, random });
		expect(client.ports).toEqual({ sleep: ports.sleep, clock: ports.clock, random });
	});
});

describe('requests', () => {
	it('carry the bearer key, Accept, User-Agent and a JSON Content-Type on bodies', async () => {
		const scope = nock(BASE_URL, {
			reqheaders: {
				authorization: `Bearer ${API_KEY}`,
				accept: 'application/json',
				'content-type': 'application/json',
				'user-agent': /^creativeai-core\//,
			},
		})
			.post(VIDEOS)
			.reply(202, videoJob());
		await harness().client.createVideo({ prompt: 'a red fox' });
		expect(scope.isDone()).toBe(true);
	});

	it('send no Content-Type on a GET', async () => {
		nock(BASE_URL, { badheaders: ['content-type'] })
			.get(`${VIDEOS}/vgen_123`)
			.reply(200, videoJob());
		await expect(harness().client.getVideo('vgen_123')).resolves.toMatchObject({ id: 'vgen_123' });
	});

	it.each([[5], ['5s'], [' 5 s ']])('send duration %p as the number 5', async (duration) => {
		const scope = nock(BASE_URL)
			.post(VIDEOS, (body) => body.duration === 5 && body.prompt === 'a red fox')
			.reply(202, videoJob());
		await harness().client.createVideo({ prompt: 'a red fox', duration });
		expect(scope.isDone()).toBe(true);
	});

	it('fill the contract defaults (model auto, failover true) into the body', async () => {
		const scope = nock(BASE_URL)
			.post(VIDEOS, { model: 'auto', prompt: 'a red fox', failover: true })
			.reply(202, videoJob());
		await harness().client.createVideo({ prompt: 'a red fox' });
		expect(scope.isDone()).toBe(true);
	});

	it('put list filters in the query string, with the default limit', async () => {
		const scope = nock(BASE_URL)
			.get(VIDEOS)
			.query({ limit: '20', status: 'completed' })
			.reply(200, { object: 'list', data: [videoJob({ status: 'completed' })], has_more: false });
		const list = await harness().client.listVideos({ status: 'completed' });
		expect(list.data[0]?.status).toBe('completed');
		expect(scope.isDone()).toBe(true);
	});

	it('escape an id so it cannot change the path', async () => {
		const scope = nock(BASE_URL).get(`${VIDEOS}/a%2F..%2Fb`).reply(200, videoJob());
		await harness().client.getVideo('a/../b');
		expect(scope.isDone()).toBe(true);
	});

	it('resolve a 204 delete to undefined', async () => {
		nock(BASE_URL).delete('/v1/webhooks/wh_1').reply(204);
		await expect(harness().client.deleteWebhookSubscription('wh_1')).resolves.toBeUndefined();
	});

	it('return voice jobs, subscriptions and the account parsed', async () => {
		const voice = {
			id: 'voice_1',
			object: 'voice.generation',
			status: 'pending',
			voice: 'alloy',
			language: 'en',
			credits: 1,
			output_url: null,
			error_message: null,
			created_at: '2025-03-01T12:00:00Z',
			completed_at: null,
		};
		const subscription = {
			id: 'wh_1',
			object: 'webhook_subscription',
			url: 'https://example.com/hook',
			events: ['generation.completed'],
			created_at: '2025-03-01T12:00:00Z',
		};
		nock(BASE_URL)
			.post('/api/generate/voice', { text: 'hello', voice: 'alloy', language: 'en', speed: 1 })
			.reply(202, voice)
			.get('/api/generate/voice/voice_1')
			.reply(200, voice)
			.post('/v1/webhooks')
			.reply(201, subscription)
			.get('/v1/webhooks')
			.reply(200, { object: 'list', data: [subscription], has_more: false })
			.get('/v1/account')
			.reply(200, { object: 'account', credits_balance: 42 });
		const { client } = harness();
		await expect(client.createVoice({ text: 'hello' })).resolves.toMatchObject({ id: 'voice_1' });
		await expect(client.getVoice('voice_1')).resolves.toMatchObject({ status: 'pending' });
		const created = await client.createWebhookSubscription({
			url: 'https://example.com/hook',
			events: ['generation.completed'],
		});
		expect(created.id).toBe('wh_1');
		await expect(client.listWebhookSubscriptions()).resolves.toMatchObject({
			data: [subscription],
		});
		await expect(client.getAccount()).resolves.toEqual({ object: 'account', credits_balance: 42 });
	});
});

describe('input validation', () => {
	it.each([
		['an empty prompt', { prompt: '   ' }, 'prompt'],
		['aspect ratio 4:3', { prompt: 'fox', aspect_ratio: '4:3' }, 'aspect_ratio'],
		[
			'a webhook URL that is not http(s)',
			{ prompt: 'fox', webhook_url: 'ftp://x.example' },
			'webhook_url',
		],
		['a webhook URL that is not a URL', { prompt: 'fox', webhook_url: 'not a url' }, 'webhook_url'],
		['a duration of "five"', { prompt: 'fox', duration: 'five' }, 'duration'],
	])('names the field and sends nothing for %s', async (_case, input, field) => {
		const scope = nock(BASE_URL).post(VIDEOS).reply(202, videoJob());
		const { client, sent } = harness();
		const error = await caught(client.createVideo(input as never));
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fields.map((f) => f.field)).toEqual([field]);
		expect((error as ValidationError).message).toContain(field);
		expect(sent).toHaveLength(0);
		expect(scope.isDone()).toBe(false);
	});

	it('names the url of a webhook subscription and sends nothing', async () => {
		const scope = nock(BASE_URL).post('/v1/webhooks').reply(201, {});
		const { client, sent } = harness();
		const error = await caught(
			client.createWebhookSubscription({
				url: 'javascript:alert(1)',
				events: ['generation.failed'],
			}),
		);
		expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['url']);
		expect(sent).toHaveLength(0);
		expect(scope.isDone()).toBe(false);
	});

	it('refuses an empty id as a validation error naming id', async () => {
		const { client, sent } = harness();
		const error = await caught(client.getVideo(' '));
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fields).toEqual([
			{ field: 'id', message: 'must not be empty' },
		]);
		expect(sent).toHaveLength(0);
	});

	it.each(['.', '..', ' .. '])(
		'refuses the path step %j as an id, so it cannot reach another endpoint',
		async (id) => {
			const { client, sent } = harness();
			const error = await caught(client.deleteWebhookSubscription(id));
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['id']);
			expect(sent).toHaveLength(0);
		},
	);

	it('refuses a non-string id with a TypeError', async () => {
		await expect(harness().client.getVideo(42 as unknown as string)).rejects.toThrow(TypeError);
	});
});

describe('error answers', () => {
	const once = { retry: { maxRetries: 0 } };

	it('maps a 400 to a ValidationError with the fields the server names', async () => {
		const body = errorBody('validation_error', 'Invalid request', {
			fields: [{ field: 'resolution', message: 'must be 720p or 1080p' }],
		});
		nock(BASE_URL).post(VIDEOS).reply(400, body, { 'x-request-id': 'req_400' });
		const error = await caught(harness(once).client.createVideo({ prompt: 'fox' }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({
			code: 'validation_error',
			status: 400,
			requestId: 'req_400',
			fields: [{ field: 'resolution', message: 'must be 720p or 1080p' }],
		});
	});

	it('maps a 422 naming only `param` to that field', async () => {
		const body = errorBody('unsafe_webhook_url', 'points at a private address', {
			param: 'webhook_url',
		});
		nock(BASE_URL).post(VIDEOS).reply(422, body);
		const error = await caught(harness(once).client.createVideo({ prompt: 'fox' }));
		expect(error).toMatchObject({
			status: 422,
			fields: [{ field: 'webhook_url', message: 'points at a private address' }],
		});
	});

	it.each([401, 403])('maps %i to AuthenticationError without echoing the key', async (status) => {
		const body = errorBody('invalid_api_key', `The key ${API_KEY} is not valid`);
		nock(BASE_URL).get('/v1/account').reply(status, body, { 'x-request-id': 'req_auth' });
		const error = await caught(harness(once).client.getAccount());
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(error).toMatchObject({ code: 'authentication_failed', status, requestId: 'req_auth' });
		expect((error as Error).message).not.toContain(API_KEY);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	it('maps 402 to InsufficientCreditsError', async () => {
		nock(BASE_URL).post(VIDEOS).reply(402, errorBody('insufficient_credits', 'Top up'));
		const error = await caught(harness(once).client.createVideo({ prompt: 'fox' }));
		expect(error).toBeInstanceOf(InsufficientCreditsError);
		expect(error).toMatchObject({
			code: 'insufficient_credits',
			serverCode: 'insufficient_credits',
		});
	});

	it('maps 404 to NotFoundError naming the id', async () => {
		nock(BASE_URL).get(`${VIDEOS}/vgen_missing`).reply(404, errorBody('not_found', 'No such job'));
		const error = await caught(harness(once).client.getVideo('vgen_missing'));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(error).toMatchObject({ resourceId: 'vgen_missing' });
		expect((error as Error).message).toContain('vgen_missing');
	});

	it('maps 409 to IdempotencyConflictError', async () => {
		nock(BASE_URL).post(VIDEOS).reply(409, errorBody('idempotency_conflict', 'Key reused'));
		const error = await caught(harness(once).client.createVideo({ prompt: 'fox' }));
		expect(error).toBeInstanceOf(IdempotencyConflictError);
	});

	it('maps 429 to RateLimitError carrying Retry-After', async () => {
		nock(BASE_URL)
			.get('/v1/account')
			.reply(429, errorBody('rate_limited', 'Slow down'), { 'Retry-After': '30' });
		const error = await caught(harness(once).client.getAccount());
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 30_000 });
	});

	it.each([500, 502, 503, 504])('maps %i to ServerError', async (status) => {
		nock(BASE_URL).get('/v1/account').reply(status, 'Bad gateway');
		const error = await caught(harness(once).client.getAccount());
		expect(error).toBeInstanceOf(ServerError);
		expect(error).toMatchObject({ code: 'server_error', status });
	});

	it('maps any other status to ApiError api_error, quoting the server without the key', async () => {
		const body = errorBody('teapot', `I refuse ${API_KEY}`);
		nock(BASE_URL).get('/v1/account').reply(418, body, { 'x-request-id': 'req_418' });
		const error = await caught(harness(once).client.getAccount());
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ code: 'api_error', status: 418, requestId: 'req_418' });
		expect((error as Error).message).toContain('I refuse [redacted]');
		expect((error as Error).message).not.toContain(API_KEY);
	});

	it('reports a success body that breaks the contract as api_error with the status', async () => {
		nock(BASE_URL)
			.get(`${VIDEOS}/vgen_123`)
			.reply(200, { ...videoJob(), status: 'exploded' });
		const error = await caught(harness().client.getVideo('vgen_123'));
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ code: 'api_error', status: 200 });
		expect((error as Error).message).toMatch(/unexpected.*HTTP 200.*status/);
	});

	it('quotes only the start of a huge non-JSON success body', async () => {
		const page = `<html>${'x'.repeat(100_000)}</html>`;
		nock(BASE_URL).get('/v1/account').reply(200, page);
		const error = await caught(harness().client.getAccount());
		expect(error).toMatchObject({ code: 'api_error', status: 200 });
		expect((error as Error).message.length).toBeLessThan(1_000);
		expect((error as Error).message).toContain('<html>');
	});
});

describe('retries', () => {
	it('retry a 503 and return the job after the jittered backoff', async () => {
		nock(BASE_URL)
			.get(`${VIDEOS}/vgen_123`)
			.reply(503)
			.get(`${VIDEOS}/vgen_123`)
			.reply(200, videoJob({ status: 'processing' }));
		const { client, time, sent } = harness();
		await expect(client.getVideo('vgen_123')).resolves.toMatchObject({ status: 'processing' });
		expect(sent).toHaveLength(2);
		expect(time.waits).toEqual([250]); // random 0.5 * min(8000, 500 * 2 ** 0)
	});

	it('resend a create whose connection dropped with the same Idempotency-Key: one job', async () => {
		const jobsByKey = new Map<string, ReturnType<typeof videoJob>>();
		const keys: string[] = [];
		const scope = nock(BASE_URL)
			.post(VIDEOS)
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.post(VIDEOS)
			.reply(function () {
				const key = String(this.req.headers['idempotency-key']);
				if (!jobsByKey.has(key)) jobsByKey.set(key, videoJob({ id: `vgen_${jobsByKey.size + 1}` }));
				return [202, jobsByKey.get(key)];
			});
		scope.on('request', (req) => keys.push(String(req.headers['idempotency-key'])));
		const { client, time } = harness();
		const job = await client.createVideo({ prompt: 'a red fox' });
		expect(keys).toHaveLength(2);
		expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
		expect(keys[1]).toBe(keys[0]);
		expect(jobsByKey.size).toBe(1);
		expect(job.id).toBe('vgen_1');
		expect(time.waits).toHaveLength(1);
	});

	it('use a fresh key for each logical create', async () => {
		const keys: string[] = [];
		const scope = nock(BASE_URL).post(VIDEOS).times(2).reply(202, videoJob());
		scope.on('request', (req) => keys.push(String(req.headers['idempotency-key'])));
		const { client } = harness();
		await client.createVideo({ prompt: 'one' });
		await client.createVideo({ prompt: 'two' });
		expect(new Set(keys).size).toBe(2);
	});

	it("send the caller's own Idempotency-Key", async () => {
		const scope = nock(BASE_URL, { reqheaders: { 'idempotency-key': 'order-778-video' } })
			.post(VIDEOS)
			.reply(202, videoJob());
		await harness().client.createVideo({ prompt: 'fox' }, { idempotencyKey: 'order-778-video' });
		expect(scope.isDone()).toBe(true);
	});

	it('refuse an Idempotency-Key that cannot travel in a header', async () => {
		const { client, sent } = harness();
		await expect(
			client.createVideo({ prompt: 'fox' }, { idempotencyKey: 'two words' }),
		).rejects.toThrow(TypeError);
		expect(sent).toHaveLength(0);
	});

	it('wait the 120 s a Retry-After: 120 asks for, not the backoff cap, within raised limits', async () => {
		nock(BASE_URL)
			.post(VIDEOS)
			.reply(429, errorBody('rate_limited', 'Slow down'), { 'Retry-After': '120' })
			.post(VIDEOS)
			.reply(202, videoJob());
		const { client, time } = harness({
			retry: { maxRetryAfterMs: 300_000, maxRetryWaitMs: 300_000 },
		});
		await client.createVideo({ prompt: 'fox' });
		expect(time.waits).toEqual([120_000]);
	});

	it('wait until a Retry-After given as an HTTP date', async () => {
		const retryAt = new Date(START_MS + 45_000).toUTCString();
		nock(BASE_URL)
			.get('/v1/account')
			.reply(503, 'busy', { 'Retry-After': retryAt })
			.get('/v1/account')
			.reply(200, { object: 'account', credits_balance: 1 });
		const { client, time } = harness();
		await client.getAccount();
		expect(time.waits).toEqual([45_000]);
	});

	it('stop at once when Retry-After is longer than maxRetryAfterMs, carrying the wait', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/account')
			.times(2)
			.reply(429, errorBody('rate_limited', 'Slow down'), { 'Retry-After': '600' });
		const { client, time, sent } = harness();
		const error = await caught(client.getAccount());
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({ retryAfterMs: 600_000 });
		expect(sent).toHaveLength(1);
		expect(time.waits).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	it('never retry a 400: exactly one request', async () => {
		const scope = nock(BASE_URL)
			.post(VIDEOS)
			.times(2)
			.reply(400, errorBody('validation_error', 'bad', { param: 'prompt' }));
		const { client, sent, time } = harness();
		await expect(client.createVideo({ prompt: 'fox' })).rejects.toBeInstanceOf(ValidationError);
		expect(sent).toHaveLength(1);
		expect(time.waits).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	it('stop after maxRetries, backing off 250, 500, 1000 ms (random 0.5)', async () => {
		nock(BASE_URL).get('/v1/account').times(5).reply(502);
		const { client, sent, time } = harness();
		await expect(client.getAccount()).rejects.toBeInstanceOf(ServerError);
		expect(sent).toHaveLength(4);
		expect(time.waits).toEqual([250, 500, 1_000]);
	});

	it('honour a per-call retry: false (one attempt, the error as it came)', async () => {
		nock(BASE_URL).get(`${VIDEOS}/vgen_1`).times(2).reply(503, 'busy', { 'Retry-After': '3' });
		const { client, sent } = harness();
		const error = await caught(client.send(endpoints.getVideo, { id: 'vgen_1', retry: false }));
		expect(error).toMatchObject({ code: 'server_error', retryAfterMs: 3_000 });
		expect(sent).toHaveLength(1);
	});

	it('retry a GET whose connection was reset', async () => {
		nock(BASE_URL)
			.get('/v1/account')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get('/v1/account')
			.reply(200, { object: 'account', credits_balance: 3 });
		await expect(harness().client.getAccount()).resolves.toMatchObject({ credits_balance: 3 });
	});

	it('give up with ConnectionError naming the host once retries are spent', async () => {
		nock(BASE_URL)
			.get('/v1/account')
			.times(2)
			.replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
		const error = await caught(harness({ retry: { maxRetries: 1 } }).client.getAccount());
		expect(error).toBeInstanceOf(ConnectionError);
		expect((error as Error).message).toContain('api.creativeai.test');
		expect((error as Error).message).toContain('ECONNREFUSED');
	});

	it('do not resend a webhook subscription (no Idempotency-Key) whose connection dropped', async () => {
		const scope = nock(BASE_URL)
			.post('/v1/webhooks')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.post('/v1/webhooks')
			.reply(201, {});
		const { client, sent } = harness();
		const error = await caught(
			client.createWebhookSubscription({
				url: 'https://example.com/h',
				events: ['generation.completed'],
			}),
		);
		expect(error).toBeInstanceOf(ConnectionError);
		expect(sent).toHaveLength(1);
		expect(scope.isDone()).toBe(false);
	});

	it('do resend a webhook subscription refused with 429', async () => {
		nock(BASE_URL)
			.post('/v1/webhooks')
			.reply(429, errorBody('rate_limited', 'later'))
			.post('/v1/webhooks')
			.reply(201, {
				id: 'wh_2',
				object: 'webhook_subscription',
				url: 'https://example.com/h',
				events: ['generation.completed'],
				created_at: '2025-03-01T12:00:00Z',
			});
		const subscription = await harness().client.createWebhookSubscription({
			url: 'https://example.com/h',
			events: ['generation.completed'],
		});
		expect(subscription.id).toBe('wh_2');
	});

	it('retry a timeout the transport reports', async () => {
		let calls = 0;
		const transport: Transport = async () => {
			calls++;
			if (calls === 1) throw new TimeoutError('headers', 30_000);
			return { status: 200, headers: {}, body: JSON.stringify(videoJob()) };
		};
		await expect(harness({ transport }).client.getVideo('vgen_123')).resolves.toMatchObject({
			id: 'vgen_123',
		});
		expect(calls).toBe(2);
	});
});

describe('timeouts and cancellation', () => {
	/** A transport that never answers, and records the signal each attempt got. */
	function silentTransport(signals: AbortSignal[]): Transport {
		return (request) => {
			if (request.signal) signals.push(request.signal);
			return new Promise(() => undefined);
		};
	}

	it('end each attempt at the overall timeout, abort it, retry, then throw TimeoutError', async () => {
		const signals: AbortSignal[] = [];
		const time = fakeTime({ overallFires: true });
		const { client } = harness({
			time,
			transport: silentTransport(signals),
			retry: { maxRetries: 1 },
		});
		const error = await caught(client.getAccount());
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ code: 'timeout', phase: 'overall', timeoutMs: OVERALL_MS });
		expect(signals).toHaveLength(2);
		expect(signals.every((signal) => signal.aborted)).toBe(true);
	});

	it('hand the transport the per-phase timeouts', async () => {
		nock(BASE_URL).get('/v1/account').reply(200, { object: 'account', credits_balance: 1 });
		const { client, sent } = harness();
		await client.getAccount();
		expect(sent[0]?.timeouts).toEqual({ connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 });
	});

	it('cancel the overall timer once the attempt has answered', async () => {
		nock(BASE_URL).get('/v1/account').reply(200, { object: 'account', credits_balance: 1 });
		const { client, time } = harness();
		await client.getAccount();
		expect(time.overallTimerSignals).toHaveLength(1);
		expect(time.overallTimerSignals[0]?.aborted).toBe(true);
	});

	it('share one overall-timeout timer between calls in flight, cancelled when all are done', async () => {
		let answer!: () => void;
		const answered = new Promise<void>((resolve) => (answer = resolve));
		const transport: Transport = async () => {
			await answered;
			return { status: 200, headers: {}, body: JSON.stringify(videoJob()) };
		};
		const { client, time } = harness({ transport });
		const calls = [client.getVideo('vgen_1'), client.getVideo('vgen_2'), client.getVideo('vgen_3')];
		await Promise.resolve();
		expect(time.overallTimerSignals).toHaveLength(1);
		answer();
		await Promise.all(calls);
		expect(time.overallTimerSignals).toHaveLength(1);
		expect(time.overallTimerSignals[0]?.aborted).toBe(true);
	});

	it('share one signal between calls in flight that bring none of their own', async () => {
		const signals: (AbortSignal | undefined)[] = [];
		let answer!: () => void;
		const answered = new Promise<void>((resolve) => (answer = resolve));
		const transport: Transport = async (request) => {
			signals.push(request.signal);
			await answered;
			return { status: 200, headers: {}, body: JSON.stringify(videoJob()) };
		};
		const { client } = harness({ transport });
		const calls = [client.getVideo('vgen_1'), client.getVideo('vgen_2'), client.getVideo('vgen_3')];
		await Promise.resolve();
		answer();
		await Promise.all(calls);
		expect(signals).toHaveLength(3);
		expect(new Set(signals).size).toBe(1);
		expect(signals[0]?.aborted).toBe(false);
	});

	it('cancel only the call whose own signal fired, not the others in flight', async () => {
		const signals: AbortSignal[] = [];
		let answer!: () => void;
		const answered = new Promise<void>((resolve) => (answer = resolve));
		const transport: Transport = async (request) => {
			if (request.signal) signals.push(request.signal);
			await answered;
			return { status: 200, headers: {}, body: JSON.stringify(videoJob()) };
		};
		const { client } = harness({ transport });
		const controller = new AbortController();
		const cancelled = client.getVideo('vgen_1', { signal: controller.signal });
		const other = client.getVideo('vgen_2');
		await Promise.resolve();
		controller.abort();
		await expect(cancelled).rejects.toBeInstanceOf(AbortedError);
		expect(signals[0]).not.toBe(signals[1]);
		expect(signals[0]?.aborted).toBe(true);
		expect(signals[1]?.aborted).toBe(false);
		answer();
		await expect(other).resolves.toMatchObject({ id: 'vgen_123' });
	});

	it('cancel during a retry wait: AbortedError at once, no further request', async () => {
		const controller = new AbortController();
		const scope = nock(BASE_URL)
			.get('/v1/account')
			.reply(503)
			.get('/v1/account')
			.reply(200, { object: 'account', credits_balance: 1 });
		const time = fakeTime({ holdWaits: true, onWait: () => controller.abort() });
		const { client, sent } = harness({ time });
		const error = await caught(client.getAccount({ signal: controller.signal }));
		expect(error).toBeInstanceOf(AbortedError);
		expect(error).toMatchObject({ code: 'aborted' });
		expect(sent).toHaveLength(1);
		expect(scope.isDone()).toBe(false);
		expect(time.waitSignals[0]?.aborted).toBe(true);
	});

	it('cancel during an attempt even when the transport ignores its signal', async () => {
		const controller = new AbortController();
		const signals: AbortSignal[] = [];
		const { client } = harness({ transport: silentTransport(signals) });
		const pending = client.getAccount({ signal: controller.signal });
		await Promise.resolve();
		controller.abort();
		await expect(pending).rejects.toBeInstanceOf(AbortedError);
		expect(signals[0]?.aborted).toBe(true);
	});

	it('send nothing when the signal is already aborted', async () => {
		const { client, sent } = harness();
		const error = await caught(client.getAccount({ signal: AbortSignal.abort() }));
		expect(error).toBeInstanceOf(AbortedError);
		expect(sent).toHaveLength(0);
	});
});

describe('send', () => {
	it('returns data with status, lower-cased headers and the request id', async () => {
		nock(BASE_URL)
			.get(`${VIDEOS}/vgen_123`)
			.reply(200, videoJob({ status: 'processing' }), {
				'Retry-After': '7',
				'X-Request-Id': 'req_9',
			});
		const response = await harness().client.send(endpoints.getVideo, {
			id: 'vgen_123',
			retry: false,
		});
		expect(response.status).toBe(200);
		expect(response.data.status).toBe('processing');
		expect(response.headers['retry-after']).toBe('7');
		expect(response.requestId).toBe('req_9');
	});

	it('is a CreativeAiError for every failure a front end branches on', async () => {
		nock(BASE_URL).get('/v1/account').reply(500);
		const error = await caught(harness({ retry: { maxRetries: 0 } }).client.getAccount());
		expect(error).toBeInstanceOf(CreativeAiError);
	});
});
