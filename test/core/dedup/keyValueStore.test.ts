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
