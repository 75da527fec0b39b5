// The trigger's in-process de-duplication: one MemoryDedupStore per workflow, node and mode,
// kept for the life of the n8n process.
// Why not workflow static data: n8n 2.41 loads a trigger's static data afresh for each request and
// saves the whole object afterwards (last writer wins), so two deliveries arriving together both
// miss each other; and what a trigger writes in a request that starts an execution was not saved
// at all in a trial (see docs/n8n.md, "Duplicate executions"). What outlives a restart is n8n's
// database: the Remove Duplicates node after the trigger, keyed on `deliveryKey`.
import { MemoryDedupStore, type DedupStore } from '../../src/core';

/** Keys remembered per trigger node: well past a day of deliveries for most accounts. */
export const MAX_KEYS_PER_TRIGGER = 10_000;

const stores = new Map<string, MemoryDedupStore>();

/** The store for one trigger node; test (`manual`) and production deliveries are kept apart. */
export function dedupStoreFor(workflowId: string, nodeId: string, mode: string): DedupStore {
	const key = `${workflowId}\u0000${nodeId}\u0000${mode}`;
	let store = stores.get(key);
	if (store === undefined) {
		store = new MemoryDedupStore({ clock: Date.now, maxEntries: MAX_KEYS_PER_TRIGGER });
		stores.set(key, store);
	}
	return store;
}
