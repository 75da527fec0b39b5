// A throwaway redis-server on a free loopback port, for the Redis store's tests and benchmark.
// Rules: it never persists anything (no RDB, no AOF), binds 127.0.0.1 only, and when Debian's
// redis-server is missing it says so LOUDLY and the caller skips its tests by name: a missing
// server must never look like a passing suite.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export interface RedisServerHandle {
	port: number;
	url: string;
	/** Stops the server and resolves once its process has exited. */
	stop(): Promise<void>;
}

const REDIS_SERVER = 'redis-server';
const STARTUP_DEADLINE_MS = 10_000;
const PING_RETRY_MS = 50;
const START_ATTEMPTS = 3;

/** The message tests skip with when redis-server cannot be used. */
export const REDIS_UNAVAILABLE_MESSAGE =
	'redis-server is not installed: the Redis store tests are SKIPPED. Install it with `apt-get install -y redis-server` (.ci/run does).';

/**
 * Null when `redis-server` runs on this machine; otherwise the reason, also printed with
 * console.warn. Synchronous, so a test file can choose `describe` or `describe.skip` at load.
 */
export function redisServerUnavailableReason(): string | null {
	const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
	if (probe.error === undefined && probe.status === 0) return null;
	console.warn(`\n!!! ${REDIS_UNAVAILABLE_MESSAGE}\n`);
	return REDIS_UNAVAILABLE_MESSAGE;
}

/** Starts redis-server and waits for PONG; null (with a loud warning) if it cannot start. */
export async function startRedis(): Promise<RedisServerHandle | null> {
	if (redisServerUnavailableReason() !== null) return null;
	let failure = '';
	// Another process may take the free port before redis-server binds it; a new port then helps.
	for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
		const port = await freeLoopbackPort();
		const started = await startOn(port);
		if (typeof started !== 'string') return started;
		failure = started;
	}
	console.warn(`\n!!! redis-server did not start: ${failure}\n`);
	return null;
}

/** The running server, or why it did not start. */
async function startOn(port: number): Promise<RedisServerHandle | string> {
	const child = spawn(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let output = '';
	const collect = (chunk: Buffer): void => {
		output += chunk.toString();
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const stop = async (): Promise<void> => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited;
	};
	if (await waitForPong(port, child)) {
		return { port, url: `redis://127.0.0.1:${port}`, stop };
	}
	await stop();
	return `port ${port}: ${output.trim().split('\n').slice(-3).join(' | ') || 'no answer to PING'}`;
}

/** Binds port 0 on loopback, reads the port the kernel chose, and frees it again. */
export function freeLoopbackPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function waitForPong(port: number, child: ChildProcess): Promise<boolean> {
	const deadline = Date.now() + STARTUP_DEADLINE_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) return false;
		if (await ping(port)) return true;
		await new Promise((resolve) => setTimeout(resolve, PING_RETRY_MS));
	}
	return false;
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let reply = '';
		const finish = (ok: boolean): void => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
		});
	});
}
