// Time limits of one attempt. connect/headers/body are the transport's to enforce (it sees the
// socket); the overall limit is enforced here, by racing the attempt against its deadline bucket
// (./deadlineBuckets, on one shared sleep per client, ./deadlines). Rule: the losing side is
// always cancelled, so no timer and no request outlives the attempt.
import { AbortedError, TimeoutError } from '../errors';
import type {
	Sleep,
	Transport,
	TransportRequest,
	TransportResponse,
	TransportTimeouts,
} from '../ports';
import type { BucketMember, DeadlineBucket, DeadlineBuckets } from './deadlineBuckets';

export interface TimeoutOptions {
	/** Until the TCP/TLS connection is up. */
	connectMs: number;
	/** From sending the request until the response headers arrive. */
	headersMs: number;
	/** While reading the body: the longest silence between chunks (undici's bodyTimeout). */
	bodyMs: number;
	/**
	 * One attempt from start to the last byte; retry waits are not counted. Enforced with a
	 * granularity of min(50 ms, overallMs / 10): it fires up to that much late, never early.
	 */
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
 * Sends one attempt through `transport` and settles as soon as the first of these happens: the
 * transport settles; the attempt's deadline passes (TimeoutError 'overall', the attempt's signal
 * aborts); the caller's signal aborts (AbortedError, the attempt's signal aborts), even if the
 * transport ignores its signal. Without a caller's signal the attempt sends its bucket's shared
 * signal (see ./deadlineBuckets); with one, a signal of its own that follows the caller's. The
 * bucket forgets the attempt however it ends.
 */
export function withOverallTimeout(
	transport: Transport,
	request: TransportRequest,
	buckets: DeadlineBuckets,
	callerSignal?: AbortSignal,
): Promise<TransportResponse> {
	if (callerSignal?.aborted) return Promise.reject(abortedBy(callerSignal));
	return new OverallRace(buckets, callerSignal).run(transport, request);
}

function ignore(): void {}

/**
 * One attempt's race. A class rather than closures: it runs on every request, and as the bucket
 * member itself and the caller-signal listener (`handleEvent`) it allocates little else.
 */
class OverallRace implements BucketMember {
	readonly #callerSignal: AbortSignal | undefined;
	/** Only with a caller's signal: then this attempt cannot share its bucket's signal. */
	readonly #controller: AbortController | undefined;
	readonly #bucket: DeadlineBucket;
	#settled = false;
	#resolve: (value: TransportResponse) => void = ignore;
	#reject: (error: unknown) => void = ignore;

	constructor(buckets: DeadlineBuckets, callerSignal: AbortSignal | undefined) {
		this.#callerSignal = callerSignal;
		this.#controller = callerSignal === undefined ? undefined : new AbortController();
		this.#bucket = buckets.join(this);
	}

	run(transport: Transport, request: TransportRequest): Promise<TransportResponse> {
		const settled = new Promise<TransportResponse>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		this.#callerSignal?.addEventListener('abort', this, { once: true });
		request.signal = this.#controller?.signal ?? this.#bucket.signal;
		let running: Promise<TransportResponse>;
		try {
			running = transport(request);
		} catch (error) {
			running = Promise.reject(error);
		}
		running.then(
			(value) => this.#settle() && this.#resolve(value),
			(error: unknown) => this.#settle() && this.#reject(error),
		);
		return settled;
	}

	/** The bucket's deadline passed first: abort the attempt (a shared signal aborts after). */
	expire(overallMs: number): void {
		const timeout = new TimeoutError('overall', overallMs);
		this.#controller?.abort(timeout);
		if (this.#settle()) this.#reject(timeout);
	}

	/** The caller's signal aborted first: abort the attempt. */
	handleEvent(): void {
		this.#controller?.abort(this.#callerSignal?.reason);
		if (this.#settle()) this.#reject(abortedBy(this.#callerSignal));
	}

	/** True the first time only: whoever comes first settles, the rest are ignored. */
	#settle(): boolean {
		if (this.#settled) return false;
		this.#settled = true;
		this.#bucket.remove(this);
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
