// One overall-timeout timer per client, shared by every attempt in flight. A timer per request
// costs more than the request itself under load (an AbortSignal, a sleep, an abort on every
// answer), so attempts register a deadline here and a single sleep runs until the earliest one.
// Rule: the sleep is cancelled as soon as nothing is in flight, so an idle client holds no timer.
import type { AbortedError } from '../errors';
import type { Clock, Sleep } from '../ports';

export interface Deadline {
	/** Epoch milliseconds after which `expire` is called. */
	readonly at: number;
	/** Called once, when `at` has passed and the deadline is still registered. */
	readonly expire: () => void;
}

export class DeadlineTimer {
	readonly #sleep: Sleep;
	readonly #clock: Clock;
	readonly #cancelReason: AbortedError;
	readonly #pending = new Set<Deadline>();
	/** The running sleep (cancelled through its controller) and when it ends. */
	#armed: { controller: AbortController; at: number } | undefined;

	constructor(sleep: Sleep, clock: Clock, cancelReason: AbortedError) {
		this.#sleep = sleep;
		this.#clock = clock;
		this.#cancelReason = cancelReason;
	}

	/** Registers `deadline`; it expires unless `remove`d first. */
	add(deadline: Deadline): void {
		this.#pending.add(deadline);
		// Attempts share one limit, so later deadlines are the rule; an earlier one re-arms.
		if (this.#armed === undefined || deadline.at < this.#armed.at) this.#arm(deadline.at);
	}

	/** Forgets `deadline`; the last removal cancels the sleep. */
	remove(deadline: Deadline): void {
		this.#pending.delete(deadline);
		if (this.#pending.size === 0) this.#disarm();
	}

	/** Deadlines in flight, for tests and diagnostics. */
	get size(): number {
		return this.#pending.size;
	}

	#arm(at: number): void {
		this.#disarm();
		const controller = new AbortController();
		this.#armed = { controller, at };
		this.#sleep(Math.max(0, at - this.#clock()), controller.signal).then(
			() => this.#fire(controller),
			// Cancelled: nothing left in flight, or an earlier deadline re-armed it.
			() => undefined,
		);
	}

	#disarm(): void {
		const armed = this.#armed;
		this.#armed = undefined;
		armed?.controller.abort(this.#cancelReason);
	}

	#fire(controller: AbortController): void {
		if (this.#armed?.controller !== controller) return;
		this.#armed = undefined;
		const now = this.#clock();
		for (const deadline of [...this.#pending]) {
			if (deadline.at > now) continue;
			this.#pending.delete(deadline);
			deadline.expire();
		}
		if (this.#armed !== undefined || this.#pending.size === 0) return;
		let next = Number.POSITIVE_INFINITY;
		for (const deadline of this.#pending) next = Math.min(next, deadline.at);
		this.#arm(next);
	}
}
