// One timer per running job, set for the moment its plan ends, so a job completes (and its
// webhooks fire) even if nobody ever polls it. Everything before the end is settled lazily when
// the job is read.
// Rules: the clock decides whether a job is due, not the timer: a timer that fires early (or an
// injected clock that has not moved) re-arms, no faster than RECHECK_FLOOR_MS, instead of
// spinning; `clear()` leaves no timer behind.
import type { Clock } from '../../core/ports';
import type { Job } from './store';

/** The shortest re-check when a timer fired before the clock says the job is due. */
export const RECHECK_FLOOR_MS = 10;
/** setTimeout fires at once above this; a longer wait simply re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class JobTimers {
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	private closed = false;

	/** `settle` applies what is due and says whether the job has ended. */
	constructor(
		private readonly clock: Clock,
		private readonly settle: (job: Job) => boolean,
	) {}

	schedule(job: Job, floorMs = 0): void {
		if (this.closed) return;
		const dueAtMs = job.createdAtMs + job.plan.terminal.atMs;
		const delayMs = Math.min(MAX_TIMER_MS, Math.max(floorMs, dueAtMs - this.clock()));
		const timer = setTimeout(() => {
			this.timers.delete(job.id);
			if (!this.settle(job)) this.schedule(job, RECHECK_FLOOR_MS);
		}, delayMs);
		this.timers.set(job.id, timer);
	}

	clear(): void {
		this.closed = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}
}
