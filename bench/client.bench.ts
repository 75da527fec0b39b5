// Cost of CreativeAiClient.getVideo over the bare request it replaces. Baseline: undici.request
// on its own Agent plus body.json(), the least any caller must do. Subject: client.getVideo over
// the undici transport, which also builds and checks the request, races the overall timeout, maps
// the answer and validates it with the contract's zod schema. A third side, the undici transport
// on its own, splits the figure in two: what the transport saves over undici.request (it collects
// answers through undici's dispatcher, without request()'s stream) and what the client's core
// costs over its transport. All sides hit the same local server (in a worker thread, so its CPU
// does not count against any side) at concurrency 32, with the same Agent options, in rounds
// whose order rotates, after a warm-up. The headline is the median of per-round subject/baseline
// ratios (each pair ran back to back, under the same machine load); `details` adds the main
// thread's busy time and, on Linux, its CPU time per request (time other processes take from the
// core counts for no side).
// Run: `npx tsx bench/client.bench.ts` (prints JSON). Target: ratio >= 0.8.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { Agent, request } from 'undici';

import type { TransportRequest } from '../src/core/ports';
import { CreativeAiClient } from '../src/runtime/client';
import { createUndiciTransport } from '../src/runtime/transport/undici';
import type { BenchResult } from './types';

const CONCURRENCY = 32;
const REQUESTS_PER_ROUND = 3_000;
const WARMUP_REQUESTS = 2_000;
const ROUNDS = 9;
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

type Side = 'bare' | 'client' | 'transport';
const SIDES: readonly Side[] = ['bare', 'client', 'transport'];

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

	// The transport alone, on an Agent of its own like the other two sides.
	const transportOnly = createUndiciTransport({ connections: CONCURRENCY });
	const transportRequest: TransportRequest = {
		method: 'GET',
		url,
		headers,
		timeouts: { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 },
	};
	const viaTransport = async (): Promise<void> => {
		const response = await transportOnly(transportRequest);
		const job = JSON.parse(response.body) as { id?: string };
		if (response.status !== 200 || job.id !== JOB_ID) throw new Error('transport: bad answer');
	};

	const calls: Record<Side, () => Promise<void>> = {
		bare,
		client: subject,
		transport: viaTransport,
	};
	try {
		for (const side of SIDES) await throughput(calls[side], WARMUP_REQUESTS);
		const rounds: Record<Side, RoundResult[]> = { bare: [], client: [], transport: [] };
		for (let round = 0; round < ROUNDS; round++) {
			// Rotate which side goes first so drift (GC, CPU frequency) falls on all evenly.
			for (let i = 0; i < SIDES.length; i++) {
				const side = SIDES[(round + i) % SIDES.length] as Side;
				rounds[side].push(await throughput(calls[side], REQUESTS_PER_ROUND));
			}
		}
		const rps = (side: Side) => rounds[side].map((r) => r.requestsPerSecond);
		const pairRatio = (over: Side, under: Side) =>
			Number(median(rps(over).map((value, i) => value / (rps(under)[i] as number))).toFixed(3));
		const perRequest = (side: Side, field: 'activeUsPerRequest' | 'cpuUsPerRequest') => {
			const values = rounds[side].map((r) => r[field]);
			return values.every((v): v is number => v !== undefined) ? round1(median(values)) : null;
		};
		const ratio = pairRatio('client', 'bare');
		return {
			name: 'client.getVideo vs bare undici.request, concurrency 32',
			unit: 'requests/s',
			baseline: Math.round(median(rps('bare'))),
			subject: Math.round(median(rps('client'))),
			ratio,
			target: `>= ${TARGET_RATIO}x bare undici`,
			pass: ratio >= TARGET_RATIO,
			details: {
				concurrency: CONCURRENCY,
				requestsPerRound: REQUESTS_PER_ROUND,
				rounds: ROUNDS,
				ratio: 'median of per-round client / bare throughput ratios',
				baselineRounds: rps('bare').map(Math.round),
				subjectRounds: rps('client').map(Math.round),
				transportRounds: rps('transport').map(Math.round),
				// The two halves of the headline: transport vs undici.request, client vs its transport.
				transportVsBare: pairRatio('transport', 'bare'),
				clientVsTransport: pairRatio('client', 'transport'),
				baselineBusyUsPerRequest: perRequest('bare', 'activeUsPerRequest'),
				subjectBusyUsPerRequest: perRequest('client', 'activeUsPerRequest'),
				transportBusyUsPerRequest: perRequest('transport', 'activeUsPerRequest'),
				baselineCpuUsPerRequest: perRequest('bare', 'cpuUsPerRequest'),
				subjectCpuUsPerRequest: perRequest('client', 'cpuUsPerRequest'),
				transportCpuUsPerRequest: perRequest('transport', 'cpuUsPerRequest'),
				server: 'node:http in a worker thread on 127.0.0.1',
			},
		};
	} finally {
		await Promise.all([agent.close(), transport.close(), transportOnly.close()]);
		server.postMessage('close');
		await new Promise((resolve) => server.once('exit', resolve));
	}
}

interface RoundResult {
	requestsPerSecond: number;
	/** Main-thread busy time per request (event-loop utilisation), the side's own cost. */
	activeUsPerRequest: number;
	/** Main-thread CPU time per request; undefined where the OS does not tell it (not Linux). */
	cpuUsPerRequest: number | undefined;
}

/** This thread's CPU time in ns (Linux schedstat), or undefined where there is none. */
function mainThreadCpuNs(): number | undefined {
	try {
		const stat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
		return Number(stat.split(' ')[0]);
	} catch {
		return undefined;
	}
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
	const cpuBefore = mainThreadCpuNs();
	const loopBefore = performance.eventLoopUtilization();
	const start = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, lane));
	const elapsedMs = performance.now() - start;
	const loop = performance.eventLoopUtilization(loopBefore);
	const cpuAfter = mainThreadCpuNs();
	return {
		requestsPerSecond: total / (elapsedMs / 1000),
		activeUsPerRequest: (loop.active * 1000) / total,
		cpuUsPerRequest:
			cpuBefore === undefined || cpuAfter === undefined
				? undefined
				: (cpuAfter - cpuBefore) / 1000 / total,
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
