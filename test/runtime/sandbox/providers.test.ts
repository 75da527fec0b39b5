import { videoGenerationSchema } from '../../../src/core/contract';
import { createSandbox, type FaultOptions, type Sandbox } from '../../../src/runtime/sandbox';
import { nextProvider, videoRenderSeconds } from '../../../src/runtime/sandbox/providers';
import { call, manualClock, VIDEO_BODY } from './helpers';

describe('nextProvider', () => {
	it.each([
		['kling-v3', [], 3, 'seedance-1.5-pro'],
		['seedance-1.5-pro', [], 2, undefined],
		['kling-o3-pro', [], 5, 'kling-v3'],
		['kling-o3-pro', ['kling-v3'], 5, 'seedance-1.5-pro'],
		['kling-v3', ['seedance-1.5-pro'], 3, undefined],
	] as const)(
		'after %s (tried %j, at most %d credits) picks %s',
		(current, tried, max, expected) => {
			expect(nextProvider(current, new Set([current, ...tried]), max)).toBe(expected);
		},
	);
});

describe('videoRenderSeconds', () => {
	it('takes longer for longer clips and 1080p, within 30 s to 4 min', () => {
		const base = videoRenderSeconds('kling-v3', {});
		expect(base).toBe(180);
		expect(videoRenderSeconds('kling-v3', { duration: 10 })).toBeGreaterThan(base);
		expect(videoRenderSeconds('kling-v3', { resolution: '1080p' })).toBeGreaterThan(base);
		expect(videoRenderSeconds('kling-o3-pro', { duration: 60, resolution: '1080p' })).toBe(240);
		expect(videoRenderSeconds('seedance-1.5-pro', { duration: 0.5 })).toBeGreaterThanOrEqual(30);
	});
});

describe('failover over HTTP', () => {
	let sandbox: Sandbox;
	const clock = manualClock();

	async function runJob(faults: FaultOptions, body: Record<string, unknown> = VIDEO_BODY) {
		sandbox = await createSandbox({ clock: clock.now, faults });
		const created = await call(sandbox, 'POST', '/v1/video/generations', { body });
		clock.advance(30 * 60 * 1000);
		const final = videoGenerationSchema.parse(
			(await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body,
		);
		const [job] = sandbox.jobs();
		return { created: created.body, final, events: job.events.map((event) => event.kind) };
	}

	afterEach(() => sandbox.close());

	it('moves a job refused at submission to the next provider, at the lower price', async () => {
		const { created, final } = await runJob(
			{ providerSubmitErrorRate: { 'kling-v3': 1 } },
			{ ...VIDEO_BODY, model: 'auto' },
		);
		expect(created).toMatchObject({
			model: 'auto',
			model_actual: 'kling-v3',
			credits: 3,
			failover_used: false,
		});
		expect(final).toMatchObject({
			status: 'completed',
			model: 'auto',
			model_actual: 'seedance-1.5-pro',
			credits: 2,
			failover_used: true,
		});
		expect(sandbox.ledger().map((entry) => [entry.kind, entry.amount])).toEqual([
			['grant', 1000],
			['debit', -3],
			['failover_adjustment', 1],
		]);
	});

	it('shows the failover through GET as soon as the submission was refused', async () => {
		sandbox = await createSandbox({
			clock: clock.now,
			faults: { providerSubmitErrorRate: { 'kling-v3': 1 } },
		});
		const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		clock.advance(3000);
		const early = (await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body;
		expect(early).toMatchObject({
			status: 'processing',
			model_actual: 'seedance-1.5-pro',
			failover_used: true,
			credits: 2,
		});
	});

	it('moves a job that hits a capacity error mid-render to a backup provider', async () => {
		const { final, events } = await runJob({ midRenderCapacityRate: { 'kling-v3': 1 } });
		expect(final).toMatchObject({
			status: 'completed',
			model_actual: 'seedance-1.5-pro',
			failover_used: true,
			credits: 2,
		});
		expect(events).toEqual(['submitted', 'capacity_error', 'failover', 'submitted', 'completed']);
	});

	it('restarts the phases on the backup provider after a mid-render failover', async () => {
		sandbox = await createSandbox({
			clock: clock.now,
			faults: { midRenderCapacityRate: { 'kling-v3': 1 } },
		});
		const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		const phases: string[] = [];
		for (let step = 0; step < 600; step++) {
			clock.advance(1000);
			const job = (await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body;
			if (job.status !== 'processing') continue;
			const label = `${job.model_actual}:${job.phase}`;
			if (phases[phases.length - 1] !== label) phases.push(label);
			if (job.model_actual === 'seedance-1.5-pro' && job.phase === 'rendering') break;
		}
		expect(phases).toContain('seedance-1.5-pro:queued');
		expect(phases.indexOf('seedance-1.5-pro:queued')).toBeGreaterThan(
			phases.indexOf('kling-v3:queued'),
		);
	});

	it('never fails over to a dearer provider: a seedance job with no cheaper backup fails and is refunded', async () => {
		const { final } = await runJob(
			{ providerSubmitErrorRate: { 'seedance-1.5-pro': 1 } },
			{ ...VIDEO_BODY, model: 'seedance-1.5-pro' },
		);
		expect(final).toMatchObject({
			status: 'failed',
			model_actual: 'seedance-1.5-pro',
			credits: 0,
			failover_used: false,
		});
		expect(final.error_message).toMatch(/Every provider in the failover chain refused/);
		expect(sandbox.balance()).toBe(1000);
	});

	it('lets a kling-o3-pro job fall back to the cheaper kling-v3 and charges less', async () => {
		const { final } = await runJob(
			{ providerSubmitErrorRate: { 'kling-o3-pro': 1 } },
			{ ...VIDEO_BODY, model: 'kling-o3-pro' },
		);
		expect(final).toMatchObject({ status: 'completed', model_actual: 'kling-v3', credits: 3 });
		expect(sandbox.balance()).toBe(997);
	});

	it('fails and refunds when failover is off', async () => {
		const { final, events } = await runJob(
			{ providerSubmitErrorRate: { 'kling-v3': 1 } },
			{ ...VIDEO_BODY, failover: false },
		);
		expect(final).toMatchObject({ status: 'failed', failover_used: false, credits: 0 });
		expect(final.error_message).toMatch(/failover is off/);
		expect(events).toEqual(['submit_error', 'failed']);
		expect(sandbox.balance()).toBe(1000);
	});

	it('fails and refunds once the whole chain has refused', async () => {
		const { final, events } = await runJob(
			{ providerSubmitErrorRate: 1 },
			{ ...VIDEO_BODY, model: 'auto' },
		);
		expect(events).toEqual(['submit_error', 'failover', 'submit_error', 'failed']);
		expect(final).toMatchObject({
			status: 'failed',
			model_actual: 'seedance-1.5-pro',
			failover_used: true,
		});
		expect(sandbox.ledger().map((entry) => entry.kind)).toEqual([
			'grant',
			'debit',
			'failover_adjustment',
			'refund',
		]);
		expect(sandbox.balance()).toBe(1000);
	});

	it('survives five transient provider poll errors in a row', async () => {
		const { final, events } = await runJob({ providerPollErrorBurst: 5 });
		expect(final.status).toBe('completed');
		expect(events.filter((kind) => kind === 'poll_error')).toHaveLength(5);
	});

	it('fails the job on the sixth poll error in a row, with a refund', async () => {
		const { final } = await runJob({ providerPollErrorBurst: 6 });
		expect(final.status).toBe('failed');
		expect(final.error_message).toMatch(/6 status checks in a row/);
		expect(sandbox.balance()).toBe(1000);
	});
});
