// `creativeai webhook listen` over HTTP against the least a receiver must do. Baseline: a bare
// node:http server that reads the body, checks the CreativeAI HMAC (createHmac + timingSafeEqual)
// and parses the JSON. Subjects: `webhook listen` printing each verified delivery as a JSON line
// (stdout to /dev/null), and `webhook listen --quiet`. Each server is its own node process on
// 127.0.0.1; this process is the sender: unique signed deliveries (signed and serialised before
// timing starts), concurrency 100 over 100 keep-alive connections, written and read as raw
// HTTP/1.1 so the sender costs far less per request than the servers. Rounds alternate between
// the sides after a warm-up. On a shared machine wall-clock throughput swings with whatever else
// runs, so the headline throughput is each server's capacity: deliveries per second of its own CPU
// time (read from /proc/<pid>/stat), the rate it would reach with a core to itself; the
// wall-clock rate is in the details. Ratios are medians of per-round ratios; p99 latency is
// compared as the median of per-round p99 ratios.
// Run: `npm run bench -- webhookListen` (or `npx tsx bench/webhookListen.bench.ts`).
// Targets (issue 11): throughput >= 0.8x the bare server, p99 <= 1.5x, printing and quiet.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { median, round } from './measure';
import type { BenchResult } from './types';

const CONCURRENCY = 100;
const DELIVERIES_PER_ROUND = 6_000;
const WARMUP_DELIVERIES = 3_000;
const ROUNDS = 9;
const THROUGHPUT_TARGET = 0.8;
const P99_TARGET = 1.5;
const SECRET = 'rph_live_bench_listen_0123456789abcdef';

const COMPILED = __filename.endsWith('.js');
/** The repository: this file runs from bench/ (tsx) or dist-bench/bench/ (npm run bench). */
const ROOT = COMPILED ? join(__dirname, '..', '..') : join(__dirname, '..');

/** The bare receiver: body, HMAC, JSON, 200. Plain JS run by `node -e`. */
const BARE_SOURCE = `
const { createServer } = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const secret = process.env.BENCH_SECRET;
const server = createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		const body = Buffer.concat(chunks);
		const given = Buffer.from(String(req.headers['x-creativeai-signature'] || '').slice(7), 'hex');
		const expected = createHmac('sha256', secret).update(body).digest();
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
			res.writeHead(401).end('invalid signature');
			return;
		}
		try { JSON.parse(body.toString('utf8')); } catch { res.writeHead(400).end('invalid JSON'); return; }
		res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('accepted');
	});
});
server.listen(0, '127.0.0.1', () => process.stderr.write('listening on http://127.0.0.1:' + server.address().port + '/\\n'));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

type Side = 'bare' | 'listen' | 'quiet';
const SIDES: readonly Side[] = ['bare', 'listen', 'quiet'];

interface Server {
	url: string;
	child: ChildProcess;
}

function cliArgs(quiet: boolean): string[] {
	const entry = COMPILED
		? [join(ROOT, 'dist-bench', 'src', 'runtime', 'cli', 'main.js')]
		: ['-r', 'tsx/cjs', join(ROOT, 'src', 'runtime', 'cli', 'main.ts')];
	return [
		...entry,
		'webhook',
		'listen',
		'--port',
		'0',
		'--secret',
		SECRET,
		...(quiet ? ['--quiet'] : []),
	];
}

async function startServer(side: Side, devNull: number): Promise<Server> {
	const args = side === 'bare' ? ['-e', BARE_SOURCE] : cliArgs(side === 'quiet');
	const child = spawn(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, BENCH_SECRET: SECRET },
		stdio: ['ignore', devNull, 'pipe'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const match = /listening on (\S+)/.exec(text);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`${side} exited (${code}): ${text}`)));
	});
	return { url, child };
}

async function stopServer(server: Server): Promise<void> {
	const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
	server.child.kill('SIGTERM');
	await exited;
}

let sequence = 0;

/** Unique deliveries, signed ahead of time so signing costs the sender nothing while timed. */
function signedDeliveries(count: number): { body: string; signature: string }[] {
	const deliveries: { body: string; signature: string }[] = [];
	for (let i = 0; i < count; i++) {
		const id = `vgen_bench_${(sequence++).toString(16).padStart(12, '0')}`;
		const body = JSON.stringify({
			id,
			object: 'video.generation',
			status: 'completed',
			model: 'kling-v3',
			model_actual: 'kling-v3',
			prompt: 'Aerial view of a lake house at dawn, slow dolly in, warm light, 35 mm',
			output_url: `https://cdn.creativeai.run/outputs/${id}.mp4`,
			expires_at: '2030-01-02T00:00:00.000Z',
			error_message: null,
			credits: 25,
			failover_used: false,
			completed_at: '2030-01-01T00:00:00.000Z',
		});
		const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
		deliveries.push({ body, signature });
	}
	return deliveries;
}

