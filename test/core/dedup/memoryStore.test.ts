import fc from 'fast-check';

import {
	CLAIM_LEASE_MS,
	COMPLETED_TTL_MS,
	DEFAULT_MAX_ENTRIES,
	MemoryDedupStore,
	type ClaimOutcome,
} from '../../../src/core/dedup';
import { describeDedupStoreContract } from './dedupStoreContract';
import { fakeClock } from '../../support/fakeClock';

const T0 = 1_800_000_000_000;

const shared = fakeClock(T0);
describeDedupStoreContract(
	'MemoryDedupStore',
	() => new MemoryDedupStore({ clock: shared.clock }),
	{
		advance: async (ms) => shared.advance(ms),
		shortMs: 1_000,
	},
);

describe('MemoryDedupStore', () => {
	describe('expiry, to the millisecond of the injected clock', () => {
		it('a lease holds until leaseMs have passed, and not a millisecond longer', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock });
			await store.claim('k', CLAIM_LEASE_MS);
			time.advance(CLAIM_LEASE_MS - 1);
			await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
			time.advance(1);
			await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});

		it('a completion is remembered for the whole 7-day window, then forgotten', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock });
			await store.claim('k', CLAIM_LEASE_MS);
			await store.complete('k', COMPLETED_TTL_MS);
			time.advance(COMPLETED_TTL_MS - 1);
			await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('completed');
			time.advance(1);
			await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});

		it('the TTL counts from complete, not from the claim', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock });
			await store.claim('k', CLAIM_LEASE_MS);
			time.advance(30_000);
			await store.complete('k', 100_000);
			time.advance(99_999);
			await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('completed');
		});

		it('releasing an expired lease that was not reclaimed leaves the key free', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock });
			await store.claim('k', 1_000);
			time.advance(5_000);
			await store.release('k');
			await expect(store.claim('k', 1_000)).resolves.toBe('claimed');
		});

		it('expired entries are removed, not held until eviction', async () => {
			const time = fakeClock(T0);
			const store = new MemoryDedupStore({ clock: time.clock, maxEntries: 1_000 });
			for (let i = 0; i < 100; i++) await store.claim(`expiring-${i}`, 1_000);
			time.advance(1_000);
			// Rewriting one key walks through every slot, so the store compacts several times.
			for (let i = 0; i < 3_000; i++) await store.complete('live', COMPLETED_TTL_MS);
			expect(store.size).toBe(1);
		});
	});

	describe('bounded size', () => {
		it('when full, the least recently written key is evicted', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock, maxEntries: 3 });
			for (const key of ['a', 'b', 'c', 'd']) await store.claim(key, CLAIM_LEASE_MS);
			expect(store.size).toBe(3);
			for (const key of ['b', 'c', 'd']) {
				await expect(store.claim(key, CLAIM_LEASE_MS)).resolves.toBe('in_progress');
			}
			await expect(store.claim('a', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});

		it('completing a key makes it the newest, so an older lease goes first', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock, maxEntries: 3 });
			for (const key of ['a', 'b', 'c']) await store.claim(key, CLAIM_LEASE_MS);
			await store.complete('a', COMPLETED_TTL_MS);
			await store.claim('d', CLAIM_LEASE_MS);
			await expect(store.claim('a', CLAIM_LEASE_MS)).resolves.toBe('completed');
			await expect(store.claim('b', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});

		it('a rejected claim does not refresh a key', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock, maxEntries: 2 });
			await store.claim('a', CLAIM_LEASE_MS);
			await store.claim('b', CLAIM_LEASE_MS);
			await store.claim('a', CLAIM_LEASE_MS); // in_progress: a is still the oldest
			await store.claim('c', CLAIM_LEASE_MS);
			await expect(store.claim('b', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
		});

		it('holds exactly the newest maxEntries keys after many more writes', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock, maxEntries: 100 });
			for (let i = 0; i < 10_000; i++) {
				await store.claim(`k${i}`, CLAIM_LEASE_MS);
				if (i % 3 === 0) await store.complete(`k${i}`, COMPLETED_TTL_MS);
			}
			expect(store.size).toBe(100);
			for (let i = 9_900; i < 10_000; i++) {
				const expected: ClaimOutcome = i % 3 === 0 ? 'completed' : 'in_progress';
				await expect(store.claim(`k${i}`, CLAIM_LEASE_MS)).resolves.toBe(expected);
			}
			await expect(store.claim('k9899', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});

		it('holds 100,000 keys by default', async () => {
			const store = new MemoryDedupStore({ clock: fakeClock(T0).clock });
			for (let i = 0; i <= DEFAULT_MAX_ENTRIES; i++) await store.claim(`k${i}`, CLAIM_LEASE_MS);
			expect(store.size).toBe(DEFAULT_MAX_ENTRIES);
			await expect(store.claim('k1', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
			await expect(store.claim('k0', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		});
	});

	describe('agrees with a plain reference model under random operations', () => {
		type Op =
			| { kind: 'claim'; key: string; ms: number }
			| { kind: 'complete'; key: string; ms: number }
			| { kind: 'release'; key: string }
			| { kind: 'advance'; ms: number };
		const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
		const ms = fc.integer({ min: 1, max: 50 });
		const writes = [
			fc.record({ kind: fc.constant('claim' as const), key, ms }),
			fc.record({ kind: fc.constant('complete' as const), key, ms }),
			fc.record({ kind: fc.constant('release' as const), key }),
		];

		/** The obvious implementation: an array in write order, scanned on every call. */
		class ReferenceStore {
			private entries: { key: string; done: boolean; until: number }[] = [];
			constructor(
				private readonly now: () => number,
				private readonly max: number,
			) {}
			claim(k: string, leaseMs: number): ClaimOutcome {
				const found = this.entries.find((e) => e.key === k);
				if (found && found.until > this.now()) return found.done ? 'completed' : 'in_progress';
				this.write(k, false, leaseMs);
				return 'claimed';
			}
			complete(k: string, ttlMs: number): void {
				this.write(k, true, ttlMs);
			}
			release(k: string): void {
				const found = this.entries.find((e) => e.key === k);
				if (found && !found.done) this.entries = this.entries.filter((e) => e !== found);
			}
			private write(k: string, done: boolean, ms: number): void {
				const before = this.entries.length;
				this.entries = this.entries.filter((e) => e.key !== k);
				if (this.entries.length === before && this.entries.length >= this.max) this.entries.shift();
				this.entries.push({ key: k, done, until: this.now() + ms });
			}
		}

		async function runBoth(ops: Op[], maxEntries: number): Promise<void> {
			const time = fakeClock(0);
			const store = new MemoryDedupStore({ clock: time.clock, maxEntries });
			const reference = new ReferenceStore(time.clock, maxEntries);
			for (const op of ops) {
				if (op.kind === 'advance') time.advance(op.ms);
				else if (op.kind === 'claim') {
					expect(await store.claim(op.key, op.ms)).toBe(reference.claim(op.key, op.ms));
				} else if (op.kind === 'complete') {
					await store.complete(op.key, op.ms);
					reference.complete(op.key, op.ms);
				} else {
					await store.release(op.key);
					reference.release(op.key);
				}
			}
			for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
				expect(await store.claim(k, 1)).toBe(reference.claim(k, 1));
			}
		}

		it('with time passing and room for every key (expiry, compaction)', async () => {
			const op = fc.oneof(
				...writes,
				fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
			);
			await fc.assert(
				fc.asyncProperty(fc.array(op, { maxLength: 400 }), (ops) => runBoth(ops, 100)),
			);
		});

		it('with eviction at small sizes and time standing still', async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.array(fc.oneof(...writes), { maxLength: 300 }),
					fc.integer({ min: 1, max: 6 }),
					(ops, maxEntries) => runBoth(ops, maxEntries),
				),
			);
		});
	});

	describe('construction', () => {
		it('requires a clock, since the core has no time of its own', () => {
			expect(() => new MemoryDedupStore({} as never)).toThrow(TypeError);
			expect(() => new MemoryDedupStore(undefined as never)).toThrow(TypeError);
		});

		it('refuses a maxEntries that is not a positive integer', () => {
			const { clock } = fakeClock(T0);
			expect(() => new MemoryDedupStore({ clock, maxEntries: 0 })).toThrow(RangeError);
			expect(() => new MemoryDedupStore({ clock, maxEntries: 1.5 })).toThrow(RangeError);
			expect(() => new MemoryDedupStore({ clock, maxEntries: '10' as never })).toThrow(TypeError);
		});
	});
});
