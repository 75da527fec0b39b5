// A count of unfinished work (running jobs, deliveries in flight or waiting to retry) and the
// promises waiting for it to reach zero: what `idleDeliveries()` and `settled()` resolve on.
// Rule: callers add work before the work it replaces is marked done (a job counts as done only
// after its deliveries are queued), so the count never dips to zero between the two.

export class PendingWork {
	private count = 0;
	private waiters: (() => void)[] = [];

	get size(): number {
		return this.count;
	}

	add(): void {
		this.count++;
	}

	done(): void {
		if (this.count === 0) throw new Error('PendingWork.done() without a matching add()');
		this.count--;
		if (this.count === 0) this.release();
	}

	/** Resolves when nothing is pending: at once if nothing is. */
	whenIdle(): Promise<void> {
		if (this.count === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Wakes every waiter (used at close, when the remaining work is abandoned). */
	release(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}
}
