import {
	bucketWidthMs,
	DeadlineBuckets,
	MAX_ATTEMPTS_PER_BUCKET,
	MAX_BUCKET_WIDTH_MS,
	type BucketMember,
} from '../../../src/core/client/deadlineBuckets';
import { DeadlineTimer } from '../../../src/core/client/deadlines';
import { AbortedError, TimeoutError } from '../../../src/core/errors';
import type { Sleep } from '../../../src/core/ports';

const CANCELLED = new AbortedError('cancelled');
const OVERALL_MS = 120_000;
const WIDTH_MS = bucketWidthMs(OVERALL_MS);

/** A clock the test moves, and a sleep it fires by hand (moving the clock to the sleep's end). */
function manualTime() {
	let now = 1_000;
	const sleeps: { ms: number; signal?: AbortSignal; fire: () => void }[] = [];
	const sleep: Sleep = (ms, signal) =>
		new Promise((resolve, reject) => {
			const startedAt = now;
			signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
			sleeps.push({
				ms,
				signal,
				fire: () => {
					now = startedAt + ms;
					resolve();
				},
			});
		});
	return { sleep, clock: () => now, sleeps, advance: (ms: number) => (now += ms) };
}

function setup() {
	const time = manualTime();
	const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
	const buckets = new DeadlineBuckets(OVERALL_MS, timer, time.clock);
	return { time, timer, buckets };
}

function member(): BucketMember & { expire: jest.Mock } {
	return { expire: jest.fn() };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('bucketWidthMs', () => {
	it.each([
		[120_000, MAX_BUCKET_WIDTH_MS],
		[1_000, 50],
		[150, 15],
		[10, 1],
	])('for an overall limit of %i ms lets starts share a deadline for %i ms', (overall, width) => {
		expect(bucketWidthMs(overall)).toBe(width);
	});
});

describe('DeadlineBuckets', () => {
	it('gives attempts starting together one shared signal and one timer', () => {
		const { time, buckets } = setup();
		const first = buckets.join(member());
		time.advance(WIDTH_MS - 1);
		const second = buckets.join(member());
		expect(second).toBe(first);
		expect(second.signal).toBe(first.signal);
		expect(time.sleeps).toHaveLength(1);
	});

	it(`lets at most ${MAX_ATTEMPTS_PER_BUCKET} attempts share a signal`, () => {
		const { buckets } = setup();
		const joined = Array.from({ length: MAX_ATTEMPTS_PER_BUCKET + 1 }, () =>
			buckets.join(member()),
		);
		const signals = new Set(joined.map((bucket) => bucket.signal));
		expect(signals.size).toBe(2);
		expect(joined[MAX_ATTEMPTS_PER_BUCKET]?.signal).not.toBe(joined[0]?.signal);
	});

	it('opens a new bucket for an attempt starting after the window', () => {
		const { time, buckets } = setup();
		const first = buckets.join(member());
		time.advance(WIDTH_MS);
		expect(buckets.join(member())).not.toBe(first);
	});

	it('never cuts an attempt short: its deadline is at least overallMs and at most one width more', () => {
		const { time, buckets } = setup();
		const firstStart = time.clock();
		const first = buckets.join(member());
		time.advance(WIDTH_MS - 1);
		const lastStart = time.clock();
		const last = buckets.join(member());
		expect(last).toBe(first);
		expect(first.at - firstStart).toBeLessThanOrEqual(OVERALL_MS + WIDTH_MS);
		expect(last.at - lastStart).toBeGreaterThanOrEqual(OVERALL_MS);
	});

	it('times out every attempt still in flight at the deadline, then aborts the shared signal', async () => {
		const { time, buckets } = setup();
		const answered = member();
		const waiting = [member(), member()];
		const bucket = buckets.join(answered);
		for (const m of waiting) buckets.join(m);
		bucket.remove(answered);
		time.sleeps[0]?.fire();
		await flush();
		expect(answered.expire).not.toHaveBeenCalled();
		for (const m of waiting) expect(m.expire).toHaveBeenCalledWith(OVERALL_MS);
		expect(bucket.signal.aborted).toBe(true);
		expect(bucket.signal.reason).toBeInstanceOf(TimeoutError);
		expect(bucket.signal.reason).toMatchObject({ phase: 'overall', timeoutMs: OVERALL_MS });
	});

	it('leaves the timer when its last attempt settles, so an idle client holds no timer', () => {
		const { time, timer, buckets } = setup();
		const a = member();
		const b = member();
		const bucket = buckets.join(a);
		buckets.join(b);
		bucket.remove(a);
		expect(timer.size).toBe(1);
		bucket.remove(b);
		expect(timer.size).toBe(0);
		expect(time.sleeps[0]?.signal?.aborted).toBe(true);
		expect(bucket.signal.aborted).toBe(false);
	});

	it('rejoins the timer when a new attempt joins a bucket that had emptied', () => {
		const { time, timer, buckets } = setup();
		const a = member();
		const bucket = buckets.join(a);
		bucket.remove(a);
		expect(buckets.join(member())).toBe(bucket);
		expect(timer.size).toBe(1);
		expect(time.sleeps).toHaveLength(2);
	});

	it('never lets an attempt join a bucket that has expired, even when the clock steps back', async () => {
		const { time, buckets } = setup();
		const start = time.clock();
		const expired = buckets.join(member());
		time.sleeps[0]?.fire();
		await flush();
		time.advance(start - time.clock()); // the system clock was set back
		const next = buckets.join(member());
		expect(next).not.toBe(expired);
		expect(next.signal.aborted).toBe(false);
	});
});
