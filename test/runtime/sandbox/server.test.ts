import { errorBodySchema, endpoints } from '../../../src/core/contract';
import { createSandbox, DEFAULT_API_KEY, type Sandbox } from '../../../src/runtime/sandbox';
import { call, manualClock, VIDEO_BODY } from './helpers';

describe('sandbox server: authentication, routing and error bodies', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await createSandbox({
			timeScale: 1000,
			apiKeys: [DEFAULT_API_KEY, 'rph_test_second_account'],
		});
	});
	afterAll(() => sandbox.close());

	it('accepts the default development key out of the box', async () => {
		const answer = await call(sandbox, 'GET', '/v1/account');
		expect(sandbox.apiKey).toBe('rph_test_sandbox');
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ object: 'account', credits_balance: 1000 });
	});

	it('answers an id with a malformed percent escape with 404, not a 500 the client would retry', async () => {
		const answer = await call(sandbox, 'GET', '/v1/video/generations/%E0%A4%A');
		expect(answer.status).toBe(404);
		expect(errorBodySchema.parse(answer.body).error.code).toBe('not_found');
	});

	it('answers a missing key with 401 and the contract error body', async () => {
		const answer = await call(sandbox, 'GET', '/v1/account', { key: null });
		expect(answer.status).toBe(401);
		expect(errorBodySchema.parse(answer.body).error.code).toBe('invalid_api_key');
		expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
	});

	it('answers a wrong key with 401 without echoing the key', async () => {
		const wrongKey = 'rph_live_this_is_not_a_real_key_12345';
		const answer = await call(sandbox, 'POST', endpoints.createVideo.path, {
			key: wrongKey,
			body: VIDEO_BODY,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.error.code).toBe('invalid_api_key');
		expect(answer.bytes.toString()).not.toContain(wrongKey);
		expect(answer.bytes.toString()).not.toContain('this_is_not');
	});

	it('puts the same request id in the X-Request-Id header and the error body', async () => {
		const answer = await call(sandbox, 'GET', '/v1/video/generations/vgen_missing');
		expect(answer.status).toBe(404);
		expect(answer.headers['x-request-id']).toMatch(/^req_/);
		expect(answer.body.error.request_id).toBe(answer.headers['x-request-id']);
	});

	it('sends X-Request-Id on successful answers too', async () => {
		const answer = await call(sandbox, 'GET', '/v1/webhooks');
		expect(answer.status).toBe(200);
		expect(answer.headers['x-request-id']).toMatch(/^req_[0-9a-f]{24}$/);
	});

	it('keeps each API key in its own account', async () => {
		const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		const other = { url: sandbox.url, apiKey: 'rph_test_second_account' };
		const seenByOther = await call(other, 'GET', `/v1/video/generations/${created.body.id}`);
		const otherAccount = await call(other, 'GET', '/v1/account');
		expect(seenByOther.status).toBe(404);
		expect(otherAccount.body.credits_balance).toBe(1000);
	});

	it('answers an unknown path with 404 not_found', async () => {
		const answer = await call(sandbox, 'GET', '/v2/nothing');
		expect(answer.status).toBe(404);
		expect(answer.body.error.code).toBe('not_found');
	});

	it('answers a wrong method with 405 and an Allow header', async () => {
		const answer = await call(sandbox, 'DELETE', '/v1/account');
		expect(answer.status).toBe(405);
		expect(answer.headers.allow).toBe('GET');
		expect(errorBodySchema.safeParse(answer.body).success).toBe(true);
	});

	it('refuses a body that is not JSON with 400', async () => {
		const answer = await call(sandbox, 'POST', '/v1/video/generations', { body: '{"prompt": ' });
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('validation_error');
	});

	it('names every bad field with 422, validated by the contract schema', async () => {
		const answer = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { prompt: '', aspect_ratio: '4:3', colour: 'red' },
		});
		expect(answer.status).toBe(422);
		expect(answer.body.error.code).toBe('validation_error');
		const fields = answer.body.error.fields.map((issue: { field: string }) => issue.field);
		expect(fields).toEqual(expect.arrayContaining(['prompt', 'aspect_ratio', '(request)']));
	});

	it('names the field at fault in param', async () => {
		const answer = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { prompt: 'ok', duration: 'five' },
		});
		expect(answer.status).toBe(422);
		expect(answer.body.error.param).toBe('duration');
	});

	it('refuses a bad list query with 400', async () => {
		const answer = await call(sandbox, 'GET', '/v1/video/generations?limit=1000');
		expect(answer.status).toBe(400);
		expect(answer.body.error.param).toBe('limit');
	});

	it('refuses an over-long Idempotency-Key with 400', async () => {
		const answer = await call(sandbox, 'POST', '/v1/video/generations', {
			body: VIDEO_BODY,
			headers: { 'idempotency-key': 'k'.repeat(256) },
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.param).toBe('Idempotency-Key');
	});

	it('lists video generations newest first, paged with starting_after', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			ids.push(
				(await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY })).body.id,
			);
		}
		const first = await call(sandbox, 'GET', '/v1/video/generations?limit=2');
		expect(first.body.data.map((job: { id: string }) => job.id)).toEqual([ids[2], ids[1]]);
		expect(first.body.has_more).toBe(true);
		const next = await call(
			sandbox,
			'GET',
			`/v1/video/generations?limit=1&starting_after=${ids[1]}`,
		);
		expect(next.body.data[0].id).toBe(ids[0]);
	});

	it('filters the list by status', async () => {
		const clock = manualClock();
		const paused = await createSandbox({ clock: clock.now });
		try {
			const done = await call(paused, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			clock.advance(60 * 60 * 1000);
			const waiting = await call(paused, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			const pending = await call(paused, 'GET', '/v1/video/generations?status=pending');
			const completed = await call(paused, 'GET', '/v1/video/generations?status=completed');
			expect(pending.body.data.map((job: { id: string }) => job.id)).toEqual([waiting.body.id]);
			expect(completed.body.data.map((job: { id: string }) => job.id)).toEqual([done.body.id]);
		} finally {
			await paused.close();
		}
	});

	it("shows the caller's jobs with their books and past events at GET /admin/jobs", async () => {
		const clock = manualClock();
		const admin = await createSandbox({
			clock: clock.now,
			apiKeys: ['rph_test_account_a', 'rph_test_account_b'],
		});
		try {
			const created = await call(admin, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			clock.advance(10 * 60 * 1000);
			const mine = await call(admin, 'GET', '/admin/jobs');
			const theirs = await call(
				{ url: admin.url, apiKey: 'rph_test_account_b' },
				'GET',
				'/admin/jobs',
			);
			expect(mine.body.data).toEqual([
				expect.objectContaining({
					id: created.body.id,
					status: 'completed',
					charged: 3,
					refunded_at: null,
					events: [
						expect.objectContaining({ kind: 'submitted', model: 'kling-v3' }),
						expect.objectContaining({ kind: 'completed' }),
					],
				}),
			]);
			expect(theirs.body.data).toEqual([]);
		} finally {
			await admin.close();
		}
	});

	it('refuses wrong option types with a TypeError', async () => {
		await expect(createSandbox({ timeScale: -1 })).rejects.toThrow(TypeError);
		await expect(createSandbox({ faults: { webhookDropRate: 2 } })).rejects.toThrow(
			/faults\.webhookDropRate/,
		);
	});
});
