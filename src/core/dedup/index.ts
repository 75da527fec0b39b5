export type { ClaimOutcome, DedupStore } from './store';
export { CLAIM_LEASE_MS, COMPLETED_TTL_MS } from './store';
export type { MemoryDedupStoreOptions } from './memoryStore';
export { DEFAULT_MAX_ENTRIES, MemoryDedupStore } from './memoryStore';
export { assertDedupKey, assertPositiveMs } from './validate';
export type { RecordDedupStoreOptions } from './recordStore';
export { DEFAULT_RECORD_MAX_ENTRIES, RecordDedupStore } from './recordStore';
export type { KeyValueCache, KeyValueDedupStoreOptions } from './keyValueStore';
export { KeyValueDedupStore } from './keyValueStore';
