// The CreativeAI node in a real n8n 2.41.1 (the test harness: the packed tarball as a custom
// extension) against the sandbox, two rows:
//  1. 100 items, Don't wait: the node's run time against n8n's own HTTP Request node POSTing the
//     same bodies to the same sandbox (n8n's figure, runData executionTime), in alternating rounds.
//  2. 20 items, Poll until done with Concurrency 20: the execution's wall time against the longest
//     single render among its jobs (created_at to completed_at in the sandbox). All items wait
//     together, so the run should take about one render.
// `npm run bench -- n8nNode`, after scripts/n8n/install.sh.
import {
	creativeAiNode,
	httpRequestNode,
	rowsWorkflow,
	startN8nHarness,
	type N8nHarness,
} from '../test/n8n/harness';
import type { BenchResult } from './types';

const ITEMS = 100;
const ROUNDS = 7;
const POLL_ITEMS = 20;
/** A 3-minute render takes 9 s at this scale: long enough that n8n's own overhead is small. */
const POLL_TIME_SCALE = 20;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function throughputRow(harness: N8nHarness): Promise<BenchResult> {
	const { sandbox, credential } = await harness.startSandbox({
		timeScale: 100,
		initialCredits: 10_000_000,
	});
	const rows = Array.from({ length: ITEMS }, (_, row) => ({
		row,
		request: {
			prompt: `Listing ${row}: a slow pan across the living room`,
			model: 'auto',
			failover: true,
		},
	}));
	const ours = await harness.importWorkflow(
		rowsWorkflow({
			name: 'bench: CreativeAI node, Don\u2019t wait',
			action: creativeAiNode(credential, {
				resource: 'video',
				operation: 'create',
				// The rows' model and failover are the node's defaults; the prompt comes from the row.
				prompt: '={{ $json.request.prompt }}',
				waitMode: 'none',
				// The HTTP Request node sends every item's request at once; so does ours here.
				options: { concurrency: ITEMS },
			}),
		}),
	);
	const baseline = await harness.importWorkflow(
		rowsWorkflow({
			name: 'bench: HTTP Request node',
			action: httpRequestNode(`${sandbox.url}/v1/video/generations`, sandbox.apiKey),
		}),
	);
	const oursPerSecond: number[] = [];
	const baselinePerSecond: number[] = [];
	const measure = async (workflow: typeof ours, node: string, into: number[]) => {
		const run = await harness.runRows(workflow, rows);
		const items = run.nodeOutput(node);
		const ms = run.nodeExecutionTimeMs(node);
		if (run.error || items.length !== ITEMS || ms === undefined) {
			throw new Error(`${workflow.name}: ${run.error ?? `${items.length} items`}`);
		}
		into.push((ITEMS / ms) * 1000);
	};
	// One warm-up each, then alternating rounds so drift hits both alike.
	await measure(ours, 'CreativeAI', []);
	await measure(baseline, 'HTTP Request', []);
	for (let round = 0; round < ROUNDS; round++) {
		await measure(baseline, 'HTTP Request', baselinePerSecond);
		await measure(ours, 'CreativeAI', oursPerSecond);
	}
	const subject = median(oursPerSecond);
	const base = median(baselinePerSecond);
	// Rounds drift together on a busy machine, so the ratio is the median of per-round ratios.
	const ratio = median(oursPerSecond.map((ours, round) => ours / baselinePerSecond[round]));
	return {
		name: `n8n: CreativeAI node vs HTTP Request node, ${ITEMS} items, Don't wait`,
		unit: 'items/s (node run time)',
		baseline: Math.round(base),
		subject: Math.round(subject),
		ratio: Number(ratio.toFixed(3)),
		target: '>= 0.8x the HTTP Request node posting the same bodies',
		pass: ratio >= 0.8,
		details: {
			items: ITEMS,
			rounds: ROUNDS,
			ratio: 'median of per-round ratios (rounds alternate: HTTP Request, then ours)',
			concurrency: `${ITEMS} (the HTTP Request node sends all items at once)`,
			baselineRounds: baselinePerSecond.map(Math.round),
			subjectRounds: oursPerSecond.map(Math.round),
			note: 'same n8n, same sandbox; ours adds input checks, an Idempotency-Key per item and response validation',
		},
	};
}

async function pollRow(harness: N8nHarness): Promise<BenchResult> {
	const { sandbox, credential } = await harness.startSandbox({ timeScale: POLL_TIME_SCALE });
	const workflow = await harness.importWorkflow(
		rowsWorkflow({
			name: 'bench: CreativeAI node, Poll until done',
			action: creativeAiNode(credential, {
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				waitMode: 'poll',
				options: { concurrency: POLL_ITEMS, pollIntervalSeconds: 1 },
			}),
		}),
	);
	const rows = Array.from({ length: POLL_ITEMS }, (_, row) => ({ prompt: `Listing ${row}` }));
	const run = await harness.runRows(workflow, rows);
	if (run.error) throw new Error(`poll run failed: ${run.error}`);
	const wallMs =
		Date.parse(run.execution.stoppedAt ?? '') - Date.parse(run.execution.startedAt ?? '');
	const renders = sandbox
		.jobs()
		.map((job) => Date.parse(job.completed_at ?? '') - Date.parse(job.created_at));
	const longest = Math.max(...renders);
	return {
		name: `n8n: ${POLL_ITEMS} items Poll until done, execution wall time vs the longest render`,
		unit: 'ms',
		baseline: longest,
		subject: wallMs,
		ratio: Number((wallMs / longest).toFixed(3)),
		target: '<= 1.5x the longest single render (all items wait together)',
		pass: wallMs / longest <= 1.5,
		details: {
			items: POLL_ITEMS,
			concurrency: POLL_ITEMS,
			pollIntervalSeconds: 1,
			timeScale: POLL_TIME_SCALE,
			shortestRenderMs: Math.min(...renders),
			jobs: renders.length,
			completed: run.nodeOutput('CreativeAI').filter((item) => item.json.status === 'completed')
				.length,
		},
	};
}

export async function run(): Promise<BenchResult[]> {
	const harness = await startN8nHarness();
	try {
		return [await throughputRow(harness), await pollRow(harness)];
	} finally {
		await harness.stop();
	}
}
