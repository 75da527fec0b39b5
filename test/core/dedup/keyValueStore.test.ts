import {
	CLAIM_LEASE_MS,
	COMPLETED_TTL_MS,
	KeyValueDedupStore,
	type KeyValueCache,
} from '../../../src/core/dedup';
import { describeDedupStoreContract } from './dedupStoreContract';
import { fakeClock } from '../../support/fakeClock';

const T0 = 1_800_000_000_000;

/**
 * Like Zapier's `createAppTester` cache: values JSON-encoded, ttl ignored, and a round trip that
 * yields to the event loop, as a network call would.
 */
function fakeCache() {
	const data = new Map<string, string>();
	const calls: [op: string, key: string, ttlSeconds?: number][] = [];
	const cache: KeyValueCache = {
		async get(key) {
			calls.push(['get', key]);
			await Promise.resolve();
			const text = data.get(key);
			return text === undefined ? null : JSON.parse(text);
		},
		async set(key, value, ttlSeconds) {
			calls.push(['set', key, ttlSeconds]);
			await Promise.resolve();
			data.set(key, JSON.stringify(value));
			return true;
		},
	};
	return { cache, data, calls };
}

/** A cache that does honour the ttl (in whole seconds, on the same fake clock). */
function expiringCache(clock: () => number): KeyValueCache {
	const data = new Map<string, { value: unknown; until: number }>();
	return {
		async get(key) {
			const entry = data.get(key);
			return entry && entry.until > clock() ? entry.value : null;
		},
		async set(key, value, ttlSeconds) {
			data.set(key, { value, until: clock() + ttlSeconds * 1000 });
		},
	};
}

/**
 * Like Zapier's production `z.cache`: ttl honoured in whole seconds on the fake clock, and
 * `setIfAbsent` (the `nx` flag) applied in one step on the server's side, after a round trip that
 * yields to the event loop both ways, as an RPC does.
 */
function atomicCache(clock: () => number) {
	const data = new Map<string, { text: string; until: number }>();
	const calls: [op: string, key: string][] = [];
	const roundTrip = async () => {
		await Promise.resolve();
		await Promise.resolve();
	};
	const read = (key: string) => {
		const entry = data.get(key);
		if (entry === undefined || entry.until <= clock()) return undefined;
		return JSON.parse(entry.text) as unknown;
	};
	const write = (key: string, value: number, ttlSeconds: number) => {
		data.set(key, { text: JSON.stringify(value), until: clock() + ttlSeconds * 1000 });
	};
	const cache: KeyValueCache = {
		async get(key) {
			calls.push(['get', key]);
			await roundTrip();
			return read(key) ?? null;
		},
		async set(key, value, ttlSeconds) {
			calls.push(['set', key]);
			await roundTrip();
			write(key, value, ttlSeconds);
			return true;
		},
		async setIfAbsent(key, value, ttlSeconds) {
			calls.push(['setIfAbsent', key]);
			await roundTrip();
			// The check and the write happen together, as on Zapier's servers.
			if (read(key) !== undefined) return false;
			write(key, value, ttlSeconds);
			return true;
		},
	};
	return { cache, data, calls };
}

const shared = fakeClock(T0);
describeDedupStoreContract(
	'KeyValueDedupStore over a cache that ignores the ttl',
	() => new KeyValueDedupStore({ cache: fakeCache().cache, clock: shared.clock }),
	{ advance: async (ms) => shared.advance(ms), shortMs: 1_000 },
	{ atomic: false },
);

const sharedExpiring = fakeClock(T0);
describeDedupStoreContract(
	'KeyValueDedupStore over a cache that honours the ttl',
	() =>
		new KeyValueDedupStore({
			cache: expiringCache(sharedExpiring.clock),
			clock: sharedExpiring.clock,
		}),
	// Not whole seconds: the cache keeps entries to the next second, the value says when they lapse.
	{ advance: async (ms) => sharedExpiring.advance(ms), shortMs: 1_500 },
	{ atomic: false },
);

