// Time limits of one attempt. connect/headers/body are the transport's to enforce (it sees the
// socket); the overall limit is enforced here, by racing the attempt against the injected sleep
// (one shared sleep per client, see ./deadlines). Rule: the losing side is always cancelled, so
// no timer and no request outlives the attempt.
import { AbortedError, TimeoutError } from '../errors';
import type { Clock, Sleep, TransportTimeouts } from '../ports';
import type { Deadline, DeadlineTimer } from './deadlines';

export interface TimeoutOptions {
	/** Until the TCP/TLS connection is up. */
	connectMs: number;
	/** From sending the request until the response headers arrive. */
	headersMs: number;
	/** While reading the body: the longest silence between chunks (undici's bodyTimeout). */
	bodyMs: number;
	/** One attempt from start to the last byte; retry waits are not counted. */
	overallMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<TimeoutOptions> = Object.freeze({
	connectMs: 10_000,
	headersMs: 30_000,
	bodyMs: 30_000,
	overallMs: 120_000,
});

/**
 * The reason a finished attempt's timer is cancelled with: one shared instance, so the common
 * path (the answer beat the timer) costs no new error. A sleep may reject with it as it is.
 */
export const TIMER_CANCELLED: AbortedError = new AbortedError('The timer was no longer needed.');

/** The part of the limits a transport enforces. */
export function transportTimeouts(timeouts: TimeoutOptions): TransportTimeouts {
	return { connectMs: timeouts.connectMs, headersMs: timeouts.headersMs, bodyMs: timeouts.bodyMs };
}

/**
 * Runs one attempt with a signal of its own, and settles as soon as the first of these happens:
 * the attempt settles; `overallMs` pass on the shared deadline timer (TimeoutError 'overall', the
 * attempt is aborted); the caller's signal aborts (AbortedError, the attempt is aborted), even if
 * the transport ignores its signal. The deadline is removed however it ends.
 */
export function withOverallTimeout<T>(
	attempt: (signal: AbortSignal) => Promise<T>,
	overallMs: number,
	deadlines: DeadlineTimer,
	clock: Clock,
	callerSignal?: AbortSignal,
): Promise<T> {
	if (callerSignal?.aborted) return Promise.reject(abortedBy(callerSignal));
	return new OverallRace<T>(overallMs, deadlines, clock, callerSignal).run(attempt);
}

function ignore(): void {}

/**
 * One attempt's race. A class rather than closures: it runs on every request, and as the
 * deadline itself and the caller-signal listener (`handleEvent`) it allocates nothing else.
 */
class OverallRace<T> implements Deadline {
	readonly at: number;
	readonly #overallMs: number;
	readonly #deadlines: DeadlineTimer;
	readonly #callerSignal: AbortSignal | undefined;
	readonly #controller = new AbortController();
	#settled = false;
	#resolve: (value: T) => void = ignore;
	#reject: (error: unknown) => void = ignore;

	constructor(
		overallMs: number,
		deadlines: DeadlineTimer,
		clock: Clock,
		callerSignal: AbortSignal | undefined,
	) {
		this.at = clock() + overallMs;
		this.#overallMs = overallMs;
		this.#deadlines = deadlines;
		this.#callerSignal = callerSignal;
	}

	run(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const settled = new Promise<T>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		this.#deadlines.add(this);
		this.#callerSignal?.addEventListener('abort', this, { once: true });
		let running: Promise<T>;
		try {
			running = attempt(this.#controller.signal);
		} catch (error) {
			running = Promise.reject(error);
		}
		running.then(
			(value) => this.#settle() && this.#resolve(value),
			(error: unknown) => this.#settle() && this.#reject(error),
		);
		return settled;
	}

	/** The deadline passed first: abort the attempt. */
	expire(): void {
		const timeout = new TimeoutError('overall', this.#overallMs);
		this.#controller.abort(timeout);
		if (this.#settle()) this.#reject(timeout);
	}

	/** The caller's signal aborted first: abort the attempt. */
	handleEvent(): void {
		this.#controller.abort(this.#callerSignal?.reason);
		if (this.#settle()) this.#reject(abortedBy(this.#callerSignal));
	}

	/** True the first time only: whoever comes first settles, the rest are ignored. */
	#settle(): boolean {
		if (this.#settled) return false;
		this.#settled = true;
		this.#deadlines.remove(this);
		this.#callerSignal?.removeEventListener('abort', this);
		return true;
	}
}

/** An AbortedError for the caller's signal, keeping its reason as the cause. */
export function abortedBy(signal: AbortSignal | undefined): AbortedError {
	return new AbortedError(undefined, { cause: signal?.reason });
}

/**
 * Waits `ms` through the injected sleep, but rejects with AbortedError the moment the caller's
 * signal aborts, whether or not that sleep implementation honours signals; the sleep is then
 * cancelled so its timer does not linger.
 */
export function sleepUnlessAborted(
	sleep: Sleep,
	ms: number,
	callerSignal?: AbortSignal,
): Promise<void> {
	if (callerSignal?.aborted) return Promise.reject(abortedBy(callerSignal));
	const timerController = new AbortController();
	return new Promise<void>((resolve, reject) => {
		const onCallerAbort = (): void => {
			timerController.abort(TIMER_CANCELLED);
			reject(abortedBy(callerSignal));
		};
		callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
		sleep(ms, timerController.signal)
			.then(resolve, reject)
			.finally(() => callerSignal?.removeEventListener('abort', onCallerAbort));
	});
}
