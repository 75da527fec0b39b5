// Throughput of `creativeai batch`'s core (runBatch: stream a CSV manifest, map and validate each
// row, derive its Idempotency-Key, submit through CreativeAiClient with bounded concurrency,
// append a journal line per row) against the least any bulk submitter must do: bare
// undici.request POSTing the same bodies at the same concurrency. Both submit 10,000 video rows
// to one sandbox (no faults, time scale 1,000,000, credits for every round) running in a worker
// thread, so its CPU counts against neither side. Rounds alternate after a warm-up; rows/s are
// compared as medians. `details` reports peak RSS (whole process, sandbox included) and peak heap
// (this thread only: the batch side) sampled during each side's rounds.
// Run: `npx tsx bench/cliBatch.bench.ts` (prints JSON), or through bench/run.ts.
// Target: ratio >= 0.7.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { Agent, request } from 'undici';

import { runBatch } from '../src/runtime/cli/batchRun';
import { CreativeAiClient } from '../src/runtime/client';
import { createUndiciTransport } from '../src/runtime/transport/undici';
import type { BenchResult } from './types';

const ROWS = 10_000;
const WARMUP_ROWS = 1_000;
const CONCURRENCY = 32;
const ROUNDS = 3;
const TARGET_RATIO = 0.7;
const MEMORY_SAMPLE_MS = 25;
/** kling-v3 costs 3 credits; every round of both sides plus the warm-ups, with room to spare. */
const INITIAL_CREDITS = 3 * (2 * ROUNDS * ROWS + 2 * WARMUP_ROWS) * 2;

/** Plain JS for the worker: starts the sandbox (compiled, or the TypeScript source via tsx). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.typescript) require('tsx/cjs');
const { createSandbox } = require(workerData.sandboxPath);
createSandbox(workerData.options).then((sandbox) => {
	parentPort.postMessage({ url: sandbox.url, apiKey: sandbox.apiKey });
	parentPort.on('message', (message) => {
		if (message === 'close') sandbox.close().then(() => process.exit(0));
	});
});
`;

interface RemoteSandbox {
	url: string;
	apiKey: string;
	close(): Promise<void>;
}

async function startSandboxWorker(): Promise<RemoteSandbox> {
	const typescript = __filename.endsWith('.ts');
	const sandboxPath = join(
		__dirname,
		'..',
		'src',
		'runtime',
		'sandbox',
		typescript ? 'index.ts' : 'index.js',
	);
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: {
			typescript,
			sandboxPath,
			options: { timeScale: 1_000_000, initialCredits: INITIAL_CREDITS, seed: 1 },
		},
	});
	const { url, apiKey } = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return {
		url,
		apiKey,
		close: () =>
			new Promise((resolve) => {
				worker.once('exit', () => resolve());
				worker.postMessage('close');
			}),
	};
}

/** Row i of the generated manifest, as CSV and as the JSON body the service receives. */
function row(i: number): { csv: string; body: string } {
	const prompt = `Slow push-in on the front porch of listing ${i} at golden hour`;
	const imageUrl = `https://images.example.com/listings/${i}/front.jpg`;
	return {
		csv: `L-${i},${i} Main Street,${prompt},${imageUrl},16:9,5s\n`,
		body: JSON.stringify({
			model: 'auto',
			prompt,
			image_url: imageUrl,
			aspect_ratio: '16:9',
			duration: 5,
			failover: true,
		}),
	};
}

function writeManifest(path: string, count: number): string[] {
	const bodies: string[] = [];
	let text = 'listing_id,address,prompt,image_url,aspect_ratio,duration\n';
	for (let i = 0; i < count; i++) {
		const { csv, body } = row(i);
		text += csv;
		bodies.push(body);
	}
	writeFileSync(path, text);
	return bodies;
}

/** Peak process memory while `work` runs, sampled every MEMORY_SAMPLE_MS. */
async function withMemoryPeaks<T>(
	work: () => Promise<T>,
): Promise<{ value: T; rss: number; heap: number }> {
	let rss = 0;
	let heap = 0;
	const sample = () => {
		const usage = process.memoryUsage();
		rss = Math.max(rss, usage.rss);
		heap = Math.max(heap, usage.heapUsed);
	};
	sample();
	const timer = setInterval(sample, MEMORY_SAMPLE_MS);
	try {
		const value = await work();
		sample();
		return { value, rss, heap };
	} finally {
		clearInterval(timer);
	}
}