interface RoundFigures {
	/** Wall clock. */
	perSecond: number;
	/** Per second of the server's own CPU time. */
	perCpuSecond: number;
	p99Ms: number;
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ; 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) process `pid` has used so far. */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * One keep-alive connection of the sender: writes a prepared request, reads one answer (status
 * line, headers, a Content-Length or chunked body) and hands back its status. Far cheaper per
 * request than an HTTP client library, so the servers, not the sender, are the bottleneck.
 */
class Connection {
	readonly #port: number;
	#socket: Socket | undefined;
	#buffer = '';
	#request: Buffer | undefined;
	#waiting: ((status: number) => void) | undefined;

	private constructor(port: number) {
		this.#port = port;
	}

	static async open(port: number): Promise<Connection> {
		const connection = new Connection(port);
		await connection.#connect();
		return connection;
	}

	/**
	 * Sends `request` and resolves with the answer's status. A connection the server closed while
	 * idle (its keep-alive timeout passes while other sides run) is opened again, and a request
	 * it was carrying is sent again (a duplicate is answered 200 as well).
	 */
	async send(request: Buffer): Promise<number> {
		if (this.#socket === undefined) await this.#connect();
		return new Promise((resolve) => {
			this.#request = request;
			this.#waiting = resolve;
			this.#socket!.write(request);
		});
	}

	close(): void {
		this.#waiting = undefined;
		const socket = this.#socket;
		this.#socket = undefined;
		socket?.removeAllListeners('close');
		socket?.destroy();
	}

	#connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			const socket = connect(this.#port, '127.0.0.1', () => {
				socket.off('error', reject);
				socket.on('error', () => undefined);
				resolve();
			});
			socket.once('error', reject);
			socket.setNoDelay(true);
			socket.setEncoding('latin1');
			socket.on('data', (chunk: string) => this.#read(chunk));
			socket.once('close', () => this.#closed(socket));
			this.#socket = socket;
			this.#buffer = '';
		});
	}

	#closed(socket: Socket): void {
		if (this.#socket !== socket) return;
		this.#socket = undefined;
		const request = this.#request;
		if (this.#waiting === undefined || request === undefined) return;
		void this.#connect().then(() => this.#socket!.write(request));
	}

	#read(chunk: string): void {
		this.#buffer += chunk;
		const headerEnd = this.#buffer.indexOf('\r\n\r\n');
		if (headerEnd === -1) return;
		const head = this.#buffer.slice(0, headerEnd).toLowerCase();
		const lengthMatch = /\r\ncontent-length: *(\d+)/.exec(head);
		let end: number;
		if (lengthMatch) {
			end = headerEnd + 4 + Number(lengthMatch[1]);
		} else {
			const last = this.#buffer.indexOf('\r\n0\r\n\r\n', headerEnd);
			if (last === -1) return;
			end = last + 7;
		}
		if (this.#buffer.length < end) return;
		const status = Number(this.#buffer.slice(9, 12));
		this.#buffer = this.#buffer.slice(end);
		const waiting = this.#waiting;
		this.#waiting = undefined;
		this.#request = undefined;
		waiting?.(status);
	}
}

/** The bytes of one signed delivery as the sender puts them on the wire. */
function requestBytes(path: string, body: string, signature: string): Buffer {
	return Buffer.from(
		`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
			`x-creativeai-event: video.generation.completed\r\nx-creativeai-signature: ${signature}\r\n` +
			`user-agent: CreativeAI-Webhooks/1.0\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
	);
}

interface Target {
	connections: Connection[];
	path: string;
	pid: number;
}

/** Sends `count` deliveries at CONCURRENCY (one per connection); every answer must be 200. */
async function round_(target: Target, count: number): Promise<RoundFigures> {
	const requests = signedDeliveries(count).map(({ body, signature }) =>
		requestBytes(target.path, body, signature),
	);
	const latencies = new Float64Array(count);
	let next = 0;
	const worker = async (connection: Connection): Promise<void> => {
		while (next < requests.length) {
			const index = next++;
			const started = performance.now();
			const status = await connection.send(requests[index]);
			latencies[index] = performance.now() - started;
			if (status !== 200) throw new Error(`answered ${status}`);
		}
	};
	const cpuBefore = cpuSeconds(target.pid);
	const started = performance.now();
	await Promise.all(target.connections.map(worker));
	const elapsedMs = performance.now() - started;
	const cpuUsed = cpuSeconds(target.pid) - cpuBefore;
	const sorted = [...latencies].sort((a, b) => a - b);
	return {
		perSecond: (count / elapsedMs) * 1000,
		perCpuSecond: count / cpuUsed,
		p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))],
	};
}

