// A bounded, TTL-aware DedupStore held in this process's memory: for the CLI, the sandbox and
// single-process Node receivers (several processes need the Redis store). Rules it must not
// break: claim, complete and release each run to the end without an await, so within one process
// a check and its set are one atomic step; it never holds more than `maxEntries` keys (the entry
// written least recently is evicted first); an expired lease or completion counts as absent.
//
// Layout, chosen to stay under 100 bytes a key at a million keys (bench/dedupMemory.bench.ts):
// the Map goes from a key to a slot number (a small integer, which V8 stores unboxed); the slot's
// state and expiry live in typed arrays, and its key in a plain array, in write order. Eviction
// walks that order from its head, so it costs O(1) amortised. (Taking the oldest key from a
// fresh `map.keys()` iterator instead scans the deleted entries V8 leaves at the front of the
// table: measured at 50 microseconds per eviction at 100,000 keys.) Rewriting a key moves it to a
// new slot at the tail and leaves a hole; when the tail reaches the end of the arrays they are
// compacted, dropping holes and expired entries, grown or shrunk on the way.

import type { Clock } from '../ports';
import type { ClaimOutcome, DedupStore } from './store';
import { assertDedupKey, assertPositiveMs } from './validate';

/** Keys held by default: about 10 MB at the measured size per key. */
export const DEFAULT_MAX_ENTRIES = 100_000;

/** The smallest slot arrays allocated, so a small store does not compact every few writes. */
const MIN_SLOTS = 64;

/** Slots beyond `maxEntries`: compaction then frees at least a quarter of them, so it stays O(1) amortised. */
const SLOT_HEADROOM_RATIO = 0.25;

const EMPTY = 0;
const LEASED = 1;
const COMPLETED = 2;
type SlotState = typeof EMPTY | typeof LEASED | typeof COMPLETED;

export interface MemoryDedupStoreOptions {
	/** Milliseconds since the epoch; the core has no clock of its own. */
	clock: Clock;
	/** Most keys held at once; the least recently written is evicted to make room. */
	maxEntries?: number;
}

export class MemoryDedupStore implements DedupStore {
	private readonly clock: Clock;
	private readonly maxEntries: number;
	private readonly maxSlots: number;
	private readonly slotOf = new Map<string, number>();
	private keys: (string | undefined)[];
	private states: Uint8Array;
	/** Milliseconds since the epoch at which the slot's lease or completion lapses. */
	private expiresAt: Float64Array;
	/** First slot that may be in use: every slot before it is empty. */
	private head = 0;
	/** Next slot to write. */
	private tail = 0;