const sharedAtomic = fakeClock(T0);
describeDedupStoreContract(
	'KeyValueDedupStore over a cache with an atomic setIfAbsent',
	() =>
		new KeyValueDedupStore({
			cache: atomicCache(sharedAtomic.clock).cache,
			clock: sharedAtomic.clock,
		}),
	{ advance: async (ms) => sharedAtomic.advance(ms), shortMs: 1_500 },
	{ atomic: true },
);

describe('KeyValueDedupStore with setIfAbsent', () => {
	it('lets exactly one of two copies of a delivery arriving together claim it', async () => {
		const time = fakeClock(T0);
		const { cache, calls } = atomicCache(time.clock);
		const store = new KeyValueDedupStore({ cache, clock: time.clock });
		const outcomes = await Promise.all([
			store.claim('vgen_1:completed', CLAIM_LEASE_MS),
			store.claim('vgen_1:completed', CLAIM_LEASE_MS),
		]);
		expect(outcomes.sort()).toEqual(['claimed', 'in_progress']);
		// Both saw a free key and raced on the atomic set; neither used the plain set.
		expect(calls.filter(([op]) => op === 'setIfAbsent')).toHaveLength(2);
		expect(calls.filter(([op]) => op === 'set')).toHaveLength(0);
	});

	it('tells the losing copy that the delivery is done when the winner completed meanwhile', async () => {
		const time = fakeClock(T0);
		const { cache } = atomicCache(time.clock);
		const winner = new KeyValueDedupStore({ cache, clock: time.clock });
		let completeFirst: Promise<void> | undefined;
		const racing: KeyValueCache = {
			get: (key) => cache.get(key),
			set: (key, value, ttl) => cache.set(key, value, ttl),
			async setIfAbsent(key, value, ttl) {
				// The winner claims and completes between this run's get and its set.
				completeFirst ??= winner
					.claim('k', CLAIM_LEASE_MS)
					.then(() => winner.complete('k', COMPLETED_TTL_MS));
				await completeFirst;
				return (cache.setIfAbsent as NonNullable<KeyValueCache['setIfAbsent']>)(key, value, ttl);
			},
		};
		const loser = new KeyValueDedupStore({ cache: racing, clock: time.clock });
		await expect(loser.claim('k', CLAIM_LEASE_MS)).resolves.toBe('completed');
	});

	it('never reports claimed when its atomic set lost, even if the winner is gone again', async () => {
		const cache: KeyValueCache = {
			get: async () => null,
			set: async () => true,
			setIfAbsent: async () => false,
		};
		const store = new KeyValueDedupStore({ cache, clock: fakeClock(T0).clock });
		await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
	});

	it('takes a key still holding a released marker with a plain set, so a retry is processed', async () => {
		const time = fakeClock(T0);
		const { cache, calls } = atomicCache(time.clock);
		const store = new KeyValueDedupStore({ cache, clock: time.clock });
		await store.claim('k', CLAIM_LEASE_MS);
		await store.release('k');
		calls.length = 0;
		// The released marker lives for its one second in the cache, and set-if-absent cannot take it.
		await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		expect(calls.map(([op]) => op)).toEqual(['get', 'set']);
	});

	it('takes a key with set-if-absent again once the cache has dropped a lapsed lease', async () => {
		const time = fakeClock(T0);
		const { cache, calls } = atomicCache(time.clock);
		const store = new KeyValueDedupStore({ cache, clock: time.clock });
		await store.claim('k', 1_500);
		time.advance(2_000);
		calls.length = 0;
		await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		expect(calls.map(([op]) => op)).toEqual(['get', 'setIfAbsent']);
	});

	it('refuses a setIfAbsent that is not a function', () => {
		const { cache } = fakeCache();
		expect(
			() =>
				new KeyValueDedupStore({
					cache: { ...cache, setIfAbsent: 'yes' as never },
					clock: fakeClock(T0).clock,
				}),
		).toThrow(TypeError);
	});
});

