// Attempts that start close together share one deadline and one AbortController. On Node 20 a
// fresh AbortSignal per request (creating it, then the transport's abort listener on it) costs
// more than the rest of the client together, so a bucket's signal serves a few attempts in a row,
// and the client's one timer (./deadlines) tracks buckets, not attempts.
// Rules: no attempt is cut before its full overallMs: a bucket's deadline is its last possible
// start plus overallMs, so the overall timeout fires late by at most one bucket width, never
// early. At most MAX_ATTEMPTS_PER_BUCKET attempts share a signal, so a transport that adds up to
// two abort listeners per request stays under Node's leak warning (more than 10 on one signal).
import { TimeoutError } from '../errors';
import type { Clock } from '../ports';
import type { Deadline, DeadlineTimer } from './deadlines';

/** The widest window of starts that share a deadline: the timeout fires at most this late. */
export const MAX_BUCKET_WIDTH_MS = 50;

/** A short overall limit gets a narrower window, this share of it (150 ms: 15 ms late at most). */
export const BUCKET_WIDTH_SHARE = 0.1;

/** Attempts that may share one AbortSignal: two listeners each stay within Node's 10. */
export const MAX_ATTEMPTS_PER_BUCKET = 5;

/** One attempt in flight, as a bucket sees it. */
export interface BucketMember {
	/** The bucket's deadline, `overallMs` after the attempt could start, passed while in flight. */
	expire(overallMs: number): void;
}

/** How long starts keep joining one bucket, for an overall limit of `overallMs`. */
export function bucketWidthMs(overallMs: number): number {
	return Math.min(MAX_BUCKET_WIDTH_MS, overallMs * BUCKET_WIDTH_SHARE);
}

/** The buckets of one client: opens a new one when the current one is full, closed or expired. */
export class DeadlineBuckets {
	readonly #overallMs: number;
	readonly #widthMs: number;
	readonly #timer: DeadlineTimer;
	readonly #clock: Clock;
	#current: DeadlineBucket | undefined;

	constructor(overallMs: number, timer: DeadlineTimer, clock: Clock) {
		this.#overallMs = overallMs;
		this.#widthMs = bucketWidthMs(overallMs);
		this.#timer = timer;
		this.#clock = clock;
	}

	/** Adds `member` to the bucket for an attempt starting now, and returns that bucket. */
	join(member: BucketMember): DeadlineBucket {
		const now = this.#clock();
		let bucket = this.#current;
		if (bucket === undefined || !bucket.accepts(now)) {
			bucket = new DeadlineBucket(now + this.#widthMs, this.#overallMs, this.#timer);
			this.#current = bucket;
		}
		bucket.add(member);
		return bucket;
	}
}

/**
 * Attempts that started in one window: they expire together, `overallMs` after the window
 * closes. The bucket sits on the timer only while it has members, so an idle client holds no
 * timer.
 */
export class DeadlineBucket implements Deadline {
	readonly at: number;
	readonly #closesAt: number;
	readonly #overallMs: number;
	readonly #timer: DeadlineTimer;
	readonly #members = new Set<BucketMember>();
	/** Made on first use: attempts that bring their own signal never need it. */
	#controller: AbortController | undefined;
	#joins = 0;
	#expired = false;

	constructor(closesAt: number, overallMs: number, timer: DeadlineTimer) {
		this.#closesAt = closesAt;
		this.#overallMs = overallMs;
		this.#timer = timer;
		this.at = closesAt + overallMs;
	}

	/** Aborts, with a TimeoutError, once the bucket's deadline has passed. */
	get signal(): AbortSignal {
		this.#controller ??= new AbortController();
		return this.#controller.signal;
	}

	/** True while an attempt starting at `now` may join. */
	accepts(now: number): boolean {
		return !this.#expired && this.#joins < MAX_ATTEMPTS_PER_BUCKET && now < this.#closesAt;
	}

	add(member: BucketMember): void {
		this.#joins++;
		if (this.#members.size === 0) this.#timer.add(this);
		this.#members.add(member);
	}

	/** The attempt settled: it no longer needs the deadline. The last one leaves the timer. */
	remove(member: BucketMember): void {
		if (this.#members.delete(member) && this.#members.size === 0) this.#timer.remove(this);
	}

	/** Called by the timer at `at`: every attempt still in flight times out, then the signal. */
	expire(): void {
		this.#expired = true;
		const members = [...this.#members];
		this.#members.clear();
		for (const member of members) member.expire(this.#overallMs);
		this.#controller ??= new AbortController();
		this.#controller.abort(new TimeoutError('overall', this.#overallMs));
	}
}
