export type { ClaimOutcome, DedupStore } from './store';
export { CLAIM_LEASE_MS, COMPLETED_TTL_MS } from './store';
export type { MemoryDedupStoreOptions } from './memoryStore';
export { DEFAULT_MAX_ENTRIES, MemoryDedupStore } from './memoryStore';
export { assertDedupKey, assertPositiveMs } from './validate';
