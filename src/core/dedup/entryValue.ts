// How the stores over plain data (RecordDedupStore, KeyValueDedupStore) write one entry: a single
// number, so it survives any JSON round trip (n8n's static data, Zapier's cache). A lease is the
// negated time it lapses, a completion the time it lapses, both in milliseconds since the epoch.
// Rule: anything else read back (0, a string, an object left by an older version or a hand edit)
// counts as absent, never as a reason to throw: a damaged record must not stop deliveries.

/** A released lease, written where the backing store has no delete; reads as absent. */
export const RELEASED_VALUE = 0;

export function leaseValue(expiresAtMs: number): number {
	return -expiresAtMs;
}

export function completedValue(expiresAtMs: number): number {
	return expiresAtMs;
}

/** What a stored value still means at `nowMs`: a live lease, a live completion, or nothing. */
export function liveState(value: unknown, nowMs: number): 'in_progress' | 'completed' | undefined {
	if (typeof value !== 'number') return undefined;
	// NaN and RELEASED_VALUE fail both comparisons, so they read as absent.
	if (value > nowMs) return 'completed';
	if (-value > nowMs) return 'in_progress';
	return undefined;
}

/** True for a value that is a lease, live or lapsed (a completion is never released). */
export function isLease(value: unknown): boolean {
	return typeof value === 'number' && value < 0;
}
