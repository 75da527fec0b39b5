// Cost of CreativeAiClient.getVideo over the bare request it wraps. Baseline: undici.request on
// its own Agent plus body.json(), the least any caller must do. Subject: client.getVideo over the
// undici transport, which also builds and checks the request, races the overall timeout, maps
// the answer and validates it with the contract's zod schema. Both hit the same local server (in
// a worker thread, so its CPU does not count against either side) at concurrency 32, in
// alternating rounds after a warm-up; the medians are compared. `details` adds the main thread's
// busy time per request, the client's own cost in microseconds. Measured on Node 20 the gap is
// mostly the per-attempt AbortSignal (Node 20 makes creating one and undici's abort listener on
// it cost some 10 µs a request) and the zod validation of the answer.
// Run: `npx tsx bench/client.bench.ts` (prints JSON). Target: ratio >= 0.8.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { Agent, request } from 'undici';

import { CreativeAiClient } from '../src/runtime/client';
import { createUndiciTransport } from '../src/runtime/transport/undici';
import type { BenchResult } from './types';

const CONCURRENCY = 32;
const REQUESTS_PER_ROUND = 3_000;
const WARMUP_REQUESTS = 2_000;
const ROUNDS = 7;
const TARGET_RATIO = 0.8;
const API_KEY = 'rph_live_bench_0123456789abcdef';
const JOB_ID = 'vgen_bench_0001';

const VIDEO_JOB = {
	id: JOB_ID,
	object: 'video.generation',
	status: 'processing',
	model: 'kling-v3',
	model_actual: 'kling-v3',
	prompt: 'A red fox running through fresh snow at dawn, cinematic, 35 mm',
	credits: 25,
	failover_used: false,
	phase: 'rendering',
	progress: 42,
	eta_seconds: 75,
	output_url: null,
	expires_at: null,
	error_message: null,
	created_at: '2025-03-01T12:00:00Z',
	completed_at: null,
};

/** Plain JS run in the worker: answers every request with the job, keep-alive on. */
const SERVER_SOURCE = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const server = createServer((req, res) => {
	req.resume();
	res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'req_bench' });
	res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => { if (m === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

export async function run(): Promise<BenchResult> {
	const server = new Worker(SERVER_SOURCE, {
		eval: true,
		workerData: { body: JSON.stringify(VIDEO_JOB) },
	});
	const port = await new Promise<number>((resolve, reject) => {
		server.once('message', (value: AddressInfo['port']) => resolve(value));
		server.once('error', reject);
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const url = `${baseUrl}/v1/video/generations/${JOB_ID}`;

	const agent = new Agent({ connections: CONCURRENCY });
	const headers = { authorization: `Bearer ${API_KEY}`, accept: 'application/json' };
	const bare = async (): Promise<void> => {
		const response = await request(url, { dispatcher: agent, headers });
		const job = (await response.body.json()) as { id?: string };
		if (response.statusCode !== 200 || job.id !== JOB_ID) throw new Error('bare: bad answer');
	};

	const transport = createUndiciTransport({ connections: CONCURRENCY });
	const client = new CreativeAiClient({ apiKey: API_KEY, baseUrl, transport });
	const subject = async (): Promise<void> => {
		const job = await client.getVideo(JOB_ID);
		if (job.id !== JOB_ID) throw new Error('client: bad answer');
	};

	try {
		await throughput(bare, WARMUP_REQUESTS);
		await throughput(subject, WARMUP_REQUESTS);
		const baselineRounds: RoundResult[] = [];
		const subjectRounds: RoundResult[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			// Alternate which side goes first so drift (GC, CPU frequency) falls on both evenly.
			if (round % 2 === 0) {
				baselineRounds.push(await throughput(bare, REQUESTS_PER_ROUND));
				subjectRounds.push(await throughput(subject, REQUESTS_PER_ROUND));
			} else {
				subjectRounds.push(await throughput(subject, REQUESTS_PER_ROUND));
				baselineRounds.push(await throughput(bare, REQUESTS_PER_ROUND));
			}
		}
		const rps = (rounds: RoundResult[]) => rounds.map((r) => r.requestsPerSecond);
		const busy = (rounds: RoundResult[]) => rounds.map((r) => r.activeUsPerRequest);
		const baseline = median(rps(baselineRounds));
		const subjectMedian = median(rps(subjectRounds));
		const ratio = Number((subjectMedian / baseline).toFixed(3));
		return {
			name: 'client.getVideo vs bare undici.request, concurrency 32',
			unit: 'requests/s',
			baseline: Math.round(baseline),
			subject: Math.round(subjectMedian),
			ratio,
			target: `>= ${TARGET_RATIO}x bare undici`,
			pass: ratio >= TARGET_RATIO,
			details: {
				concurrency: CONCURRENCY,
				requestsPerRound: REQUESTS_PER_ROUND,
				rounds: ROUNDS,
				baselineRounds: rps(baselineRounds).map(Math.round),
				subjectRounds: rps(subjectRounds).map(Math.round),
				// Each pair ran back to back under the same load: less noisy than the headline.
				medianPairRatio: Number(
					median(subjectRounds.map((r, i) => r.requestsPerSecond / rps(baselineRounds)[i])).toFixed(
						3,
					),
				),
				baselineBusyUsPerRequest: round1(median(busy(baselineRounds))),
				subjectBusyUsPerRequest: round1(median(busy(subjectRounds))),
				server: 'node:http in a worker thread on 127.0.0.1',
			},
		};
	} finally {
		await Promise.all([agent.close(), transport.close()]);
		server.postMessage('close');
		await new Promise((resolve) => server.once('exit', resolve));
	}
}

interface RoundResult {
	requestsPerSecond: number;
	/** Main-thread busy time per request (event-loop utilisation), the client's own cost. */
	activeUsPerRequest: number;
}

/** Throughput of `total` calls of `call`, `CONCURRENCY` in flight at a time. */
async function throughput(call: () => Promise<void>, total: number): Promise<RoundResult> {
	let started = 0;
	const lane = async (): Promise<void> => {
		while (started < total) {
			started++;
			await call();
		}
	};
	const loopBefore = performance.eventLoopUtilization();
	const start = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, lane));
	const elapsedMs = performance.now() - start;
	const loop = performance.eventLoopUtilization(loopBefore);
	return {
		requestsPerSecond: total / (elapsedMs / 1000),
		activeUsPerRequest: (loop.active * 1000) / total,
	};
}

function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
