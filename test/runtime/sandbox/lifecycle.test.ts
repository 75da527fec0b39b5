import { videoGenerationSchema, voiceGenerationSchema } from '../../../src/core/contract';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import {
	MAX_POLL_BACKOFF_FACTOR,
	PENDING_SECONDS,
	planJob,
	stateAt,
	type PlanDecisions,
	type PlanInput,
} from '../../../src/runtime/sandbox/lifecycle';
import { call, manualClock, VIDEO_BODY, VOICE_BODY } from './helpers';

const calm: PlanDecisions = {
	submitError: () => null,
	capacityAt: () => null,
	pollError: () => false,
	stall: () => false,
	variation: () => 1,
};

function plan(overrides: Partial<PlanInput> = {}, decisions: Partial<PlanDecisions> = {}) {
	return planJob({
		startModel: 'kling-v3',
		credits: 3,
		failover: true,
		renderSeconds: () => 180,
		nextProvider: () => undefined,
		pollIntervalSeconds: 10,
		maxWaitSeconds: 600,
		msPerServiceSecond: 1000,
		...overrides,
		decisions: { ...calm, ...decisions },
	});
}

describe('planJob and stateAt (pure)', () => {
	it('completes at the first provider poll after the render ends', () => {
		const result = plan({ renderSeconds: () => 175 });
		// Submitted after the pending window; polls every 10 s from there; 175 s ends before the 18th.
		expect(result.terminal).toEqual({ kind: 'completed', atMs: (PENDING_SECONDS + 180) * 1000 });
	});

	it('walks pending, then each phase in order, then completed', () => {
		const result = plan();
		const seen: string[] = [];
		for (let ms = 0; ms <= result.terminal.atMs; ms += 500) {
			const state = stateAt(result, ms, { model: 'kling-v3', credits: 3 });
			const label = state.status === 'processing' ? `processing:${state.phase}` : state.status;
			if (seen[seen.length - 1] !== label) seen.push(label);
		}
		expect(seen).toEqual([
			'pending',
			'processing:queued',
			'processing:preparing',
			'processing:rendering',
			'processing:encoding',
			'processing:finishing',
			'completed',
		]);
	});

	it('never lets progress go back, and never promises more time than at the start', () => {
		const result = plan();
		const initial = { model: 'kling-v3', credits: 3 };
		const first = stateAt(result, PENDING_SECONDS * 1000, initial);
		let last = first;
		for (let ms = PENDING_SECONDS * 1000; ms < result.terminal.atMs; ms += 250) {
			const state = stateAt(result, ms, initial);
			expect(state.progress!).toBeGreaterThanOrEqual(last.progress!);
			expect(state.eta_seconds!).toBeLessThanOrEqual(first.eta_seconds!);
			last = state;
		}
	});

	it('backs off after poll errors, doubling but never beyond 4x the interval', () => {
		const errors = new Set([0, 1, 2, 3]);
		const result = plan({}, { pollError: (index) => errors.has(index) });
		const gaps = result.events
			.filter((event) => event.kind === 'poll_error')
			.map((event, index, all) => (index === 0 ? null : event.atMs - all[index - 1].atMs))
			.slice(1);
		expect(gaps).toEqual([20_000, 40_000, MAX_POLL_BACKOFF_FACTOR * 10_000]);
	});

	it('survives five poll errors in a row and fails on the sixth', () => {
		const five = plan({}, { pollError: (index) => index < 5 });
		const six = plan({}, { pollError: (index) => index < 6 });
		expect(five.terminal.kind).toBe('completed');
		expect(six.terminal).toMatchObject({
			kind: 'failed',
			message: expect.stringContaining('6 status checks in a row'),
		});
	});

	it('fails a stalled render at the maximum wait', () => {
		const result = plan({ maxWaitSeconds: 300 }, { stall: () => true });
		expect(result.terminal).toMatchObject({ kind: 'failed', atMs: 300_000 });
	});

	it('compresses every time by the scale', () => {
		const slow = plan({ msPerServiceSecond: 1000 });
		const fast = plan({ msPerServiceSecond: 10 });
		expect(fast.terminal.atMs).toBeCloseTo(slow.terminal.atMs / 100, 6);
	});
});

