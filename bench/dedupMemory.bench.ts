// Heap bytes per key of MemoryDedupStore at a million keys, against a plain Set<string> of the
// same keys in the same run (the least any store of these keys can hold), and the speed of writes
// that evict in a full store of 100,000 keys, against a bare Map used as a FIFO whose oldest key
// the caller already knows (the least work any Map-based bounded store can do per write). Taking
// the oldest key from a fresh Map iterator instead (the naive way) is reported beside it.
// `npx tsx bench/dedupMemory.bench.ts` or through bench/run.ts; it finds V8's gc() by itself.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { COMPLETED_TTL_MS, CLAIM_LEASE_MS, MemoryDedupStore } from '../src/core/dedup';
import type { BenchResult } from './types';

const KEYS = 1_000_000;
const TARGET_BYTES_PER_KEY = 150;
const EVICTION_STORE_SIZE = 100_000;
const EVICTION_WRITES = 1_000_000;
/**
 * The naive eviction's cost grows with the deleted entries at the front of V8's table until the
 * table rehashes (at 100,000 keys its 131,072 entries leave room for about 31,000): 40,000 writes
 * cover a whole cycle, so the figure is its steady state, not its cheap start.
 */
const NAIVE_EVICTION_WRITES = 40_000;
const T0 = 1_800_000_000_000;

/** `global.gc` when node ran with --expose-gc, else the same function fetched through V8 flags. */
function findGc(): () => void {
	const exposed = (globalThis as { gc?: () => void }).gc;
	if (exposed) return exposed;
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

/** A delivery key as the receive pipeline builds it: `vgen_<16 hex>:completed`, ~30 chars. */
function deliveryKey(i: number): string {
	return `vgen_${i.toString(16).padStart(16, '0')}:completed`;
}

/** Heap growth while `fill` runs, per key, with whatever `fill` returns kept alive throughout. */
function heapGrowthPerKey(gc: () => void, keys: number, fill: () => unknown) {
	gc();
	gc();
	const before = process.memoryUsage().heapUsed;
	const startedAt = performance.now();
	const held = fill();
	const fillMs = performance.now() - startedAt;
	gc();
	gc();
	const after = process.memoryUsage().heapUsed;
	if (held === undefined) throw new Error('fill must return what it built');
	return { bytesPerKey: (after - before) / keys, fillMs };
}

function fillStore(): MemoryDedupStore {
	let now = T0;
	const store = new MemoryDedupStore({ clock: () => now, maxEntries: KEYS });
	for (let i = 0; i < KEYS; i++) {
		const key = deliveryKey(i);
		// Both calls settle synchronously inside the store; awaiting a million promises only adds noise.
		void store.claim(key, CLAIM_LEASE_MS);
		void store.complete(key, COMPLETED_TTL_MS);
		now += 1;
	}
	if (store.size !== KEYS) throw new Error(`store holds ${store.size} keys, not ${KEYS}`);
	return store;
}

function fillSet(): Set<string> {
	const set = new Set<string>();
	for (let i = 0; i < KEYS; i++) {
		const key = deliveryKey(i);
		// Flat strings, as the store keeps them, so the two hold identical key bytes.
		key.charCodeAt(0);
		set.add(key);
	}
	return set;
}

/** Writes per second into a store that is full, so every write evicts. */
function storeEvictionsPerSecond(): number {
	let now = T0;
	const store = new MemoryDedupStore({ clock: () => now, maxEntries: EVICTION_STORE_SIZE });
	for (let i = 0; i < EVICTION_STORE_SIZE; i++) void store.claim(deliveryKey(i), CLAIM_LEASE_MS);
	const startedAt = performance.now();
	for (let i = EVICTION_STORE_SIZE; i < EVICTION_STORE_SIZE + EVICTION_WRITES; i++) {
		void store.claim(deliveryKey(i), CLAIM_LEASE_MS);
		now += 1;
	}
	return EVICTION_WRITES / ((performance.now() - startedAt) / 1000);
}

/** The same number of writes into a bare Map that deletes the key written `size` writes ago. */
function bareFifoWritesPerSecond(): number {
	const map = new Map<string, number>();
	for (let i = 0; i < EVICTION_STORE_SIZE; i++) map.set(deliveryKey(i), T0);
	const startedAt = performance.now();
	for (let i = EVICTION_STORE_SIZE; i < EVICTION_STORE_SIZE + EVICTION_WRITES; i++) {
		map.delete(deliveryKey(i - EVICTION_STORE_SIZE));
		map.set(deliveryKey(i), T0);
	}
	return EVICTION_WRITES / ((performance.now() - startedAt) / 1000);
}

/** The same with a Map whose oldest key comes from a fresh `keys()` iterator each time. */
function naiveEvictionsPerSecond(): number {
	const map = new Map<string, number>();
	for (let i = 0; i < EVICTION_STORE_SIZE; i++) map.set(deliveryKey(i), T0);
	const startedAt = performance.now();
	for (let i = EVICTION_STORE_SIZE; i < EVICTION_STORE_SIZE + NAIVE_EVICTION_WRITES; i++) {
		const oldest = map.keys().next().value as string;
		map.delete(oldest);
		map.set(deliveryKey(i), T0);
	}
	return NAIVE_EVICTION_WRITES / ((performance.now() - startedAt) / 1000);
}

export async function run(): Promise<BenchResult[]> {
	const gc = findGc();
	const store = heapGrowthPerKey(gc, KEYS, fillStore);
	const set = heapGrowthPerKey(gc, KEYS, fillSet);
	const templateKeysInSet = heapGrowthPerKey(gc, KEYS, () => {
		const unflattened = new Set<string>();
		for (let i = 0; i < KEYS; i++) unflattened.add(deliveryKey(i));
		return unflattened;
	});
	const bare = bareFifoWritesPerSecond();
	const ours = storeEvictionsPerSecond();
	const naive = naiveEvictionsPerSecond();
	const round = (n: number) => Number(n.toFixed(1));
	return [
		{
			name: 'dedup memory: heap bytes per key at 1,000,000 keys',
			unit: 'bytes/key',
			baseline: round(set.bytesPerKey),
			subject: round(store.bytesPerKey),
			ratio: Number((store.bytesPerKey / set.bytesPerKey).toFixed(3)),
			target: `<= ${TARGET_BYTES_PER_KEY} bytes/key (baseline: Set<string> of the same flat keys)`,
			pass: store.bytesPerKey <= TARGET_BYTES_PER_KEY,
			details: {
				keys: KEYS,
				keyExample: deliveryKey(KEYS - 1),
				storeFillMs: Math.round(store.fillMs),
				setFillMs: Math.round(set.fillMs),
				setOfUnflattenedTemplateKeysBytesPerKey: round(templateKeysInSet.bytesPerKey),
			},
		},
		{
			name: 'dedup memory: evicting writes/s in a full store of 100,000 keys',
			unit: 'writes/s (each evicts)',
			baseline: Math.round(bare),
			subject: Math.round(ours),
			ratio: Number((ours / bare).toFixed(2)),
			target: '>= 0.5x a bare Map FIFO that knows its oldest key',
			pass: ours >= 0.5 * bare,
			details: {
				writes: EVICTION_WRITES,
				naiveMapIteratorWritesPerSecond: Math.round(naive),
				naiveWrites: NAIVE_EVICTION_WRITES,
			},
		},
	];
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
