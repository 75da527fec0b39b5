// The main job's watch loop: refresh the status board, hand every job whose delivery is overdue
// to the polling fallback, and stop once the batch is done and every job's end is known (or the
// deadline fires). `isOverdue` is the pure rule, so it can be read and tested on its own.
// Rule: a job is polled only after the sender's whole retry schedule has had its chance, so the
// fallback catches lost deliveries without racing ones that are merely in flight.
import { sleep, systemClock } from '../timers';
import type { JobAccounting } from './accounting';
import type { StatusBoard } from './statusBoard';

/** How often the status board refreshes. */
export const TICK_MS = 250;
/** The sender's schedule: attempts at 0 s, 5 s and 30 s, each with 10 s to answer (service time). */
export const DELIVERY_SCHEDULE_SERVICE_SECONDS = 30 + 10;
/** Real time allowed on top, for the last attempt to travel and be handled. */
export const DELIVERY_MARGIN_MS = 500;
/**
 * Jobs the board cannot see (voice jobs are not in the video list) are polled once this much
 * service time has passed since the batch ended: two of the longest renders (a failover restarts
 * one), then the delivery schedule.
 */
export const UNSEEN_GRACE_SERVICE_SECONDS = 2 * 240 * 1.2 + DELIVERY_SCHEDULE_SERVICE_SECONDS;

export interface OverdueInput {
	nowMs: number;
	/** When the board first saw the job finished, if it has. */
	finishedSeenAtMs?: number;
	/** Whether the board has seen the job at all. */
	seenByBoard: boolean;
	/** When the batch finished submitting, if it has. */
	batchEndedAtMs?: number;
	timeScale: number;
}

/** True when a job's delivery should have arrived by now. */
export function isOverdue(input: OverdueInput): boolean {
	const scheduleMs =
		(DELIVERY_SCHEDULE_SERVICE_SECONDS * 1000) / input.timeScale + DELIVERY_MARGIN_MS;
	if (input.finishedSeenAtMs !== undefined)
		return input.nowMs - input.finishedSeenAtMs > scheduleMs;
	if (input.seenByBoard || input.batchEndedAtMs === undefined) return false;
	return (
		input.nowMs - input.batchEndedAtMs > (UNSEEN_GRACE_SERVICE_SECONDS * 1000) / input.timeScale
	);
}

export interface WatchOptions {
	board: StatusBoard;
	accounting: JobAccounting;
	timeScale: number;
	/** When the batch finished submitting; undefined while it runs. */
	batchEndedAt: () => number | undefined;
	/** Starts the polling fallback for a job; called once per job. */
	poll: (id: string) => Promise<void>;
	/** Called after every refresh (the live status line). */
	onTick: () => void;
	signal: AbortSignal;
}

/** Runs until the batch ended and every job's end is known, or `signal` aborts. */
export async function watchUntilSettled(options: WatchOptions): Promise<void> {
	const { board, accounting, signal } = options;
	const polling = new Map<string, Promise<void>>();
	while (!signal.aborted) {
		await board.refresh(signal);
		options.onTick();
		const nowMs = systemClock();
		const batchEndedAtMs = options.batchEndedAt();
		for (const id of accounting.unsettled()) {
			if (polling.has(id)) continue;
			const entry = board.get(id);
			const overdue = isOverdue({
				nowMs,
				finishedSeenAtMs: entry?.finishedSeenAt,
				seenByBoard: entry !== undefined,
				batchEndedAtMs,
				timeScale: options.timeScale,
			});
			if (overdue) polling.set(id, options.poll(id));
		}
		if (batchEndedAtMs !== undefined && accounting.unsettled().length === 0) break;
		await sleep(TICK_MS, signal).catch(() => undefined);
	}
	await Promise.all(polling.values());
}
