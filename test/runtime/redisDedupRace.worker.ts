// One racer for the two-process claim race in redisDedupStore.test.ts, run with `fork` under tsx.
// Arguments: the Redis URL and the key prefix. It connects, says 'ready', waits for 'go', claims every round's key as fast as it can (one
// awaited claim at a time, or all rounds in one pipelined claimMany) and sends back its outcomes.
import { Redis } from 'ioredis';

import type { ClaimOutcome } from '../../src/core/dedup';
import { RedisDedupStore } from '../../src/runtime/redisDedupStore';

export interface RaceOrder {
	type: 'go';
	rounds: number;
	mode: 'claim' | 'claimMany';
}

export interface RaceReport {
	type: 'done';
	outcomes: ClaimOutcome[];
}

const LEASE_MS = 60_000;

async function race(order: RaceOrder, store: RedisDedupStore): Promise<ClaimOutcome[]> {
	const keys = Array.from({ length: order.rounds }, (_, i) => `round-${i}`);
	if (order.mode === 'claimMany') return store.claimMany(keys, LEASE_MS);
	const outcomes: ClaimOutcome[] = [];
	for (const key of keys) outcomes.push(await store.claim(key, LEASE_MS));
	return outcomes;
}

const url = process.argv[2];
const keyPrefix = process.argv[3];
const redis = new Redis(url);
const store = new RedisDedupStore({ redis, keyPrefix });

redis.once('ready', () => process.send?.({ type: 'ready' }));
process.once('message', (order: RaceOrder) => {
	race(order, store)
		.then((outcomes) => {
			const report: RaceReport = { type: 'done', outcomes };
			process.send?.(report, () => {
				redis.disconnect();
				process.disconnect();
			});
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exit(1);
		});
});