/** Bare undici: POST every body with the same headers a client sends, CONCURRENCY at a time. */
async function bareRound(
	sandbox: RemoteSandbox,
	agent: Agent,
	bodies: string[],
	round: string,
): Promise<number> {
	const url = `${sandbox.url}/v1/video/generations`;
	let next = 0;
	let accepted = 0;
	const workerLoop = async () => {
		for (let i = next++; i < bodies.length; i = next++) {
			const response = await request(url, {
				method: 'POST',
				dispatcher: agent,
				headers: {
					authorization: `Bearer ${sandbox.apiKey}`,
					'content-type': 'application/json',
					accept: 'application/json',
					'idempotency-key': `bench-${round}-${i}`,
				},
				body: bodies[i],
			});
			await response.body.json();
			if (response.statusCode === 202) accepted++;
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, workerLoop));
	if (accepted !== bodies.length)
		throw new Error(`bare round: ${accepted} of ${bodies.length} accepted`);
	return accepted;
}

async function batchRound(
	client: CreativeAiClient,
	manifestPath: string,
	dir: string,
	round: string,
): Promise<number> {
	const summary = await runBatch({
		client,
		manifestPath,
		outPath: join(dir, `results-${round}.jsonl`),
		concurrency: CONCURRENCY,
		// A new batch id per round: new keys, so no round replays an earlier one's jobs.
		batchId: `bench-${round}`,
	});
	if (summary.submitted !== summary.rows) {
		throw new Error(
			`batch round: ${summary.submitted} of ${summary.rows} submitted (${summary.errors} errors)`,
		);
	}
	return summary.submitted;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const MB = 1024 * 1024;

export async function run(): Promise<BenchResult> {
	const dir = mkdtempSync(join(tmpdir(), 'creativeai-bench-'));
	const sandbox = await startSandboxWorker();
	const agent = new Agent();
	const transport = createUndiciTransport();
	const client = new CreativeAiClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, transport });
	const gc = (globalThis as { gc?: () => void }).gc;
	try {
		const manifestPath = join(dir, 'listings.csv');
		const bodies = writeManifest(manifestPath, ROWS);
		const warmupPath = join(dir, 'warmup.csv');
		const warmupBodies = writeManifest(warmupPath, WARMUP_ROWS);
		await bareRound(sandbox, agent, warmupBodies, 'warmup');
		await batchRound(client, warmupPath, dir, 'warmup');

		const bare: number[] = [];
		const ours: number[] = [];
		const peaks = { bare: { rss: 0, heap: 0 }, ours: { rss: 0, heap: 0 } };
		for (let round = 0; round < ROUNDS; round++) {
			gc?.();
			let started = performance.now();
			const b = await withMemoryPeaks(() => bareRound(sandbox, agent, bodies, `bare-${round}`));
			bare.push(b.value / ((performance.now() - started) / 1000));
			peaks.bare = {
				rss: Math.max(peaks.bare.rss, b.rss),
				heap: Math.max(peaks.bare.heap, b.heap),
			};

			gc?.();
			started = performance.now();
			const o = await withMemoryPeaks(() => batchRound(client, manifestPath, dir, `ours-${round}`));
			ours.push(o.value / ((performance.now() - started) / 1000));
			peaks.ours = {
				rss: Math.max(peaks.ours.rss, o.rss),
				heap: Math.max(peaks.ours.heap, o.heap),
			};
		}
		const baseline = median(bare);
		const subject = median(ours);
		const ratio = subject / baseline;
		return {
			name: 'cli batch: runBatch vs bare undici POSTs',
			unit: 'rows/s',
			baseline,
			subject,
			ratio,
			target: `>= ${TARGET_RATIO}x bare undici.request`,
			pass: ratio >= TARGET_RATIO,
			details: {
				rows: ROWS,
				concurrency: CONCURRENCY,
				rounds: ROUNDS,
				bareRowsPerSecond: bare.map(Math.round),
				batchRowsPerSecond: ours.map(Math.round),
				peakRssMbBare: Math.round(peaks.bare.rss / MB),
				peakRssMbBatch: Math.round(peaks.ours.rss / MB),
				peakHeapMbBare: Math.round(peaks.bare.heap / MB),
				peakHeapMbBatch: Math.round(peaks.ours.heap / MB),
				note: 'RSS includes the sandbox worker (it keeps every job); heap is this thread only',
			},
		};
	} finally {
		await transport.close();
		await agent.close();
		await sandbox.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	run().then(
		(result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
