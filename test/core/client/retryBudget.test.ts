// Issue 11, class 7: a Retry-After cannot hold one call for a quarter of an hour. By default one
// call spends at most a minute in all its retry waits; a Retry-After past that fails at once with
// when to retry on the error. Both limits are options. Time is virtual (fakeTime).
import nock from 'nock';

import { CreativeAiClient } from '../../../src/core/client/client';
import type { RetryOptions } from '../../../src/core/client/retry';
import { RateLimitError, ServerError } from '../../../src/core/errors';
import { waitForCompletion } from '../../../src/core/wait';
import { createFetchTransport } from '../../../src/runtime/transport/fetch';
import { fakeTime, OVERALL_MS, START_MS } from './fakes';

const BASE_URL = 'https://api.creativeai.test';
const JOB_PATH = '/v1/video/generations/vgen_1';

function client(retry?: Partial<RetryOptions>) {
	const time = fakeTime();
	const created = new CreativeAiClient({
		apiKey: 'rph_live_retry_budget_0123456789',
		baseUrl: BASE_URL,
		transport: createFetchTransport(),
		sleep: time.sleep,
		clock: time.clock,
		random: () => 0.5,
		timeouts: { overallMs: OVERALL_MS },
		retry,
	});
	return { client: created, time };
}

function job(status: string) {
	return {
		id: 'vgen_1',
		object: 'video.generation',
		status,
		model: 'auto',
		model_actual: null,
		credits: 1,
		failover_used: false,
		output_url: status === 'completed' ? 'https://cdn.example.com/v.mp4' : null,
		error_message: null,
		created_at: '2025-03-01T12:00:00Z',
		completed_at: status === 'completed' ? '2025-03-01T12:05:00Z' : null,
	};
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail');
}

describe('the retry wait budget of one call', () => {
	it('fails three 503s asking Retry-After: 300 at once, saying when to retry', async () => {
		nock(BASE_URL).get(JOB_PATH).times(4).reply(503, 'busy', { 'Retry-After': '300' });
		const { client: api, time } = client();
		const error = await caught(api.getVideo('vgen_1'));
		expect(error).toBeInstanceOf(ServerError);
		expect(error).toMatchObject({ retryAfterMs: 300_000, retryAt: START_MS + 300_000 });
		expect((error as Error).message).toMatch(/retry after 300 s/);
		expect(time.waits).toEqual([]);
	});

	it('spends at most a minute in all waits of one call by default', async () => {
		nock(BASE_URL).get(JOB_PATH).times(4).reply(429, 'slow down', { 'Retry-After': '25' });
		const { client: api, time } = client();
		const error = await caught(api.getVideo('vgen_1'));
		expect(error).toBeInstanceOf(RateLimitError);
		expect(time.waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(60_000);
		expect(time.waits).toEqual([25_000, 25_000]);
		expect(error).toMatchObject({ retryAfterMs: 25_000 });
	});

	it('waits longer when both limits are raised', async () => {
		nock(BASE_URL)
			.get(JOB_PATH)
			.times(3)
			.reply(503, 'busy', { 'Retry-After': '300' })
			.get(JOB_PATH)
			.reply(200, job('processing'));
		const { client: api, time } = client({ maxRetryAfterMs: 600_000, maxRetryWaitMs: 900_000 });
		await expect(api.getVideo('vgen_1')).resolves.toMatchObject({ status: 'processing' });
		expect(time.waits).toEqual([300_000, 300_000, 300_000]);
	});

	it('lets waitForCompletion schedule its own next poll from the Retry-After', async () => {
		nock(BASE_URL)
			.get(JOB_PATH)
			.reply(503, 'busy', { 'Retry-After': '120' })
			.get(JOB_PATH)
			.reply(200, job('completed'));
		const { client: api, time } = client();
		await expect(waitForCompletion(api, 'vgen_1')).resolves.toMatchObject({ status: 'completed' });
		expect(time.waits).toEqual([120_000]);
	});
});
