// What a test or the CLI may set on a sandbox, the defaults, and the check that turns a wrong
// option into a TypeError at startup instead of a strange failure in the middle of a run.
// Rule: every duration the real service would take is divided by `timeScale`; guarantees made to
// clients (the 24 h idempotency window, the 7-day delivery de-duplication, link lifetimes) are not.
import { z } from 'zod/v4';

import type { Clock, Sleep } from '../../core/ports';

/** The development key every sandbox accepts unless `apiKeys` says otherwise. */
export const DEFAULT_API_KEY = 'rph_test_sandbox';
export const DEFAULT_INITIAL_CREDITS = 1000;
/** How long an output link works after the job completes (real seconds, never scaled). */
export const DEFAULT_LINK_TTL_SECONDS = 24 * 60 * 60;
/** The longest a job may run before the service gives up and refunds (service seconds). */
export const DEFAULT_MAX_WAIT_SECONDS = 10 * 60;

const rate = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
/** One rate for every provider, or a rate per provider model (`{ 'kling-v3': 1 }`). */
const ratePerModel = z.union([rate, z.record(z.string(), rate)]);
const apiErrorStatus = z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]);

export const faultOptionsSchema = z.strictObject({
	/** Share of API requests answered with an injected 429 or 5xx before anything happens. */
	apiErrorRate: rate.default(0),
	/** The statuses `apiErrorRate` picks from (429 and 503 carry Retry-After). */
	apiErrorStatuses: z.array(apiErrorStatus).min(1).default([429, 500, 502, 503]),
	/** Share of creates that succeed but whose answer is replaced by a 502 (retry with the key!). */
	apiLostResponseRate: rate.default(0),
	/** Share of provider submissions refused with 429/5xx (drives submission failover). */
	providerSubmitErrorRate: ratePerModel.default(0),
	/** Share of renders that hit a capacity error part-way (drives mid-render failover). */
	midRenderCapacityRate: ratePerModel.default(0),
	/** Share of the service's polls of its provider that fail transiently. */
	providerPollErrorRate: rate.default(0),
	/** The first N provider polls of every render fail (5 are survived, the 6th fails the job). */
	providerPollErrorBurst: z.number().int().min(0).default(0),
	/** Share of renders the provider never finishes: the job fails at the maximum wait. */
	providerStallRate: rate.default(0),
	/** Share of webhook attempts that are lost before reaching the receiver (then retried). */
	webhookDropRate: rate.default(0),
	/** Share of successful webhook deliveries sent a second time (receivers must de-duplicate). */
	webhookDuplicateRate: rate.default(0),
	/** Extra real milliseconds before the first attempt of every delivery (a lagging queue). */
	webhookDelayMs: z.number().min(0).default(0),
});
export type FaultOptions = z.input<typeof faultOptionsSchema>;
export type ResolvedFaults = z.output<typeof faultOptionsSchema>;

const fn = <T>(what: string) =>
	z.custom<T>((value) => typeof value === 'function', { error: `must be a ${what} function` });

export const sandboxOptionsSchema = z.strictObject({
	port: z.number().int().min(0).max(65535).default(0),
	host: z.string().min(1).default('127.0.0.1'),
	/** 100 makes a 3-minute render take 1.8 s; retry gaps and timeouts shrink the same way. */
	timeScale: z.number().positive().max(1_000_000).default(1),
	/** Seeds every fault decision stream, so a run with the same seed repeats. */
	seed: z.number().int().default(1),
	faults: faultOptionsSchema.prefault({}),
	/** Keys the sandbox accepts; each key is its own account (jobs, credits, subscriptions). */
	apiKeys: z.array(z.string().min(8)).min(1).default([DEFAULT_API_KEY]),
	initialCredits: z.number().int().min(0).default(DEFAULT_INITIAL_CREDITS),
	/** Accept loopback and private callback URLs and any port (local work only). */
	allowPrivateCallbacks: z.boolean().default(false),
	clock: fn<Clock>('clock').optional(),
	/** Used for the waits between webhook attempts (inject one to observe the schedule). */
	sleep: fn<Sleep>('sleep').optional(),
	/** Appends every webhook attempt as a JSON line to this file. */
	deliveryLogPath: z.string().min(1).optional(),
	/** The base URL put in output links when the sandbox sits behind a proxy. */
	publicBaseUrl: z.url().optional(),
	linkTtlSeconds: z.number().positive().default(DEFAULT_LINK_TTL_SECONDS),
	maxWaitSeconds: z.number().positive().default(DEFAULT_MAX_WAIT_SECONDS),
	/** Per-attempt webhook timeout in real ms; default 10 s divided by `timeScale`. */
	webhookTimeoutMs: z.number().positive().optional(),
});
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type ResolvedOptions = z.output<typeof sandboxOptionsSchema>;

/** Applies defaults; throws TypeError naming every wrong option. */
export function resolveOptions(options: unknown): ResolvedOptions {
	const result = sandboxOptionsSchema.safeParse(options ?? {});
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => {
		const where = issue.path.length > 0 ? issue.path.join('.') : 'options';
		return `${where}: ${issue.message}`;
	});
	throw new TypeError(`createSandbox: ${problems.join('; ')}`);
}
