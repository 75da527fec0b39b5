// The de-duplication port. A receiver claims a delivery key before processing it and completes
// it afterwards (the two-phase pattern): a claim is a short lease, so a receiver that crashes
// mid-processing does not block the sender's retry; a completed key is remembered for the
// sender's 7-day window. Simple enough to implement over n8n's workflow static data or Zapier's
// `z.cache`, and atomic where the backing store allows it (Redis `SET NX PX`, `z.cache`'s nx).

/** What `claim` found: it took the key, someone holds a live lease, or the key is done. */
export type ClaimOutcome = 'claimed' | 'in_progress' | 'completed';

/** How long a completed delivery is remembered: the sender's de-duplication window. */
export const COMPLETED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a claim lasts if its holder never completes or releases it. The contract's sender tries
 * at 0, 5 and 30 s (35 s when each gap is counted after the last try): a lease taken at the first
 * try lapses before the third, so a receiver that crashed mid-handler still gets the event by
 * webhook. A handler that needs longer passes its own lease, and a crash then leaves the event to
 * polling.
 */
export const CLAIM_LEASE_MS = 25 * 1000;

export interface DedupStore {
	/** Takes `key` for `leaseMs` unless a live lease or a completed mark exists. Atomic where possible. */
	claim(key: string, leaseMs: number): Promise<ClaimOutcome>;
	/** Marks `key` processed for `ttlMs`, replacing the lease. */
	complete(key: string, ttlMs: number): Promise<void>;
	/**
	 * Drops a lease after processing failed, so the sender's retry is processed. Never drops a
	 * completion. Not tied to the caller's own claim: release only while your lease is live.
	 */
	release(key: string): Promise<void>;
}
