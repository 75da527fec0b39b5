// Test doubles for the client's ports: a clock that only moves when the client waits, and a sleep
// that records each retry wait instead of waiting. The overall-timeout timer (the one sleep of
// OVERALL_MS plus at most one deadline-bucket width) stays pending until the client cancels it,
// unless a test asks it to fire.
import { AbortedError } from '../../../src/core/errors';
import type { Clock, Sleep } from '../../../src/core/ports';

/**
 * The overall timeout the tests configure; no retry wait in these tests is this long. The timer
 * for it sleeps a little longer (one deadline-bucket width, see deadlineBuckets.ts).
 */
export const OVERALL_MS = 3_600_000;

export const START_MS = Date.parse('2025-03-01T12:00:00Z');

export interface FakeTime {
	sleep: Sleep;
	clock: Clock;
	/** Every retry wait the client asked for, in ms, in order. */
	waits: number[];
	/** The signals handed to the overall-timeout sleeps: each must be aborted once a call ends. */
	overallTimerSignals: (AbortSignal | undefined)[];
	/** The signals handed to retry waits. */
	waitSignals: (AbortSignal | undefined)[];
}

export interface FakeTimeOptions {
	/** The overall timer fires at once, as if the attempt took longer than OVERALL_MS. */
	overallFires?: boolean;
	/** Retry waits never end by themselves; only an abort ends them. */
	holdWaits?: boolean;
	/** Called when the client starts a retry wait. */
	onWait?: (ms: number) => void;
}

export function fakeTime(options: FakeTimeOptions = {}): FakeTime {
	let now = START_MS;
	const time: FakeTime = {
		clock: () => now,
		waits: [],
		overallTimerSignals: [],
		waitSignals: [],
		sleep: (ms, signal) => {
			if (ms >= OVERALL_MS) {
				time.overallTimerSignals.push(signal);
				if (!options.overallFires) return untilAborted(signal);
				now += ms;
				return Promise.resolve();
			}
			time.waits.push(ms);
			time.waitSignals.push(signal);
			options.onWait?.(ms);
			if (options.holdWaits) return untilAborted(signal);
			now += ms;
			return Promise.resolve();
		},
	};
	return time;
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
	return new Promise((_resolve, reject) => {
		const abort = (): void => reject(new AbortedError());
		if (signal?.aborted) abort();
		signal?.addEventListener('abort', abort, { once: true });
	});
}