describe('the job lifecycle over HTTP', () => {
	it('shows every phase through GET as the clock moves, then the result', async () => {
		const clock = manualClock();
		const sandbox = await createSandbox({ clock: clock.now });
		try {
			const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			expect(created.status).toBe(202);
			expect(videoGenerationSchema.parse(created.body)).toMatchObject({
				status: 'pending',
				model_actual: 'kling-v3',
			});
			const seen: string[] = [];
			let last = created.body;
			for (let step = 0; step < 400 && last.status !== 'completed'; step++) {
				clock.advance(1000);
				last = videoGenerationSchema.parse(
					(await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body,
				);
				const label = last.status === 'processing' ? last.phase : last.status;
				if (seen[seen.length - 1] !== label) seen.push(label);
			}
			expect(seen).toEqual([
				'pending',
				'queued',
				'preparing',
				'rendering',
				'encoding',
				'finishing',
				'completed',
			]);
			expect(last).toMatchObject({ progress: 100, eta_seconds: 0, error_message: null });
			expect(last.output_url).toMatch(
				new RegExp(
					`^${sandbox.url}/files/${created.body.id}\\.mp4\\?expires=\\d+&sig=[0-9a-f]{64}$`,
				),
			);
			expect(Date.parse(last.completed_at!)).toBe(clock.now());
			expect(Date.parse(last.expires_at!)).toBeGreaterThan(clock.now());
		} finally {
			await sandbox.close();
		}
	});

	it('takes about three minutes for a default kling-v3 video at time scale 1', async () => {
		const clock = manualClock();
		const sandbox = await createSandbox({ clock: clock.now });
		try {
			const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			clock.advance(150_000);
			const early = await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`);
			clock.advance(100_000);
			const late = await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`);
			expect(early.body.status).toBe('processing');
			expect(late.body.status).toBe('completed');
		} finally {
			await sandbox.close();
		}
	});

	it('runs a voice job in seconds and serves it as voice.generation', async () => {
		const clock = manualClock();
		const sandbox = await createSandbox({ clock: clock.now });
		try {
			const created = await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
			expect(created.status).toBe(202);
			expect(voiceGenerationSchema.parse(created.body)).toMatchObject({
				status: 'pending',
				voice: 'alloy',
				language: 'en',
				speed: 1,
			});
			clock.advance(10_000);
			const done = voiceGenerationSchema.parse(
				(await call(sandbox, 'GET', `/api/generate/voice/${created.body.id}`)).body,
			);
			expect(done.status).toBe('completed');
			expect(done.output_url).toContain(`/files/${created.body.id}.wav?`);
			expect(done.duration_seconds).toBeGreaterThan(0);
		} finally {
			await sandbox.close();
		}
	});

	it('does not serve a voice job on the video path, nor the reverse', async () => {
		const sandbox = await createSandbox({ timeScale: 1000 });
		try {
			const voice = await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
			const video = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			expect((await call(sandbox, 'GET', `/v1/video/generations/${voice.body.id}`)).status).toBe(
				404,
			);
			expect((await call(sandbox, 'GET', `/api/generate/voice/${video.body.id}`)).status).toBe(404);
		} finally {
			await sandbox.close();
		}
	});

	it('answers a create with the job as accepted, pending, however fast time runs', async () => {
		const sandbox = await createSandbox({ timeScale: 1_000_000 });
		try {
			const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			expect(created.body).toMatchObject({ status: 'pending', progress: 0, output_url: null });
		} finally {
			await sandbox.close();
		}
	});

	it('finishes jobs on its own at a high time scale, with nobody polling', async () => {
		const sandbox: Sandbox = await createSandbox({ timeScale: 2000 });
		try {
			const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
			await sandbox.settled();
			const [job] = sandbox.jobs();
			expect(job).toMatchObject({ id: created.body.id, status: 'completed' });
		} finally {
			await sandbox.close();
		}
	});
});
