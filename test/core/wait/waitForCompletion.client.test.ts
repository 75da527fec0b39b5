// waitForCompletion over the real CreativeAiClient and fetch transport, with nock answering the
// GETs: proves the client satisfies GenerationPoller and that its errors drive the loop as the
// fake's do. Time is virtual: waits advance a clock; the client's overall timer (the one sleep of
// OVERALL_MS plus at most one deadline-bucket width) stays pending until the client cancels it.
import nock from 'nock';

import { CreativeAiClient } from '../../../src/core/client';
import { NotFoundError } from '../../../src/core/errors';
import type { Sleep } from '../../../src/core/ports';
import { waitForCompletion, type GenerationPoller } from '../../../src/core/wait';
import { createFetchTransport } from '../../../src/runtime/transport/fetch';
import { completedVideo, T0, videoJob } from './virtualPoller';

const BASE_URL = 'https://api.creativeai.test';
const OVERALL_MS = 3_600_000;

function realClient() {
	let now = T0;
	const waits: number[] = [];
	const sleep: Sleep = (ms, signal) => {
		if (ms >= OVERALL_MS) {
			return new Promise((_resolve, reject) =>
				signal?.addEventListener('abort', () => reject(new Error('timer cancelled'))),
			);
		}
		waits.push(ms);
		now += ms;
		return Promise.resolve();
	};
	const client = new CreativeAiClient({
		apiKey: 'rph_live_test_0123456789',
		baseUrl: BASE_URL,
		transport: createFetchTransport(),
		sleep,
		clock: () => now,
		random: () => 0.5,
		timeouts: { overallMs: OVERALL_MS },
	});
	return { client, waits };
}

describe('waitForCompletion with CreativeAiClient', () => {
	it('the client satisfies GenerationPoller', () => {
		const poller: GenerationPoller = realClient().client;
		expect(typeof poller.send).toBe('function');
	});

	it('polls through 503 and 429 answers, honouring Retry-After, until the job completes', async () => {
		const { client, waits } = realClient();
		const path = '/v1/video/generations/vgen_test123';
		const scope = nock(BASE_URL)
			.get(path)
			.reply(200, videoJob({ phase: 'rendering', eta_seconds: 30 }))
			.get(path)
			.reply(503, { error: { code: 'server_error', message: 'upstream busy' } })
			.get(path)
			.reply(
				429,
				{ error: { code: 'rate_limited', message: 'slow down' } },
				{ 'Retry-After': '40' },
			)
			.get(path)
			.reply(200, completedVideo());

		const result = await waitForCompletion(client, 'vgen_test123', { intervalMs: 5_000 });

		expect(result.status).toBe('completed');
		expect(scope.isDone()).toBe(true);
		// eta 30 s -> 15 s; then one backoff step; then the server's 40 s.
		expect(waits[0]).toBe(15_000);
		expect(waits[2]).toBe(40_000);
		expect(waits).toHaveLength(3);
	});

	it('throws the 404 at once, without a second request', async () => {
		const { client } = realClient();
		const scope = nock(BASE_URL)
			.get('/api/generate/voice/voice_missing')
			.reply(404, { error: { code: 'not_found', message: 'no such job' } });

		await expect(waitForCompletion(client, 'voice_missing')).rejects.toBeInstanceOf(NotFoundError);
		expect(scope.isDone()).toBe(true);
	});
});
