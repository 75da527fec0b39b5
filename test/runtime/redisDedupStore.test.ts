import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import type { ClaimOutcome } from '../../src/core/dedup';
import { RedisDedupStore } from '../../src/runtime/redisDedupStore';
import { describeDedupStoreContract } from '../core/dedup/dedupStoreContract';
import {
	freeLoopbackPort,
	redisServerUnavailableReason,
	startRedis,
	type RedisServerHandle,
} from '../setup/redisServer';
import type { RaceOrder, RaceReport } from './redisDedupRace.worker';

const unavailable = redisServerUnavailableReason();
const describeWithRedis = unavailable === null ? describe : describe.skip;
const suiteName =
	unavailable === null
		? 'RedisDedupStore on a real redis-server'
		: `RedisDedupStore: ${unavailable}`;

/** Real waits: Redis expires keys by its own clock. A few ms more than asked absorbs timer slack. */
const TIMER_SLACK_MS = 25;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const RACE_ROUNDS = 200;
const WORKER = join(__dirname, 'redisDedupRace.worker.ts');

describeWithRedis(suiteName, () => {
	let server: RedisServerHandle;
	let redis: Redis;
	let prefixes = 0;
	const freshPrefix = () => `test:${process.pid}:${++prefixes}:`;

	beforeAll(async () => {
		const started = await startRedis();
		if (started === null) {
			throw new Error('redis-server is installed but did not start: see the warning above.');
		}
		server = started;
		redis = new Redis(server.url);
	});

	afterAll(async () => {
		redis?.disconnect();
		await server?.stop();
	});

	describeDedupStoreContract(
		'RedisDedupStore',
		() => new RedisDedupStore({ redis, keyPrefix: freshPrefix() }),
		{ advance: (ms) => sleep(ms + TIMER_SLACK_MS), shortMs: 200 },
	);

	describe('on the wire', () => {
		it('keeps its keys under keyPrefix, a lease as a lease and a completion with its TTL', async () => {
			const prefix = freshPrefix();
			const store = new RedisDedupStore({ redis, keyPrefix: prefix });
			await store.claim('vgen_1:completed', 60_000);
			expect(await redis.get(`${prefix}vgen_1:completed`)).toBe('lease');
			await store.complete('vgen_1:completed', 3_600_000);
			expect(await redis.get(`${prefix}vgen_1:completed`)).toBe('done');
			const ttlMs = await redis.pttl(`${prefix}vgen_1:completed`);
			expect(ttlMs).toBeGreaterThan(0);
			expect(ttlMs).toBeLessThanOrEqual(3_600_000);
		});

		it("uses 'creativeai:dedup:' as the default prefix", async () => {
			const store = new RedisDedupStore({ redis });
			const key = `default-prefix-${process.pid}-${Date.now()}`;
			await store.claim(key, 60_000);
			expect(await redis.exists(`creativeai:dedup:${key}`)).toBe(1);
			await store.release(key);
			expect(await redis.exists(`creativeai:dedup:${key}`)).toBe(0);
		});

		it('stores that share a client and a prefix see the same keys', async () => {
			const prefix = freshPrefix();
			const first = new RedisDedupStore({ redis, keyPrefix: prefix });
			const second = new RedisDedupStore({ redis, keyPrefix: prefix });
			await first.claim('k', 60_000);
			await expect(second.claim('k', 60_000)).resolves.toBe('in_progress');
		});

		it('a lease holds across a second client (another process would see the same)', async () => {
			const prefix = freshPrefix();
			const other = new Redis(server.url);
			try {
				await new RedisDedupStore({ redis, keyPrefix: prefix }).claim('k', 60_000);
				const seen = await new RedisDedupStore({ redis: other, keyPrefix: prefix }).claim(
					'k',
					60_000,
				);
				expect(seen).toBe('in_progress');
			} finally {
				other.disconnect();
			}
		});

		it('when Redis cannot be reached, claim rejects instead of claiming', async () => {
			const closed = new Redis({
				host: '127.0.0.1',
				port: await freeLoopbackPort(),
				maxRetriesPerRequest: 0,
				retryStrategy: () => null,
			});
			closed.on('error', () => undefined);
			try {
				await expect(new RedisDedupStore({ redis: closed }).claim('k', 60_000)).rejects.toThrow();
			} finally {
				closed.disconnect();
			}
		});

		it('refuses to be built without an ioredis client', () => {
			expect(() => new RedisDedupStore({} as never)).toThrow(TypeError);
			expect(() => new RedisDedupStore({ redis, keyPrefix: 7 as never })).toThrow(TypeError);
		});
	});

	describe('claimMany', () => {
		it('returns each key its own outcome, in the order given', async () => {
			const store = new RedisDedupStore({ redis, keyPrefix: freshPrefix() });
			await store.claim('done', 60_000);
			await store.complete('done', 60_000);
			await store.claim('leased', 60_000);
			await expect(store.claimMany(['done', 'leased', 'fresh'], 60_000)).resolves.toEqual([
				'completed',
				'in_progress',
				'claimed',
			]);
		});

		it('the same key twice in one batch is claimed once', async () => {
			const store = new RedisDedupStore({ redis, keyPrefix: freshPrefix() });
			await expect(store.claimMany(['k', 'k'], 60_000)).resolves.toEqual([
				'claimed',
				'in_progress',
			]);
		});

		it('takes leases that expire like single claims', async () => {
			const store = new RedisDedupStore({ redis, keyPrefix: freshPrefix() });
			await store.claimMany(['a', 'b'], 200);
			await sleep(200 + TIMER_SLACK_MS);
			await expect(store.claimMany(['a', 'b'], 60_000)).resolves.toEqual(['claimed', 'claimed']);
		});

		it('an empty batch sends nothing and returns nothing', async () => {
			const store = new RedisDedupStore({ redis, keyPrefix: freshPrefix() });
			await expect(store.claimMany([], 60_000)).resolves.toEqual([]);
		});

		it('refuses a batch holding a bad key before sending any of it', async () => {
			const prefix = freshPrefix();
			const store = new RedisDedupStore({ redis, keyPrefix: prefix });
			await expect(store.claimMany(['ok', ''], 60_000)).rejects.toThrow(TypeError);
			expect(await redis.exists(`${prefix}ok`)).toBe(0);
		});
	});

	describe('two processes racing for the same deliveries', () => {
		async function raceTwoProcesses(mode: RaceOrder['mode']): Promise<ClaimOutcome[][]> {
			const keyPrefix = freshPrefix();
			const workers = [0, 1].map(() =>
				fork(WORKER, [server.url, keyPrefix], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
			);
			try {
				await Promise.all(workers.map((w) => nextMessage(w)));
				const order: RaceOrder = { type: 'go', rounds: RACE_ROUNDS, mode };
				const reports = workers.map((w) => nextMessage(w) as Promise<RaceReport>);
				for (const worker of workers) worker.send(order);
				return (await Promise.all(reports)).map((r) => r.outcomes);
			} finally {
				for (const worker of workers) if (worker.exitCode === null) worker.kill();
			}
		}

		function expectOneWinnerPerRound([first, second]: ClaimOutcome[][]): void {
			expect(first).toHaveLength(RACE_ROUNDS);
			expect(second).toHaveLength(RACE_ROUNDS);
			const roundsWithOneWinner = first.filter(
				(outcome, i) =>
					[outcome, second[i]].filter((o) => o === 'claimed').length === 1 &&
					[outcome, second[i]].includes('in_progress'),
			).length;
			expect(roundsWithOneWinner).toBe(RACE_ROUNDS);
		}

		it(`exactly one of two processes claims each of ${RACE_ROUNDS} keys`, async () => {
			expectOneWinnerPerRound(await raceTwoProcesses('claim'));
		});

		it(`exactly one wins each of ${RACE_ROUNDS} keys when both claim in one pipeline`, async () => {
			expectOneWinnerPerRound(await raceTwoProcesses('claimMany'));
		});
	});
});

/** The next IPC message from `child`; rejects if it exits first. */
function nextMessage(child: ChildProcess): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const onExit = (code: number | null) => reject(new Error(`race worker exited (${code}) early`));
		child.once('exit', onExit);
		child.once('message', (message) => {
			child.off('exit', onExit);
			resolve(message);
		});
	});
}
