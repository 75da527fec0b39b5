// When the main job gives up on a delivery and polls: only after the sender's whole retry
// schedule (scaled by the time scale) has passed since the job was seen finished.
import { isOverdue } from '../../../src/runtime/demo/watch';

// At time scale 60 the schedule is (30 s + 10 s) / 60 = 667 ms, plus a 500 ms margin.
const SCALE = 60;
const T = 1_000_000;

describe('isOverdue', () => {
	it.each([
		['seen finished 1 s ago', { finishedSeenAtMs: T - 1_000, seenByBoard: true }, false],
		['seen finished 1.2 s ago', { finishedSeenAtMs: T - 1_200, seenByBoard: true }, true],
		['still running', { seenByBoard: true, batchEndedAtMs: T - 60_000 }, false],
		['never seen, batch still submitting', { seenByBoard: false }, false],
		['never seen, batch ended 5 s ago', { seenByBoard: false, batchEndedAtMs: T - 5_000 }, false],
		['never seen, batch ended 11 s ago', { seenByBoard: false, batchEndedAtMs: T - 11_000 }, true],
	])('%s: %s', (_label, input, expected) => {
		expect(isOverdue({ nowMs: T, timeScale: SCALE, ...input })).toBe(expected);
	});

	it('waits the full real-time schedule at time scale 1', () => {
		const base = { nowMs: T, seenByBoard: true, timeScale: 1 };
		expect(isOverdue({ ...base, finishedSeenAtMs: T - 40_000 })).toBe(false);
		expect(isOverdue({ ...base, finishedSeenAtMs: T - 40_600 })).toBe(true);
	});
});