	/**
	 * @throws TypeError when `clock` is not a function or `maxEntries` is not a number.
	 * @throws RangeError when `maxEntries` is not a positive integer.
	 */
	constructor(options: MemoryDedupStoreOptions) {
		const { clock, maxEntries = DEFAULT_MAX_ENTRIES } = options ?? {};
		if (typeof clock !== 'function') {
			throw new TypeError('MemoryDedupStore needs a clock: a function returning milliseconds.');
		}
		if (typeof maxEntries !== 'number') {
			throw new TypeError('maxEntries must be a number.');
		}
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new RangeError('maxEntries must be a positive integer.');
		}
		this.clock = clock;
		this.maxEntries = maxEntries;
		this.maxSlots = maxEntries + Math.max(1, Math.ceil(maxEntries * SLOT_HEADROOM_RATIO));
		const slots = Math.min(MIN_SLOTS, this.maxSlots);
		this.keys = newKeyArray(slots);
		this.states = new Uint8Array(slots);
		this.expiresAt = new Float64Array(slots);
	}

	/** Keys held, counting expired ones not yet removed. Never more than `maxEntries`. */
	get size(): number {
		return this.slotOf.size;
	}

	claim(key: string, leaseMs: number): Promise<ClaimOutcome> {
		try {
			assertDedupKey(key);
			assertPositiveMs(leaseMs, 'leaseMs');
			const now = this.clock();
			const slot = this.slotOf.get(key);
			if (slot !== undefined && this.expiresAt[slot] > now) {
				return Promise.resolve(this.states[slot] === COMPLETED ? 'completed' : 'in_progress');
			}
			// Absent or expired: an expired entry is simply overwritten.
			this.write(key, LEASED, now + leaseMs, now);
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
			this.write(key, COMPLETED, now + ttlMs, now);
			return Promise.resolve();
		} catch (error) {
			return Promise.reject(error);
		}
	}

	release(key: string): Promise<void> {
		try {
			assertDedupKey(key);
			const slot = this.slotOf.get(key);
			// A completion outlives any release: a late release after complete must not let the
			// sender's retry be processed twice.
			if (slot !== undefined && this.states[slot] === LEASED) {
				this.clearSlot(key, slot);
			}
			return Promise.resolve();
		} catch (error) {
			return Promise.reject(error);
		}
	}

	private clearSlot(key: string, slot: number): void {
		this.slotOf.delete(key);
		this.keys[slot] = undefined;
		this.states[slot] = EMPTY;
	}

	/**
	 * Writes `key` at the tail, the newest position. A key already present keeps its Map entry and
	 * only changes slot: deleting and re-adding it would leave a deleted entry in V8's table each
	 * time, and the table would grow to twice the keys it holds.
	 */
	private write(key: string, state: SlotState, expiresAt: number, now: number): void {
		const previous = this.slotOf.get(key);
		if (previous !== undefined) {
			// Until the set below, the Map points at this emptied slot; compact() skips empty slots.
			this.keys[previous] = undefined;
			this.states[previous] = EMPTY;
		} else if (this.slotOf.size >= this.maxEntries) {
			this.evictOldest();
		}
		if (this.tail === this.keys.length) this.compact(now);
		const slot = this.tail++;
		if (previous === undefined) flatten(key);
		this.keys[slot] = key;
		this.states[slot] = state;
		this.expiresAt[slot] = expiresAt;
		this.slotOf.set(key, slot);
	}

	private evictOldest(): void {
		// Every slot in [head, tail) that is in use holds a key, and the store is not empty here.
		while (this.states[this.head] === EMPTY) this.head++;
		this.clearSlot(this.keys[this.head] as string, this.head);
		this.head++;
	}

	/** Moves the live entries, in order, to the front of arrays sized for what is left. */
	private compact(now: number): void {
		for (let slot = this.head; slot < this.tail; slot++) {
			const key = this.keys[slot];
			if (key !== undefined && this.expiresAt[slot] <= now) this.clearSlot(key, slot);
		}
		const live = this.slotOf.size;
		// write() evicted first, so live <= maxEntries < maxSlots: room for at least a quarter more.
		const slots = Math.min(this.maxSlots, Math.max(MIN_SLOTS, 2 * (live + 1)));
		const keys = newKeyArray(slots);
		const states = new Uint8Array(slots);
		const expiresAt = new Float64Array(slots);
		let next = 0;
		for (let slot = this.head; slot < this.tail; slot++) {
			const key = this.keys[slot];
			if (key === undefined) continue;
			keys[next] = key;
			states[next] = this.states[slot];
			expiresAt[next] = this.expiresAt[slot];
			this.slotOf.set(key, next);
			next++;
		}
		this.keys = keys;
		this.states = states;
		this.expiresAt = expiresAt;
		this.head = 0;
		this.tail = next;
	}
}

/**
 * `length` empty key slots. The fill keeps V8's fast element storage: a bare `new Array(length)`
 * of some tens of millions switches to dictionary storage, several times the size.
 */
function newKeyArray(length: number): (string | undefined)[] {
	return new Array<string | undefined>(length).fill(undefined);
}

/**
 * Makes V8 store `key` as one flat string. A key built by concatenation (`${id}:completed`) is a
 * rope of two or three string objects, about twice the bytes of the flat string; reading a
 * character flattens it, and the next garbage collection drops the rope for the flat copy.
 * Measured at a million keys: about 190 bytes a key without this, about 90 with it.
 */
function flatten(key: string): void {
	key.charCodeAt(0);
}
