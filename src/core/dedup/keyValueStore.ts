// A DedupStore over an async key-value cache with `get(key)` and `set(key, value, ttlSeconds)`:
// Zapier's `z.cache` has that shape (values JSON-encoded, ttl whole seconds). Each key maps to
// one number (see entryValue.ts), and the expiry in it is checked on every read, so the store is
// correct even where the cache ignores the ttl (Zapier's `createAppTester` fake does).
//
// Atomic claims: a cache that also offers `setIfAbsent` (Zapier's `z.cache.set(..., nx = true)`,
// applied by Zapier's servers in one step) takes a free key with it, so of two runs that receive
// the same delivery at the same moment exactly one claims it; the other reads back the winner's
// lease. Without `setIfAbsent` a claim is a get, then a set, two round trips with a gap between
// them, and both runs can claim: that narrows the race without closing it.
// Rule it cannot keep even with `setIfAbsent`: a key whose dead entry (a lapsed lease the cache
// keeps to its next whole second, a released marker, an unreadable value) is still stored cannot
// be taken with set-if-absent, so that key is claimed by get-then-set as before. The window is
// the second or so before the cache drops the entry, or forever over a cache that ignores ttls.
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
	/**
	 * Optional: stores `value` only if `key` holds nothing, as one atomic step, and resolves `true`
	 * exactly when it stored it. With it, claims of a free key are atomic.
	 */
	setIfAbsent?(key: string, value: number, ttlSeconds: number): Promise<boolean>;
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

	/**
	 * @throws TypeError when `cache` lacks get/set or has a `setIfAbsent` that is not a function,
	 *   `clock` is not a function or `keyPrefix` is not a string.
	 */
	constructor(options: KeyValueDedupStoreOptions) {
		const { cache, clock, keyPrefix = '' } = options ?? {};
		if (typeof cache?.get !== 'function' || typeof cache?.set !== 'function') {
			throw new TypeError(
				'KeyValueDedupStore needs a cache with get(key) and set(key, value, ttl).',
			);
		}
		if (cache.setIfAbsent !== undefined && typeof cache.setIfAbsent !== 'function') {
			throw new TypeError('KeyValueDedupStore: cache.setIfAbsent, when given, must be a function.');
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
		const lease = leaseValue(now + leaseMs);
		if (this.cache.setIfAbsent !== undefined && isAbsent(stored)) {
			return this.claimFreeKey(this.cache.setIfAbsent.bind(this.cache), key, lease, leaseMs);
		}
		await this.cache.set(this.keyPrefix + key, lease, ttlSeconds(leaseMs));
		return 'claimed';
	}

	/** Takes a key the cache held nothing for; a run that loses the race reports what won. */
	private async claimFreeKey(
		setIfAbsent: NonNullable<KeyValueCache['setIfAbsent']>,
		key: string,
		lease: number,
		leaseMs: number,
	): Promise<ClaimOutcome> {
		if ((await setIfAbsent(this.keyPrefix + key, lease, ttlSeconds(leaseMs))) === true) {
			return 'claimed';
		}
		const winner = await this.cache.get(this.keyPrefix + key);
		// Another run wrote between our get and our set. Should its entry be gone again already
		// (released at once), it was still someone else's claim: never report 'claimed' here.
		return liveState(winner, this.clock()) ?? 'in_progress';
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

/** What a cache answers for a key it holds nothing for. */
function isAbsent(stored: unknown): boolean {
	return stored === null || stored === undefined;
}

/** Whole seconds, rounded up, so the cache keeps an entry at least as long as it is live. */
function ttlSeconds(ms: number): number {
	return Math.max(1, Math.ceil(ms / 1000));
}
