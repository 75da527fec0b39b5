// Whether to try a request again and how long to wait first. Pure: time and randomness come in as
// arguments, so every rule is a row in a table test. Rule that must not break: a request the
// server may already have acted on (a POST without an Idempotency-Key) is never sent twice.
import {
	CreativeAiError,
	isTransientError,
	RateLimitError,
	ServerError,
	TimeoutError,
} from '../errors';
import type { Random } from '../ports';

export interface RetryOptions {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** The backoff ceiling before jitter for the first retry; it doubles on each retry. */
	baseDelayMs: number;
	/** The backoff never exceeds this (a server's Retry-After may). */
	maxDelayMs: number;
	/**
	 * A Retry-After longer than this ends the retries at once: the error goes back with
	 * `retryAfterMs` and `retryAt`, so the caller schedules its own next attempt.
	 */
	maxRetryAfterMs: number;
	/**
	 * All retry waits of one call together never exceed this: a wait that would pass it ends the
	 * retries at once, like a long Retry-After. Three 503s asking for 300 s each would otherwise
	 * hold one call for a quarter of an hour.
	 */
	maxRetryWaitMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
	maxRetryWaitMs: 60_000,
});

export interface RetryContext {
	/** Retries already made for this call: 0 when the first attempt has just failed. */
	retriesSoFar: number;
	maxRetries: number;
	maxRetryAfterMs: number;
	/**
	 * True when a second copy of the request cannot do harm: a GET or DELETE, or a create that
	 * carries its Idempotency-Key.
	 */
	replaySafe: boolean;
}

/** Decides whether the request that failed with `error` should be sent again. */
export function shouldRetry(error: unknown, context: RetryContext): boolean {
	// Our own errors only: anything else is a bug or a misbehaving port, not a flaky network.
	if (!(error instanceof CreativeAiError)) return false;
	// The retry budget is spent.
	if (context.retriesSoFar >= context.maxRetries) return false;
	// Rate limits, 5xx, lost connections and timeouts; never 4xx, validation or a cancel.
	if (!isTransientError(error)) return false;
	// The server asked for a longer pause than we will sit through: give the caller the wait.
	if ((retryAfterMsOf(error) ?? 0) > context.maxRetryAfterMs) return false;
	// Without an Idempotency-Key a POST is resent only when the server surely did not act on it.
	if (!context.replaySafe) return neverReachedTheServer(error);
	return true;
}

/** A 429 is refused before any work; a connect timeout never sent a byte. */
function neverReachedTheServer(error: CreativeAiError): boolean {
	if (error instanceof RateLimitError) return true;
	return error instanceof TimeoutError && error.phase === 'connect';
}

/** The wait the server asked for, carried by a RateLimitError or ServerError. */
export function retryAfterMsOf(error: unknown): number | undefined {
	if (error instanceof RateLimitError || error instanceof ServerError) return error.retryAfterMs;
	return undefined;
}

/**
 * Milliseconds to wait before retry number `attempt + 1` (`attempt` counts retries already made).
 * A valid `Retry-After` (seconds, or an HTTP date read against `now`) wins and may exceed
 * `maxDelayMs`; otherwise full jitter: `random() * min(maxDelayMs, baseDelayMs * 2 ** attempt)`.
 */
export function retryDelayMs(
	attempt: number,
	retryAfterHeader: string | undefined,
	options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
	random: Random,
	now: number,
): number {
	const serverDelayMs = parseRetryAfterMs(retryAfterHeader, now);
	if (serverDelayMs !== undefined) return serverDelayMs;
	const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
	return random() * ceilingMs;
}

const DIGITS_ONLY = /^\d+$/;
const HTTP_DATE_SHAPE = /^[a-z]{3}.*\b\d{4}\b/i;
const MS_PER_SECOND = 1000;

/**
 * Reads `Retry-After` as delay-seconds or an HTTP date. Undefined when absent or unreadable (the
 * backoff covers it then); a date already past means "now", so 0.
 */
export function parseRetryAfterMs(header: string | undefined, now: number): number | undefined {
	if (header === undefined) return undefined;
	const value = header.trim();
	if (value === '') return undefined;
	if (DIGITS_ONLY.test(value)) return Number(value) * MS_PER_SECOND;
	// Date.parse reads "120.5", "-1" or "soon 5" as dates: an HTTP date has a day name and a year.
	if (!HTTP_DATE_SHAPE.test(value)) return undefined;
	const at = Date.parse(value);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}