export async function run(): Promise<BenchResult[]> {
	const devNull = openSync('/dev/null', 'w');
	const servers = new Map<Side, Server>();
	const targets = new Map<Side, Target>();
	try {
		for (const side of SIDES) {
			const server = await startServer(side, devNull);
			servers.set(side, server);
			const url = new URL(server.url);
			const connections = await Promise.all(
				Array.from({ length: CONCURRENCY }, () => Connection.open(Number(url.port))),
			);
			const target = { connections, path: url.pathname, pid: server.child.pid! };
			targets.set(side, target);
			await round_(target, WARMUP_DELIVERIES);
		}
		const figures: Record<Side, RoundFigures[]> = { bare: [], listen: [], quiet: [] };
		for (let r = 0; r < ROUNDS; r++) {
			// Rotate the order so drift falls on every side alike.
			const order = SIDES.map((_, i) => SIDES[(i + r) % SIDES.length]);
			for (const side of order)
				figures[side].push(await round_(targets.get(side)!, DELIVERIES_PER_ROUND));
		}
		return (['listen', 'quiet'] as const).map((side) => result(side, figures));
	} finally {
		for (const target of targets.values())
			for (const connection of target.connections) connection.close();
		for (const server of servers.values()) await stopServer(server);
		closeSync(devNull);
	}
}

function result(side: 'listen' | 'quiet', figures: Record<Side, RoundFigures[]>): BenchResult {
	const ratios = figures[side].map((f, i) => f.perCpuSecond / figures.bare[i].perCpuSecond);
	const wallRatios = figures[side].map((f, i) => f.perSecond / figures.bare[i].perSecond);
	const p99Ratios = figures[side].map((f, i) => f.p99Ms / figures.bare[i].p99Ms);
	const ratio = median(ratios);
	const p99Ratio = median(p99Ratios);
	const label = side === 'listen' ? 'printing each delivery' : '--quiet';
	return {
		name: `webhook listen (${label}) vs bare node:http HMAC + JSON.parse, concurrency ${CONCURRENCY}`,
		unit: 'deliveries per server CPU-second',
		baseline: round(median(figures.bare.map((f) => f.perCpuSecond))),
		subject: round(median(figures[side].map((f) => f.perCpuSecond))),
		ratio: round(ratio, 3),
		target: `>= ${THROUGHPUT_TARGET}x throughput and p99 <= ${P99_TARGET}x`,
		pass: ratio >= THROUGHPUT_TARGET && p99Ratio <= P99_TARGET,
		details: {
			concurrency: CONCURRENCY,
			deliveriesPerRound: DELIVERIES_PER_ROUND,
			rounds: ROUNDS,
			p99MsBare: round(median(figures.bare.map((f) => f.p99Ms)), 2),
			p99MsSubject: round(median(figures[side].map((f) => f.p99Ms)), 2),
			p99Ratio: round(p99Ratio, 3),
			capacityRatios: ratios.map((value) => round(value, 3)),
			wallDeliveriesPerSecondBare: round(median(figures.bare.map((f) => f.perSecond))),
			wallDeliveriesPerSecondSubject: round(median(figures[side].map((f) => f.perSecond))),
			wallRatio: round(median(wallRatios), 3),
			cpuUsPerDeliveryBare: round(1e6 / median(figures.bare.map((f) => f.perCpuSecond)), 1),
			cpuUsPerDeliverySubject: round(1e6 / median(figures[side].map((f) => f.perCpuSecond)), 1),
			stdout: side === 'listen' ? '/dev/null' : 'nothing printed per delivery',
			servers:
				'one node process each on 127.0.0.1; the sender is the bench process (raw HTTP/1.1 over 100 sockets)',
		},
	};
}

if (require.main === module) {
	run().then(
		(results) => process.stdout.write(`${JSON.stringify(results, null, '\t')}\n`),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
