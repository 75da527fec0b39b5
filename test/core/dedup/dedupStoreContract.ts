// The behaviour every DedupStore promises, written once and run against each store (the memory
// store with a fake clock, the Redis store against a real redis-server in real time). Rule: time
// only ever moves forward past an expiry here, never "not yet expired after X ms", so a slow
// machine cannot turn a real-time run into a false failure.
import type { DedupStore } from '../../../src/core/dedup';

export interface DedupStoreTime {
	/** Lets at least `ms` pass for the store: moves a fake clock, or waits in real time. */
	advance(ms: number): Promise<void>;
	/** A lease or TTL short enough to wait out in a test. */
	shortMs: number;
}

export interface DedupStoreContractOptions {
	/**
	 * Whether claims are atomic (default true). A get-then-set store over an async cache is not,
	 * so the race test does not apply to it.
	 */
	atomic?: boolean;
}

/** Long enough that no test outlives it. */
const LONG_MS = 10 * 60 * 1000;

export function describeDedupStoreContract(
	name: string,
	makeStore: () => DedupStore,
	time: DedupStoreTime,
	{ atomic = true }: DedupStoreContractOptions = {},
): void {
	describe(`${name}: DedupStore contract`, () => {
		let store: DedupStore;
		beforeEach(() => {
			store = makeStore();
		});

		it('the first claim of a delivery wins', async () => {
			await expect(store.claim('vgen_1:completed', LONG_MS)).resolves.toBe('claimed');
		});

		it('a second claim while the lease is live reports in_progress', async () => {
			await store.claim('vgen_1:completed', LONG_MS);
			await expect(store.claim('vgen_1:completed', LONG_MS)).resolves.toBe('in_progress');
		});

		it('claims of different keys do not interfere', async () => {
			await store.claim('vgen_1:completed', LONG_MS);
			await store.complete('vgen_1:completed', LONG_MS);
			await expect(store.claim('vgen_1:failed', LONG_MS)).resolves.toBe('claimed');
			await expect(store.claim('vgen_2:completed', LONG_MS)).resolves.toBe('claimed');
		});

		it('a completed delivery reports completed to every later claim', async () => {
			await store.claim('k', LONG_MS);
			await store.complete('k', LONG_MS);
			await expect(store.claim('k', LONG_MS)).resolves.toBe('completed');
			await expect(store.claim('k', LONG_MS)).resolves.toBe('completed');
		});

		it('a released lease lets the sender retry be processed', async () => {
			await store.claim('k', LONG_MS);
			await store.release('k');
			await expect(store.claim('k', LONG_MS)).resolves.toBe('claimed');
		});

		it('a late release does not erase a completion', async () => {
			await store.claim('k', LONG_MS);
			await store.complete('k', LONG_MS);
			await store.release('k');
			await expect(store.claim('k', LONG_MS)).resolves.toBe('completed');
		});

		it('complete without a claim still marks the delivery done', async () => {
			await store.complete('k', LONG_MS);
			await expect(store.claim('k', LONG_MS)).resolves.toBe('completed');
		});

		it('releasing a key nobody claimed changes nothing', async () => {
			await store.release('never-claimed');
			await expect(store.claim('never-claimed', LONG_MS)).resolves.toBe('claimed');
		});

		it('an expired lease lets the retry in (a crashed receiver does not block it)', async () => {
			await store.claim('k', time.shortMs);
			await time.advance(time.shortMs);
			await expect(store.claim('k', LONG_MS)).resolves.toBe('claimed');
			await expect(store.claim('k', LONG_MS)).resolves.toBe('in_progress');
		});

		it('a completion replaces the lease, so it outlives the lease', async () => {
			await store.claim('k', time.shortMs);
			await store.complete('k', LONG_MS);
			await time.advance(time.shortMs);
			await expect(store.claim('k', LONG_MS)).resolves.toBe('completed');
		});

		it('a completion is forgotten once its TTL has passed', async () => {
			await store.claim('k', LONG_MS);
			await store.complete('k', time.shortMs);
			await time.advance(time.shortMs);
			await expect(store.claim('k', LONG_MS)).resolves.toBe('claimed');
		});

		if (atomic) {
			it('of many simultaneous claims of one key exactly one wins', async () => {
				const outcomes = await Promise.all(
					Array.from({ length: 25 }, () => store.claim('k', LONG_MS)),
				);
				expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
				expect(outcomes.filter((o) => o === 'in_progress')).toHaveLength(24);
			});
		}

		it('rejects a key that is not a non-empty string with TypeError', async () => {
			await expect(store.claim('', LONG_MS)).rejects.toThrow(TypeError);
			await expect(store.claim(42 as unknown as string, LONG_MS)).rejects.toThrow(TypeError);
			await expect(store.complete(undefined as unknown as string, LONG_MS)).rejects.toThrow(
				TypeError,
			);
			await expect(store.release(null as unknown as string)).rejects.toThrow(TypeError);
		});

		it('rejects a lease or TTL that is not a positive number', async () => {
			await expect(store.claim('k', 0)).rejects.toThrow(RangeError);
			await expect(store.claim('k', Number.NaN)).rejects.toThrow(RangeError);
			await expect(store.complete('k', -1)).rejects.toThrow(RangeError);
			await expect(store.claim('k', '100' as unknown as number)).rejects.toThrow(TypeError);
			// None of the refused calls took the key.
			await expect(store.claim('k', LONG_MS)).resolves.toBe('claimed');
		});
	});
}