describe('KeyValueDedupStore', () => {
	it('stores one JSON number per key and a ttl in whole seconds, rounded up', async () => {
		const { cache, data, calls } = fakeCache();
		const store = new KeyValueDedupStore({ cache, clock: fakeClock(T0).clock });
		await store.claim('vgen_1:completed', 1_500);
		await store.complete('vgen_1:completed', COMPLETED_TTL_MS);
		expect(calls).toEqual([
			['get', 'vgen_1:completed'],
			['set', 'vgen_1:completed', 2],
			['set', 'vgen_1:completed', COMPLETED_TTL_MS / 1000],
		]);
		expect(typeof JSON.parse(data.get('vgen_1:completed') as string)).toBe('number');
	});

	it('keeps a lease of part-seconds in the cache for as long as it is live', async () => {
		const time = fakeClock(T0);
		const store = new KeyValueDedupStore({ cache: expiringCache(time.clock), clock: time.clock });
		await store.claim('k', 1_500);
		time.advance(1_499);
		await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
	});

	it('puts keyPrefix before every key, so two zaps sharing a cache do not collide', async () => {
		const { cache } = fakeCache();
		const clock = fakeClock(T0).clock;
		const zapA = new KeyValueDedupStore({ cache, clock, keyPrefix: 'zap-a:' });
		const zapB = new KeyValueDedupStore({ cache, clock, keyPrefix: 'zap-b:' });
		await zapA.claim('vgen_1:completed', CLAIM_LEASE_MS);
		await zapA.complete('vgen_1:completed', COMPLETED_TTL_MS);
		await expect(zapB.claim('vgen_1:completed', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		await expect(zapA.claim('vgen_1:completed', CLAIM_LEASE_MS)).resolves.toBe('completed');
	});

	it('does not write on release unless the key holds a lease', async () => {
		const { cache, calls } = fakeCache();
		const store = new KeyValueDedupStore({ cache, clock: fakeClock(T0).clock });
		await store.complete('k', COMPLETED_TTL_MS);
		calls.length = 0;
		await store.release('k');
		await store.release('never-claimed');
		expect(calls.filter(([op]) => op === 'set')).toEqual([]);
	});

	it('is not atomic: two claims racing through the get-then-set gap can both win', async () => {
		// Documents the limit stated in keyValueStore.ts; front ends must not promise exactly-once.
		const store = new KeyValueDedupStore({ cache: fakeCache().cache, clock: fakeClock(T0).clock });
		const outcomes = await Promise.all([
			store.claim('k', CLAIM_LEASE_MS),
			store.claim('k', CLAIM_LEASE_MS),
		]);
		expect(outcomes).toEqual(['claimed', 'claimed']);
	});

	it('surfaces a cache failure as a rejection, for the pipeline to answer 503', async () => {
		const failing: KeyValueCache = {
			get: async () => {
				throw new Error('cache unavailable');
			},
			set: async () => undefined,
		};
		const store = new KeyValueDedupStore({ cache: failing, clock: fakeClock(T0).clock });
		await expect(store.claim('k', CLAIM_LEASE_MS)).rejects.toThrow('cache unavailable');
	});

	it('refuses a cache without get and set, a missing clock and a non-string prefix', () => {
		const { cache } = fakeCache();
		const { clock } = fakeClock(T0);
		expect(() => new KeyValueDedupStore({ cache: {} as never, clock })).toThrow(TypeError);
		expect(() => new KeyValueDedupStore({ cache } as never)).toThrow(TypeError);
		expect(() => new KeyValueDedupStore({ cache, clock, keyPrefix: 1 as never })).toThrow(
			TypeError,
		);
		expect(() => new KeyValueDedupStore(undefined as never)).toThrow(TypeError);
	});
});
