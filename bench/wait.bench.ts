// How many GETs waitForCompletion spends on a 3-minute render, against polling every 5 s, in
// virtual time (a fake server whose eta counts down and whose phases move along). Also reports
// how late each strategy notices completion, and the same figures when the server's estimate is
// wrong both ways. `npx tsx bench/wait.bench.ts` or through bench/run.ts.
import type { VideoGeneration } from '../src/core/contract';
import type { GenerationPhase } from '../src/core/contract/common';
import { AbortedError } from '../src/core/errors';
import { waitForCompletion, type GenerationPoller } from '../src/core/wait';
import type { BenchResult } from './types';

const INTERVAL_MS = 5_000;
const RENDER_S = 180;
const T0 = 1_800_000_000_000;

const PHASES: [untilS: number, phase: GenerationPhase][] = [
	[10, 'queued'],
	[30, 'preparing'],
	[150, 'rendering'],
	[170, 'encoding'],
	[Infinity, 'finishing'],
];

/**
 * A job that completes after `renderS` seconds, reporting an eta of `etaFactor` x the true time
 * left (1 = honest, 2 = pessimistic, 0.5 = optimistic).
 */
function simulatedServer(renderS: number, etaFactor: number) {
	let now = T0;
	let gets = 0;
	const snapshot = (): VideoGeneration => {
		const t = (now - T0) / 1000;
		const done = t >= renderS;
		return {
			id: 'vgen_bench',
			object: 'video.generation',
			status: done ? 'completed' : t < 5 ? 'pending' : 'processing',
			model: 'auto',
			model_actual: 'kling-v3',
			credits: 10,
			failover_used: false,
			phase: done ? null : PHASES.find(([until]) => (t / renderS) * RENDER_S < until)![1],
			progress: done ? 100 : Math.floor((t / renderS) * 100),
			eta_seconds: done ? null : Math.max(0, (renderS - t) * etaFactor),
			output_url: done ? 'https://cdn.example.test/vgen_bench.mp4' : null,
			error_message: null,
			created_at: new Date(T0).toISOString(),
			completed_at: done ? new Date(T0 + renderS * 1000).toISOString() : null,
		};
	};
	const client: GenerationPoller = {
		ports: {
			clock: () => now,
			random: () => 0.5,
			sleep: async (ms, signal) => {
				if (signal?.aborted) throw new AbortedError();
				now += ms;
			},
		},
		send: async () => {
			gets++;
			return { data: snapshot(), status: 200, headers: {} };
		},
	};
	return {
		client,
		created: () => ({ ...snapshot(), eta_seconds: renderS * etaFactor }),
		gets: () => gets,
		lagMs: () => Math.round(now - (T0 + renderS * 1000)),
	};
}

/** The bare alternative: GET every 5 s after create until the job is done. */
async function fixedPolling(renderS: number) {
	const server = simulatedServer(renderS, 1);
	for (;;) {
		await server.client.ports.sleep(INTERVAL_MS);
		const { data } = await server.client.send(null as never, { id: 'vgen_bench', retry: false });
		if ((data as VideoGeneration).status === 'completed') break;
	}
	return { gets: server.gets(), lagMs: server.lagMs() };
}

async function adaptive(renderS: number, etaFactor: number) {
	const server = simulatedServer(renderS, etaFactor);
	const phases: string[] = [];
	await waitForCompletion(server.client, server.created(), {
		intervalMs: INTERVAL_MS,
		onProgress: (p) => {
			if (p.phase && phases.at(-1) !== p.phase) phases.push(p.phase);
		},
	});
	return { gets: server.gets(), lagMs: server.lagMs(), phases };
}

export async function run(): Promise<BenchResult> {
	const baseline = await fixedPolling(RENDER_S);
	const subject = await adaptive(RENDER_S, 1);
	const pessimistic = await adaptive(RENDER_S, 2);
	const optimistic = await adaptive(RENDER_S, 0.5);
	const ratio = Number((subject.gets / baseline.gets).toFixed(3));
	return {
		name: 'wait: GETs for a 3-minute render',
		unit: 'GET requests',
		baseline: baseline.gets,
		subject: subject.gets,
		ratio,
		target: '<= 1/3 of fixed 5 s polling, detection lag <= 5 s',
		pass: ratio <= 1 / 3 && subject.lagMs <= INTERVAL_MS,
		details: {
			detectionLagMs: subject.lagMs,
			baselineDetectionLagMs: baseline.lagMs,
			phasesSeen: subject.phases,
			etaTwiceTooLong: { gets: pessimistic.gets, detectionLagMs: pessimistic.lagMs },
			etaHalfTooShort: { gets: optimistic.gets, detectionLagMs: optimistic.lagMs },
		},
	};
}

if (require.main === module) {
	run().then(
		(result) => console.log(JSON.stringify(result, null, 2)),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
