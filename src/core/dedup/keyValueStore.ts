// A DedupStore over an async key-value cache with `get(key)` and `set(key, value, ttlSeconds)`:
// Zapier's `z.cache` has that shape (values JSON-encoded, ttl whole seconds). Each key maps to
// one number (see entryValue.ts), and the expiry in it is checked on every read, so the store is
// correct even where the cache ignores the ttl (Zapier's `createAppTester` fake does).
// Rule it cannot keep: a claim is a get, then a set, two round trips with a gap between them, so
// two runs that receive the same delivery at the same moment can both claim it. This narrows the
// race to that gap; it does not close it. Use it where the platform offers nothing atomic, and
// say so to users (the Zapier trigger outputs the de-duplication key so a zap can filter on it).
// A release is likewise a get then a set: it writes a released marker rather than deleting.
import type { Clock } from '../ports';
import { RELEASED_VALUE, completedValue, isLease, leaseValue, liveState } from './entryValue';
import type { ClaimOutcome, DedupStore } from './store';
import { assertDedupKey, assertPositiveMs } from './validate';

/** The cache shape this store needs; `z.cache` fits it. */
export interface KeyValueCache {
	/** The stored value, or null/undefined when absent or expired. */
	get(key: string): Promise<unknown>;
	/** Stores `value` for about `ttlSeconds` (a whole number, at least 1). */
	set(key: string, value: number, ttlSeconds: number): Promise<unknown>;
}

export interface KeyValueDedupStoreOptions {
	cache: KeyValueCache;
	/** Milliseconds since the epoch. */
	clock: Clock;
	/**
	 * Put before every key. A cache shared by several consumers (z.cache is shared by every zap of
	 * a user) needs one per consumer, or one zap's delivery would read as a duplicate in another.
	 */
	keyPrefix?: string;
}

/** A released marker only has to read as absent; the cache may drop it at once. */
const RELEASED_TTL_SECONDS = 1;

export class KeyValueDedupStore implements DedupStore {
	private readonly cache: KeyValueCache;
	private readonly clock: Clock;
	private readonly keyPrefix: string;

	/** @throws TypeError when `cache` lacks get/set, `clock` is not a function or `keyPrefix` is not a string. */
	constructor(options: KeyValueDedupStoreOptions) {
		const { cache, clock, keyPrefix = '' } = options ?? {};
		if (typeof cache?.get !== 'function' || typeof cache?.set !== 'function') {
			throw new TypeError(
				'KeyValueDedupStore needs a cache with get(key) and set(key, value, ttl).',
			);
		}
		if (typeof clock !== 'function') {
			throw new TypeError('KeyValueDedupStore needs a clock: a function returning milliseconds.');
		}
		if (typeof keyPrefix !== 'string') throw new TypeError('keyPrefix must be a string.');
		this.cache = cache;
		this.clock = clock;
		this.keyPrefix = keyPrefix;
	}

	async claim(key: string, leaseMs: number): Promise<ClaimOutcome> {
		assertDedupKey(key);
		assertPositiveMs(leaseMs, 'leaseMs');
		const stored = await this.cache.get(this.keyPrefix + key);
		// Read the clock after the round trip: the entry is judged at the moment it was seen.
		const now = this.clock();
		const live = liveState(stored, now);
		if (live !== undefined) return live;
		await this.cache.set(this.keyPrefix + key, leaseValue(now + leaseMs), ttlSeconds(leaseMs));
		return 'claimed';
	}

	async complete(key: string, ttlMs: number): Promise<void> {
		assertDedupKey(key);
		assertPositiveMs(ttlMs, 'ttlMs');
		const now = this.clock();
		await this.cache.set(this.keyPrefix + key, completedValue(now + ttlMs), ttlSeconds(ttlMs));
	}

	async release(key: string): Promise<void> {
		assertDedupKey(key);
		// Never overwrite a completion: a late release must not let the sender's retry in twice.
		if (!isLease(await this.cache.get(this.keyPrefix + key))) return;
		await this.cache.set(this.keyPrefix + key, RELEASED_VALUE, RELEASED_TTL_SECONDS);
	}
}

/** Whole seconds, rounded up, so the cache keeps an entry at least as long as it is live. */
function ttlSeconds(ms: number): number {
	return Math.max(1, Math.ceil(ms / 1000));
}
