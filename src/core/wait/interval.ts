// Polling math for waitForCompletion: how long to sleep before the next GET. Pure (no clock, no
// sleep), so every rule is a row in a table test; the loop that sleeps is waitForCompletion.ts.
// Rules that must not break: never poll faster than `intervalMs` unless the deadline is closer;
// never sleep past the deadline; never poll sooner than a Retry-After the server sent.

/**
 * Share of the server's remaining estimate to sleep. Half: each poll halves the distance to the
 * promised end, so a render of any length costs a handful of polls, and an estimate that is too
 * long costs at most half of it in late detection.
 */
export const ETA_WAIT_FRACTION = 0.5;

/** Ceiling on a sleep chosen from `eta_seconds`, so a wildly long estimate cannot hide a result. */
export const MAX_ETA_WAIT_MS = 60_000;

/** Ceiling on a Retry-After we honour; a deadline, when set, shortens it further. */
export const MAX_RETRY_AFTER_MS = 300_000;

/** Transient-failure backoff never grows past this multiple of the poll interval (the contract). */
export const TRANSIENT_BACKOFF_CEILING_FACTOR = 4;

export interface PollDelayInput {
	/** The caller's poll interval: the shortest gap between polls. */
	intervalMs: number;
	/** The server's estimate of the time left, from the last poll. */
	etaSeconds?: number | null;
	/** The server asked us to wait this long (Retry-After). */
	retryAfterMs?: number;
	/** Time left before the caller's deadline; the sleep is shortened to land on it. */
	remainingMs?: number;
}

/** The sleep before the next poll: the interval, stretched by the eta and Retry-After, cut by the deadline. */
export function nextPollDelayMs(input: PollDelayInput): number {
	let delayMs = input.intervalMs;
	if (isPositive(input.etaSeconds)) {
		const etaWaitMs = Math.min(input.etaSeconds * 1000 * ETA_WAIT_FRACTION, MAX_ETA_WAIT_MS);
		delayMs = Math.max(delayMs, etaWaitMs);
	}
	if (isPositive(input.retryAfterMs)) {
		delayMs = Math.max(delayMs, Math.min(input.retryAfterMs, MAX_RETRY_AFTER_MS));
	}
	if (input.remainingMs !== undefined) delayMs = Math.min(delayMs, Math.max(0, input.remainingMs));
	return delayMs;
}

/**
 * The sleep after the n-th consecutive transient failure (n >= 1): the interval doubled per
 * failure, capped at TRANSIENT_BACKOFF_CEILING_FACTOR x the interval. With `random`, the delay is
 * spread over the upper half of that range (never below the interval) so that many waiters hit
 * by the same outage do not come back in step.
 */
export function transientBackoffMs(
	consecutiveFailures: number,
	intervalMs: number,
	random?: () => number,
): number {
	if (!Number.isInteger(consecutiveFailures) || consecutiveFailures < 1) {
		throw new TypeError('consecutiveFailures must be a whole number of at least 1');
	}
	const ceilingMs = Math.min(
		intervalMs * 2 ** (consecutiveFailures - 1),
		intervalMs * TRANSIENT_BACKOFF_CEILING_FACTOR,
	);
	if (random === undefined) return ceilingMs;
	return Math.max(intervalMs, ceilingMs / 2 + (random() * ceilingMs) / 2);
}

function isPositive(value: number | null | undefined): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
