// A DedupStore over a plain, mutable JSON object that the caller owns and persists: n8n's
// `getWorkflowStaticData('node')` is such an object, and n8n saves it after each execution. Each
// key maps to one number (see entryValue.ts), so the record stays JSON-safe.
// Rules it must not break: claim, complete and release run to the end without an await, so within
// one process a check and its set are one atomic step; every change is a plain assignment or a
// `delete` (n8n wraps static data in a Proxy whose set and deleteProperty traps mark it changed;
// `Object.defineProperty` would slip past them and the change would never be saved); each write
// first drops expired and unreadable entries, then the oldest ones beyond `maxEntries`.
//
// Order is the object's key order, which JavaScript keeps as insertion order except for keys that
// look like array indices ("42"), which always come first in numeric order: such keys are evicted
// in that order instead of by age. The receive pipeline's keys (`<id>:<status>`) never look like
// that. A key named `__proto__` cannot be stored by assignment, so it is never de-duplicated.
// Pruning walks the whole record, O(maxEntries) per write: fine for the few deliveries an n8n
// execution handles, not for a busy shared receiver (use the memory or Redis store there).
import type { Clock } from '../ports';
import { completedValue, isLease, leaseValue, liveState } from './entryValue';
import type { ClaimOutcome, DedupStore } from './store';
import { assertDedupKey, assertPositiveMs } from './validate';

/** Keys kept by default: about 40 KB of static data at the pipeline's ~40-byte entries. */
export const DEFAULT_RECORD_MAX_ENTRIES = 1000;

export interface RecordDedupStoreOptions {
	/** The object entries are kept in, mutated in place; keep nothing else in it. */
	record: Record<string, number>;
	/** Milliseconds since the epoch; entries hold absolute times, so they survive a restart. */
	clock: Clock;
	/** Most keys kept; the oldest written is dropped first. */
	maxEntries?: number;
}

export class RecordDedupStore implements DedupStore {
	private readonly record: Record<string, unknown>;
	private readonly clock: Clock;
	private readonly maxEntries: number;

	/**
	 * @throws TypeError when `record` is not a plain object, `clock` is not a function or
	 *   `maxEntries` is not a number.
	 * @throws RangeError when `maxEntries` is not a positive integer.
	 */
	constructor(options: RecordDedupStoreOptions) {
		const { record, clock, maxEntries = DEFAULT_RECORD_MAX_ENTRIES } = options ?? {};
		if (typeof record !== 'object' || record === null || Array.isArray(record)) {
			throw new TypeError('RecordDedupStore needs a record: a plain object it may write to.');
		}
		if (typeof clock !== 'function') {
			throw new TypeError('RecordDedupStore needs a clock: a function returning milliseconds.');
		}
		if (typeof maxEntries !== 'number') throw new TypeError('maxEntries must be a number.');
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new RangeError('maxEntries must be a positive integer.');
		}
		this.record = record;
		this.clock = clock;
		this.maxEntries = maxEntries;
	}

	/** Keys in the record, counting expired ones not yet pruned. */
	get size(): number {
		return Object.keys(this.record).length;
	}

	claim(key: string, leaseMs: number): Promise<ClaimOutcome> {
		try {
			assertDedupKey(key);
			assertPositiveMs(leaseMs, 'leaseMs');
			const now = this.clock();
			const live = liveState(this.read(key), now);
			if (live !== undefined) return Promise.resolve(live);
			this.write(key, leaseValue(now + leaseMs), now);
			return Promise.resolve('claimed');
		} catch (error) {
			return Promise.reject(error);
		}
	}

	complete(key: string, ttlMs: number): Promise<void> {
		try {
			assertDedupKey(key);
			assertPositiveMs(ttlMs, 'ttlMs');
			const now = this.clock();
			this.write(key, completedValue(now + ttlMs), now);
			return Promise.resolve();
		} catch (error) {
			return Promise.reject(error);
		}
	}

	release(key: string): Promise<void> {
		try {
			assertDedupKey(key);
			// A completion outlives any release, so a late release never lets a retry in twice.
			if (isLease(this.read(key))) delete this.record[key];
			return Promise.resolve();
		} catch (error) {
			return Promise.reject(error);
		}
	}

	/** Own entries only: `record.constructor` and friends are not stored keys. */
	private read(key: string): unknown {
		return Object.hasOwn(this.record, key) ? this.record[key] : undefined;
	}

	/** Writes `key` as the newest entry, after making room. */
	private write(key: string, value: number, now: number): void {
		// Deleting first moves a rewritten key to the end of the key order, the newest position.
		delete this.record[key];
		this.prune(now);
		this.record[key] = value;
	}

	/** Drops lapsed and unreadable entries, then the oldest until one more key fits. */
	private prune(now: number): void {
		const live: string[] = [];
		for (const key of Object.keys(this.record)) {
			if (liveState(this.record[key], now) === undefined) delete this.record[key];
			else live.push(key);
		}
		const excess = live.length - (this.maxEntries - 1);
		for (let i = 0; i < excess; i++) delete this.record[live[i]];
	}
}
