// De-duplication of deliveries on Zapier: the core's KeyValueDedupStore over `z.cache`, with the
// cache's `nx` flag as the atomic set-if-absent, so two copies of one delivery arriving at the
// same moment start one run (Zapier's servers apply `nx` in one step). Keys are prefixed per zap:
// z.cache is shared by every zap of the app, and a delivery one zap handled must still reach another.
import type { Bundle, ZObject } from 'zapier-platform-core';

import { KeyValueDedupStore, type KeyValueCache } from '../../src/core';

export function zapierCache(z: ZObject): KeyValueCache {
	return {
		get: (key) => z.cache.get(key),
		set: (key, value, ttlSeconds) => z.cache.set(key, value, ttlSeconds),
		setIfAbsent: async (key, value, ttlSeconds) =>
			(await z.cache.set(key, value, ttlSeconds, undefined, true)) === true,
	};
}

export function deliveryStore(z: ZObject, bundle: Bundle): KeyValueDedupStore {
	return new KeyValueDedupStore({
		cache: zapierCache(z),
		clock: Date.now,
		keyPrefix: `creativeai:delivery:${zapIdentity(z, bundle)}:`,
	});
}

/** The zap's id; else a hash of its hook URL, which is unique to the zap too. */
function zapIdentity(z: ZObject, bundle: Bundle): string {
	const zapId = (bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id;
	if (zapId !== undefined && zapId !== null && String(zapId) !== '') return `zap-${String(zapId)}`;
	if (typeof bundle.targetUrl === 'string' && bundle.targetUrl !== '') {
		return `hook-${z.hash('sha256', bundle.targetUrl).slice(0, 16)}`;
	}
	return 'any';
}
