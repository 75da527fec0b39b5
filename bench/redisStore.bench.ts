// Claims per second of RedisDedupStore against a redis-server this bench starts on a free
// loopback port: one awaited claim at a time (a receiver handling deliveries one by one) against
// claimMany in pipelined batches, plus many single claims in flight at once as a detail. Every
// claimed key is fresh, so each figure counts successful claims (the SET NX path of the script).
// `npx tsx bench/redisStore.bench.ts` or through bench/run.ts. Needs Debian's redis-server.
import { Redis } from 'ioredis';

import { RedisDedupStore } from '../src/runtime/redisDedupStore';
import { REDIS_UNAVAILABLE_MESSAGE, startRedis } from '../test/setup/redisServer';
import type { BenchResult } from './types';

const SEQUENTIAL_CLAIMS = 20_000;
const PIPELINED_CLAIMS = 200_000;
const BATCH_SIZE = 1_000;
const LEASE_MS = 60_000;
const NAME = 'dedup redis: claims/s, pipelined claimMany vs one awaited claim at a time';
const TARGET = 'pipelined >= 3x sequential';

function keys(prefix: string, from: number, count: number): string[] {
	return Array.from(
		{ length: count },
		(_, i) => `${prefix}vgen_${(from + i).toString(16)}:completed`,
	);
}

async function perSecond(count: number, work: () => Promise<number>): Promise<number> {
	const startedAt = performance.now();
	const claimed = await work();
	if (claimed !== count) throw new Error(`expected ${count} claims to succeed, ${claimed} did`);
	return count / ((performance.now() - startedAt) / 1000);
}

async function sequential(store: RedisDedupStore): Promise<number> {
	let claimed = 0;
	for (const key of keys('seq:', 0, SEQUENTIAL_CLAIMS)) {
		if ((await store.claim(key, LEASE_MS)) === 'claimed') claimed++;
	}
	return claimed;
}

async function pipelined(store: RedisDedupStore): Promise<number> {
	let claimed = 0;
	for (let from = 0; from < PIPELINED_CLAIMS; from += BATCH_SIZE) {
		const outcomes = await store.claimMany(keys('pipe:', from, BATCH_SIZE), LEASE_MS);
		claimed += outcomes.filter((o) => o === 'claimed').length;
	}
	return claimed;
}

/** BATCH_SIZE single claims in flight at once: ioredis writes them back to back on one socket. */
async function concurrent(store: RedisDedupStore): Promise<number> {
	let claimed = 0;
	for (let from = 0; from < PIPELINED_CLAIMS; from += BATCH_SIZE) {
		const batch = keys('conc:', from, BATCH_SIZE);
		const outcomes = await Promise.all(batch.map((key) => store.claim(key, LEASE_MS)));
		claimed += outcomes.filter((o) => o === 'claimed').length;
	}
	return claimed;
}

export async function run(): Promise<BenchResult> {
	const server = await startRedis();
	if (server === null) {
		return {
			name: NAME,
			unit: 'claims/s',
			baseline: Number.NaN,
			subject: Number.NaN,
			ratio: Number.NaN,
			target: TARGET,
			pass: false,
			details: { skipped: REDIS_UNAVAILABLE_MESSAGE },
		};
	}
	const redis = new Redis(server.url);
	try {
		const store = new RedisDedupStore({ redis, keyPrefix: 'bench:' });
		await store.claim('warm-up', LEASE_MS); // loads the script, so no run pays for it
		const sequentialPerSecond = await perSecond(SEQUENTIAL_CLAIMS, () => sequential(store));
		const pipelinedPerSecond = await perSecond(PIPELINED_CLAIMS, () => pipelined(store));
		const concurrentPerSecond = await perSecond(PIPELINED_CLAIMS, () => concurrent(store));
		return {
			name: NAME,
			unit: 'claims/s',
			baseline: Math.round(sequentialPerSecond),
			subject: Math.round(pipelinedPerSecond),
			ratio: Number((pipelinedPerSecond / sequentialPerSecond).toFixed(1)),
			target: TARGET,
			pass: pipelinedPerSecond >= 3 * sequentialPerSecond,
			details: {
				sequentialClaims: SEQUENTIAL_CLAIMS,
				pipelinedClaims: PIPELINED_CLAIMS,
				batchSize: BATCH_SIZE,
				concurrentSingleClaimsPerSecond: Math.round(concurrentPerSecond),
				redisVersion: (await redis.info('server')).match(/redis_version:(\S+)/)?.[1],
			},
		};
	} finally {
		redis.disconnect();
		await server.stop();
	}
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
