// The CreativeAI sandbox: a local stand-in for the service. Re-exports only.
export { createSandbox } from './sandbox';
export type { AdminJobView, Sandbox } from './sandbox';
export {
	DEFAULT_API_KEY,
	DEFAULT_INITIAL_CREDITS,
	DEFAULT_LINK_TTL_SECONDS,
	DEFAULT_MAX_WAIT_SECONDS,
	faultOptionsSchema,
	sandboxOptionsSchema,
} from './options';
export type { FaultOptions, SandboxOptions } from './options';
export {
	AUTO_START_MODEL,
	FAILOVER_CHAIN,
	VIDEO_PRICE_CREDITS,
	VOICE_PRICE_CREDITS,
} from './providers';
export { ATTEMPT_DELAYS_SECONDS, ATTEMPT_TIMEOUT_SECONDS } from './delivery';
export type { DeliveryErrorKind, DeliveryLogEntry, DeliveryOutcome } from './deliveryLog';
export type { LedgerEntry, LedgerEntryKind } from './ledger';
export { MAX_CONSECUTIVE_POLL_ERRORS, PHASE_SHARES } from './lifecycle';
