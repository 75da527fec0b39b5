import { endpoints } from '../../../src/core/contract';
import {
	AbortedError,
	AuthenticationError,
	ConnectionError,
	GenerationFailedError,
	NotFoundError,
	RateLimitError,
	ServerError,
	TimeoutError,
	WaitTimeoutError,
} from '../../../src/core/errors';
import {
	MAX_CONSECUTIVE_TRANSIENT_FAILURES,
	MAX_ETA_WAIT_MS,
	waitForCompletion,
	type GenerationPoller,
	type WaitProgress,
} from '../../../src/core/wait';
import { completedVideo, virtualPoller, videoJob, voiceJob, type Step } from './virtualPoller';

const processing: Step = { generation: videoJob() };
const serverError = (): Step => ({ error: new ServerError({ status: 503 }) });

describe('waitForCompletion', () => {
	describe('outcomes', () => {
		it('resolves with the completed generation, polling its GET endpoint without client retries', async () => {
			const done = completedVideo();
			const { client, calls } = virtualPoller([processing, processing, { generation: done }]);

			await expect(waitForCompletion(client, 'vgen_test123')).resolves.toEqual(done);
			expect(calls).toHaveLength(3);
			for (const call of calls) {
				expect(call.endpoint).toBe(endpoints.getVideo);
				expect(call.options).toMatchObject({ id: 'vgen_test123', retry: false });
			}
		});

		it('throws GenerationFailedError with the server message and the id when the job fails', async () => {
			const { client } = virtualPoller([
				processing,
				{ generation: videoJob({ status: 'failed', error_message: 'content policy violation' }) },
			]);

			const error = await waitForCompletion(client, 'vgen_test123').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(GenerationFailedError);
			expect(error).toMatchObject({
				code: 'generation_failed',
				generationId: 'vgen_test123',
				serverMessage: 'content policy violation',
			});
			expect((error as Error).message).toContain('content policy violation');
		});

		it('answers a generation object that is already completed without any request', async () => {
			const done = completedVideo();
			const { client, calls } = virtualPoller([]);

			await expect(waitForCompletion(client, done)).resolves.toBe(done);
			expect(calls).toHaveLength(0);
		});

		it('throws at once for a generation object that already failed', async () => {
			const { client, calls } = virtualPoller([]);
			const failed = videoJob({ status: 'failed', error_message: 'provider outage' });

			await expect(waitForCompletion(client, failed)).rejects.toBeInstanceOf(GenerationFailedError);
			expect(calls).toHaveLength(0);
		});

		it('throws an api_error naming the id when the server answers an unreadable body', async () => {
			const { client, calls } = virtualPoller([
				{ generation: { ...videoJob(), status: 'exploded' } as never },
			]);

			const error = await waitForCompletion(client, 'vgen_test123').catch((e: unknown) => e);
			expect(error).toMatchObject({ code: 'api_error' });
			expect((error as Error).message).toContain('vgen_test123');
			expect(calls).toHaveLength(1);
		});
	});

	describe('video or voice', () => {
		it('polls the voice endpoint for a voice_ id', async () => {
			const { client, calls } = virtualPoller([
				{
					generation: voiceJob({
						status: 'completed',
						output_url: 'https://cdn.example.test/a.mp3',
					}),
				},
			]);

			const result = await waitForCompletion(client, 'voice_test456');
			expect(result.object).toBe('voice.generation');
			expect(calls[0].endpoint).toBe(endpoints.getVoice);
		});

		it('lets the kind option decide for an id without the voice_ prefix', async () => {
			const { client, calls } = virtualPoller([
				{ generation: voiceJob({ id: 'job_1', status: 'completed' }) },
			]);

			await waitForCompletion(client, 'job_1', { kind: 'voice' });
			expect(calls[0].endpoint).toBe(endpoints.getVoice);
		});

		it('polls the voice endpoint for a voice generation object', async () => {
			const { client, calls } = virtualPoller([{ generation: voiceJob({ status: 'completed' }) }]);

			await waitForCompletion(client, voiceJob({ status: 'pending' }));
			expect(calls[0].endpoint).toBe(endpoints.getVoice);
		});

		it('refuses a kind that contradicts the generation object', async () => {
			const { client } = virtualPoller([]);
			await expect(waitForCompletion(client, voiceJob(), { kind: 'video' })).rejects.toThrow(
				TypeError,
			);
		});
	});

	describe('timing', () => {
		it('follows the eta: sleeps half the remaining estimate, capped, and never below the interval', async () => {
			const { client, sleeps } = virtualPoller([
				{ generation: videoJob({ eta_seconds: 100 }) },
				{ generation: videoJob({ eta_seconds: 3_600 }) },
				{ generation: videoJob({ eta_seconds: 4 }) },
				{ generation: completedVideo() },
			]);

			await waitForCompletion(client, 'vgen_test123', { intervalMs: 5_000 });
			expect(sleeps).toEqual([50_000, MAX_ETA_WAIT_MS, 5_000]);
		});

		it('waits for the eta of the generation returned by create before its first GET', async () => {
			const { client, sleeps, calls } = virtualPoller([{ generation: completedVideo() }]);

			await waitForCompletion(client, videoJob({ status: 'pending', eta_seconds: 60 }));
			expect(sleeps).toEqual([30_000]);
			expect(calls).toHaveLength(1);
		});

		it('honours a Retry-After header on a successful poll', async () => {
			const { client, sleeps } = virtualPoller([
				{ generation: videoJob(), headers: { 'retry-after': '20' } },
				{ generation: completedVideo() },
			]);

			await waitForCompletion(client, 'vgen_test123', { intervalMs: 5_000 });
			expect(sleeps).toEqual([20_000]);
		});

		it('honours the Retry-After of a 429 when it is longer than the backoff', async () => {
			const { client, sleeps } = virtualPoller([
				{ error: new RateLimitError({ status: 429, retryAfterMs: 30_000 }) },
				{ generation: completedVideo() },
			]);

			await waitForCompletion(client, 'vgen_test123', { intervalMs: 5_000 });
			expect(sleeps).toEqual([30_000]);
		});

		it('throws WaitTimeoutError naming the id, the elapsed time and the last status at the deadline', async () => {
			const { client, calls, elapsedMs } = virtualPoller(() => processing);

			const error = await waitForCompletion(client, 'vgen_test123', {
				intervalMs: 5_000,
				timeoutMs: 12_000,
			}).catch((e: unknown) => e);

			expect(error).toBeInstanceOf(WaitTimeoutError);
			expect(error).toMatchObject({
				generationId: 'vgen_test123',
				elapsedMs: 12_000,
				lastStatus: 'processing',
			});
			expect((error as Error).message).toMatch(/vgen_test123.*12 s/);
			expect(elapsedMs()).toBe(12_000);
			// The last sleep is shortened so the final check happens exactly at the deadline.
			expect(calls.map((c) => c.at - calls[0].at)).toEqual([0, 5_000, 10_000, 12_000]);
		});

		it('never sleeps past the deadline even when the eta asks for a long wait', async () => {
			const { client, sleeps, elapsedMs } = virtualPoller(() => ({
				generation: videoJob({ eta_seconds: 200 }),
			}));

			await expect(
				waitForCompletion(client, 'vgen_test123', { timeoutMs: 45_000 }),
			).rejects.toBeInstanceOf(WaitTimeoutError);
			expect(sleeps).toEqual([45_000]);
			expect(elapsedMs()).toBe(45_000);
		});
	});

	describe('transient failures', () => {
		it(`survives ${MAX_CONSECUTIVE_TRANSIENT_FAILURES} consecutive transient failures of any kind`, async () => {
			const done = completedVideo();
			const { client, calls } = virtualPoller([
				serverError(),
				{ error: new ConnectionError('socket hang up') },
				{ error: new TimeoutError('headers', 10_000) },
				{ error: new RateLimitError({ status: 429 }) },
				serverError(),
				{ generation: done },
			]);

			await expect(waitForCompletion(client, 'vgen_test123')).resolves.toEqual(done);
			expect(calls).toHaveLength(6);
		});

		it('gives up on the 6th consecutive transient failure, throwing it', async () => {
			const sixth = new ServerError({ status: 502 });
			const { client, calls } = virtualPoller([
				serverError(),
				serverError(),
				serverError(),
				serverError(),
				serverError(),
				{ error: sixth },
			]);

			await expect(waitForCompletion(client, 'vgen_test123')).rejects.toBe(sixth);
			expect(calls).toHaveLength(6);
		});

		it('starts counting again after a successful poll', async () => {
			const fiveFailures = Array.from({ length: 5 }, serverError);
			const { client } = virtualPoller([
				...fiveFailures,
				processing,
				...fiveFailures,
				{ generation: completedVideo() },
			]);

			await expect(waitForCompletion(client, 'vgen_test123')).resolves.toMatchObject({
				status: 'completed',
			});
		});

		it('backs off between failures, growing but never beyond 4x the interval', async () => {
			const { client, sleeps } = virtualPoller([
				...Array.from({ length: 5 }, serverError),
				{ generation: completedVideo() },
			]);

			await waitForCompletion(client, 'vgen_test123', { intervalMs: 5_000 });
			expect(sleeps).toHaveLength(5);
			expect(sleeps[0]).toBe(5_000);
			expect(sleeps[2]).toBeGreaterThan(sleeps[0]);
			for (let i = 1; i < sleeps.length; i++)
				expect(sleeps[i]).toBeGreaterThanOrEqual(sleeps[i - 1]);
			for (const sleep of sleeps) expect(sleep).toBeLessThanOrEqual(20_000);
		});

		it.each([
			['a 404', new NotFoundError({ status: 404, resourceId: 'vgen_test123' })],
			['a 401', new AuthenticationError({ status: 401 })],
		])('throws %s at once, without retrying', async (_name, error) => {
			const { client, calls, sleeps } = virtualPoller([
				{ error },
				{ generation: completedVideo() },
			]);

			await expect(waitForCompletion(client, 'vgen_test123')).rejects.toBe(error);
			expect(calls).toHaveLength(1);
			expect(sleeps).toHaveLength(0);
		});
	});

	describe('cancellation', () => {
		it('stops with AbortedError when the signal fires in the middle of a sleep', async () => {
			const controller = new AbortController();
			const { client, calls } = virtualPoller(() => processing);
			let sleepStarted!: () => void;
			const sleeping = new Promise<void>((resolve) => (sleepStarted = resolve));
			const blockingSleep: GenerationPoller = {
				send: client.send,
				ports: {
					...client.ports,
					sleep: (_ms, signal) =>
						new Promise<void>((_resolve, reject) => {
							signal?.addEventListener('abort', () => reject(new AbortedError()));
							sleepStarted();
						}),
				},
			};

			const waiting = waitForCompletion(blockingSleep, 'vgen_test123', {
				signal: controller.signal,
			});
			await sleeping;
			controller.abort();

			const error = await waiting.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(AbortedError);
			expect((error as Error).message).toContain('vgen_test123');
			expect(calls).toHaveLength(1);
		});

		it('reports AbortedError even when the aborted request surfaces as another error', async () => {
			const controller = new AbortController();
			const client: GenerationPoller = {
				...virtualPoller([]).client,
				send: async () => {
					controller.abort();
					throw new ConnectionError('socket closed');
				},
			};

			await expect(
				waitForCompletion(client, 'vgen_test123', { signal: controller.signal }),
			).rejects.toBeInstanceOf(AbortedError);
		});

		it('sends nothing when the signal has already fired', async () => {
			const { client, calls } = virtualPoller([]);

			await expect(
				waitForCompletion(client, 'vgen_test123', { signal: AbortSignal.abort() }),
			).rejects.toBeInstanceOf(AbortedError);
			expect(calls).toHaveLength(0);
		});
	});

	describe('progress', () => {
		it('reports status, phase, progress, eta, elapsed time and poll count after each successful poll', async () => {
			const { client } = virtualPoller([
				{
					generation: videoJob({
						status: 'pending',
						phase: 'queued',
						progress: 0,
						eta_seconds: 12,
					}),
				},
				serverError(),
				{ generation: videoJob({ phase: 'rendering', progress: 40, eta_seconds: 8 }) },
				{ generation: videoJob({ phase: 'encoding', progress: 90, eta_seconds: 2 }) },
				{ generation: completedVideo({ phase: null }) },
			]);
			const reports: WaitProgress[] = [];

			await waitForCompletion(client, 'vgen_test123', {
				intervalMs: 5_000,
				onProgress: (p) => reports.push(p),
			});

			expect(reports.map((r) => [r.status, r.phase, r.progress, r.etaSeconds, r.polls])).toEqual([
				['pending', 'queued', 0, 12, 1],
				['processing', 'rendering', 40, 8, 3],
				['processing', 'encoding', 90, 2, 4],
				['completed', null, 100, null, 5],
			]);
			expect(reports.every((r) => r.id === 'vgen_test123')).toBe(true);
			const elapsed = reports.map((r) => r.elapsedMs);
			expect(elapsed[0]).toBe(0);
			expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
			expect(elapsed[3]).toBeGreaterThan(elapsed[2]);
		});
	});

	describe('arguments', () => {
		const { client } = virtualPoller([]);
		it.each([
			['an empty id', () => waitForCompletion(client, '')],
			['a zero interval', () => waitForCompletion(client, 'vgen_1', { intervalMs: 0 })],
			[
				'a non-numeric timeout',
				() => waitForCompletion(client, 'vgen_1', { timeoutMs: '60' as never }),
			],
			['a client without ports', () => waitForCompletion({ send: client.send } as never, 'vgen_1')],
			['an unknown kind', () => waitForCompletion(client, 'vgen_1', { kind: 'image' as never })],
		])('refuses %s with a TypeError', async (_name, call) => {
			await expect(call()).rejects.toThrow(TypeError);
		});
	});
});
