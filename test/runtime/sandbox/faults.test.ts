import { createSandbox, type FaultOptions, type Sandbox } from '../../../src/runtime/sandbox';
import { FaultInjector, mulberry32 } from '../../../src/runtime/sandbox/faults';
import { faultOptionsSchema } from '../../../src/runtime/sandbox/options';
import { call, manualClock, VIDEO_BODY } from './helpers';

const faults = (options: FaultOptions) => faultOptionsSchema.parse(options);

describe('mulberry32', () => {
	it('repeats its sequence for the same seed', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		const first = Array.from({ length: 5 }, a);
		expect(Array.from({ length: 5 }, b)).toEqual(first);
		expect(new Set(first).size).toBe(5);
	});

	it('stays within [0, 1)', () => {
		const random = mulberry32(7);
		for (let i = 0; i < 10_000; i++) {
			const value = random();
			expect(value >= 0 && value < 1).toBe(true);
		}
	});
});

describe('FaultInjector', () => {
	it('makes the same decisions for the same seed', () => {
		const settings = faults({ providerSubmitErrorRate: 0.5, webhookDropRate: 0.5 });
		const run = (seed: number) => {
			const injector = new FaultInjector(seed, settings);
			return Array.from({ length: 20 }, () => [
				injector.providerSubmitError('kling-v3'),
				injector.webhookDrop(),
			]);
		};
		expect(run(9)).toEqual(run(9));
	});

	it('keeps streams apart: raising one rate does not change another stream', () => {
		const quiet = new FaultInjector(3, faults({ webhookDropRate: 0.5 }));
		const noisy = new FaultInjector(
			3,
			faults({ webhookDropRate: 0.5, providerSubmitErrorRate: 1 }),
		);
		const drops = (injector: FaultInjector) =>
			Array.from({ length: 20 }, () => {
				injector.providerSubmitError('kling-v3');
				return injector.webhookDrop();
			});
		expect(drops(noisy)).toEqual(drops(quiet));
	});

	it('applies a per-model rate only to that model', () => {
		const injector = new FaultInjector(1, faults({ providerSubmitErrorRate: { 'kling-v3': 1 } }));
		expect(injector.providerSubmitError('kling-v3')).not.toBeNull();
		expect(injector.providerSubmitError('seedance-1.5-pro')).toBeNull();
	});

	it('fails exactly the first N polls of a render with the poll burst', () => {
		const injector = new FaultInjector(1, faults({ providerPollErrorBurst: 2 }));
		expect([0, 1, 2, 3].map((index) => injector.providerPollError(index))).toEqual([
			true,
			true,
			false,
			false,
		]);
	});
});

describe('faults over HTTP', () => {
	let sandbox: Sandbox | undefined;
	afterEach(() => sandbox?.close());

	it('repeats the same job outcomes for the same seed', async () => {
		const outcomes = async (seed: number) => {
			const clock = manualClock();
			const box = await createSandbox({
				clock: clock.now,
				seed,
				faults: {
					providerSubmitErrorRate: 0.4,
					midRenderCapacityRate: 0.3,
					providerPollErrorRate: 0.3,
				},
			});
			try {
				const ids: string[] = [];
				for (let i = 0; i < 8; i++)
					ids.push(
						(
							await call(box, 'POST', '/v1/video/generations', {
								body: { ...VIDEO_BODY, model: 'auto' },
							})
						).body.id,
					);
				clock.advance(60 * 60 * 1000);
				return box
					.jobs()
					.map((job) => [
						job.status,
						'model_actual' in job ? job.model_actual : null,
						job.credits,
						job.events.map((event) => event.kind).join(','),
					]);
			} finally {
				await box.close();
			}
		};
		expect(await outcomes(11)).toEqual(await outcomes(11));
	});

	it('answers injected 429s with the error body and Retry-After', async () => {
		sandbox = await createSandbox({
			timeScale: 1,
			faults: { apiErrorRate: 1, apiErrorStatuses: [429] },
		});
		const answer = await call(sandbox, 'GET', '/v1/account');
		expect(answer.status).toBe(429);
		expect(answer.body.error.code).toBe('rate_limited');
		expect(answer.headers['retry-after']).toBe('2');
		expect(answer.headers['retry-after-ms']).toBe('2000');
	});

	it('scales Retry-After with the time scale', async () => {
		sandbox = await createSandbox({
			timeScale: 4,
			faults: { apiErrorRate: 1, apiErrorStatuses: [503] },
		});
		const answer = await call(sandbox, 'GET', '/v1/account');
		expect(answer.status).toBe(503);
		expect(answer.body.error.code).toBe('server_error');
		expect(answer.headers['retry-after-ms']).toBe('500');
	});

	it('creates nothing and charges nothing on an injected error', async () => {
		sandbox = await createSandbox({
			timeScale: 1000,
			faults: { apiErrorRate: 1, apiErrorStatuses: [500] },
		});
		const answer = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		expect(answer.status).toBe(500);
		expect(sandbox.jobs()).toHaveLength(0);
		expect(sandbox.balance()).toBe(1000);
	});

	it('still answers a bad key with 401 before any injected error', async () => {
		sandbox = await createSandbox({ faults: { apiErrorRate: 1 } });
		expect((await call(sandbox, 'GET', '/v1/account', { key: 'rph_test_wrong_key' })).status).toBe(
			401,
		);
	});

	it('leaves the admin views and files alone', async () => {
		sandbox = await createSandbox({ faults: { apiErrorRate: 1 } });
		expect((await call(sandbox, 'GET', '/admin/ledger')).status).toBe(200);
	});

	it('loses the answer of a create, and a retry with the same key finds the job, charged once', async () => {
		sandbox = await createSandbox({ timeScale: 1000, faults: { apiLostResponseRate: 1 } });
		const headers = { 'idempotency-key': 'lost-1' };
		const lost = await call(sandbox, 'POST', '/v1/video/generations', {
			body: VIDEO_BODY,
			headers,
		});
		const retried = await call(sandbox, 'POST', '/v1/video/generations', {
			body: VIDEO_BODY,
			headers,
		});
		expect(lost.status).toBe(502);
		expect(retried.status).toBe(202);
		expect(sandbox.jobs().map((job) => job.id)).toEqual([retried.body.id]);
		expect(sandbox.balance()).toBe(997);
	});
});
