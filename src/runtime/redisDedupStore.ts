// A DedupStore on Redis (ioredis), shared by every process that talks to the same Redis.
// Rules it must not break: a claim is one atomic step on the server (a Lua script: SET NX PX,
// and on failure a GET in the same script to tell a lease from a completion), so two receivers
// never both get 'claimed' for a live key; a release deletes the key only while it still holds a
// lease (compare-and-delete), so a late release never erases a completion. Expiry is Redis's own
// PX, so no process's clock is involved. Lua rather than `SET ... NX GET` because the latter
// needs Redis 7, and managed Redis 6 is still common.
import type { ChainableCommander, Redis } from 'ioredis';

import type { ClaimOutcome, DedupStore } from '../core/dedup/store';
import { assertDedupKey, assertPositiveMs } from '../core/dedup/validate';

export const DEFAULT_REDIS_DEDUP_KEY_PREFIX = 'creativeai:dedup:';

/** The value of a key held by a lease; anything else (`COMPLETED_VALUE`) is a completion. */
const LEASE_VALUE = 'lease';
const COMPLETED_VALUE = 'done';

/** KEYS[1] key; ARGV[1] lease value, ARGV[2] lease ms, ARGV[3] completed value. */
const CLAIM_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return 'claimed'
end
if redis.call('GET', KEYS[1]) == ARGV[3] then
	return 'completed'
end
return 'in_progress'
`;

/** KEYS[1] key; ARGV[1] lease value. Deletes the key only while it holds a lease. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`;

// ioredis adds these methods at run time (defineCommand); its types cannot know them.
const CLAIM_COMMAND = 'creativeaiDedupClaim';
const RELEASE_COMMAND = 'creativeaiDedupRelease';
interface DedupCommands {
	[CLAIM_COMMAND](key: string, lease: string, leaseMs: number, completed: string): Promise<string>;
	[RELEASE_COMMAND](key: string, lease: string): Promise<number>;
}
interface DedupPipeline {
	[CLAIM_COMMAND](key: string, lease: string, leaseMs: number, completed: string): void;
}

export interface RedisDedupStoreOptions {
	/** A connected (or connecting) ioredis client; the store never closes it. */
	redis: Redis;
	/** Put before every key, so the store's keys are easy to find and cannot collide. */
	keyPrefix?: string;
}

export class RedisDedupStore implements DedupStore {
	private readonly redis: Redis;
	private readonly keyPrefix: string;

	/** @throws TypeError without an ioredis client or with a non-string `keyPrefix`. */
	constructor(options: RedisDedupStoreOptions) {
		const { redis, keyPrefix = DEFAULT_REDIS_DEDUP_KEY_PREFIX } = options ?? {};
		if (typeof redis?.defineCommand !== 'function') {
			throw new TypeError('RedisDedupStore needs an ioredis client as `redis`.');
		}
		if (typeof keyPrefix !== 'string') {
			throw new TypeError('keyPrefix must be a string.');
		}
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		// Defining the same scripts again on a shared client is harmless: same name, same script.
		redis.defineCommand(CLAIM_COMMAND, { numberOfKeys: 1, lua: CLAIM_LUA });
		redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 1, lua: RELEASE_LUA });
	}

	/** Atomic across processes. Rejects with ioredis's error when Redis cannot be reached. */
	async claim(key: string, leaseMs: number): Promise<ClaimOutcome> {
		assertDedupKey(key);
		assertPositiveMs(leaseMs, 'leaseMs');
		const commands = this.redis as unknown as DedupCommands;
		const outcome = await commands[CLAIM_COMMAND](
			this.keyPrefix + key,
			LEASE_VALUE,
			toWholeMs(leaseMs),
			COMPLETED_VALUE,
		);
		return asClaimOutcome(outcome);
	}

	/**
	 * Claims many keys in one round trip (a pipeline); each claim is as atomic as `claim`, and the
	 * outcomes come back in the order of `keys`. Rejects with the first error Redis reported.
	 */
	async claimMany(keys: readonly string[], leaseMs: number): Promise<ClaimOutcome[]> {
		if (!Array.isArray(keys)) throw new TypeError('keys must be an array of strings.');
		keys.forEach(assertDedupKey);
		assertPositiveMs(leaseMs, 'leaseMs');
		if (keys.length === 0) return [];
		const pipeline = this.redis.pipeline();
		const commands = pipeline as unknown as DedupPipeline;
		const wholeMs = toWholeMs(leaseMs);
		for (const key of keys) {
			commands[CLAIM_COMMAND](this.keyPrefix + key, LEASE_VALUE, wholeMs, COMPLETED_VALUE);
		}
		return (await execOrThrow(pipeline)).map(asClaimOutcome);
	}

	async complete(key: string, ttlMs: number): Promise<void> {
		assertDedupKey(key);
		assertPositiveMs(ttlMs, 'ttlMs');
		await this.redis.set(this.keyPrefix + key, COMPLETED_VALUE, 'PX', toWholeMs(ttlMs));
	}

	async release(key: string): Promise<void> {
		assertDedupKey(key);
		const commands = this.redis as unknown as DedupCommands;
		await commands[RELEASE_COMMAND](this.keyPrefix + key, LEASE_VALUE);
	}
}

/** PX takes whole milliseconds; rounding up never shortens a lease or a completion. */
function toWholeMs(ms: number): number {
	return Math.ceil(ms);
}

function asClaimOutcome(reply: unknown): ClaimOutcome {
	if (reply === 'claimed' || reply === 'in_progress' || reply === 'completed') return reply;
	throw new Error(`Unexpected reply from the de-duplication claim script: ${String(reply)}`);
}

async function execOrThrow(pipeline: ChainableCommander): Promise<unknown[]> {
	const replies = await pipeline.exec();
	if (replies === null) throw new Error('The Redis pipeline was discarded before it ran.');
	return replies.map(([error, reply]) => {
		if (error) throw error;
		return reply;
	});
}
