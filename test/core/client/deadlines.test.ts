import { DeadlineTimer } from '../../../src/core/client/deadlines';
import { AbortedError } from '../../../src/core/errors';
import type { Sleep } from '../../../src/core/ports';

const CANCELLED = new AbortedError('cancelled');

/** A sleep the test ends by hand, with a clock that moves to each sleep's end when it fires. */
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

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('DeadlineTimer', () => {
	it('runs one sleep for many deadlines in flight', () => {
		const time = manualTime();
		const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
		for (let i = 0; i < 50; i++)
			timer.add({ at: time.clock() + 5_000 + i, expire: () => undefined });
		expect(time.sleeps).toHaveLength(1);
		expect(time.sleeps[0]?.ms).toBe(5_000);
	});

	it('cancels its sleep when the last deadline is removed', () => {
		const time = manualTime();
		const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
		const first = { at: 6_000, expire: jest.fn() };
		const second = { at: 7_000, expire: jest.fn() };
		timer.add(first);
		timer.add(second);
		timer.remove(first);
		expect(time.sleeps[0]?.signal?.aborted).toBe(false);
		timer.remove(second);
		expect(time.sleeps[0]?.signal?.aborted).toBe(true);
		expect(time.sleeps[0]?.signal?.reason).toBe(CANCELLED);
	});

	it('expires only the deadlines that have passed, then sleeps until the next', async () => {
		const time = manualTime();
		const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
		const early = { at: 6_000, expire: jest.fn() };
		const late = { at: 9_000, expire: jest.fn() };
		timer.add(early);
		timer.add(late);
		time.sleeps[0]?.fire();
		await flush();
		expect(early.expire).toHaveBeenCalledTimes(1);
		expect(late.expire).not.toHaveBeenCalled();
		expect(timer.size).toBe(1);
		expect(time.sleeps[1]?.ms).toBe(3_000);
		time.sleeps[1]?.fire();
		await flush();
		expect(late.expire).toHaveBeenCalledTimes(1);
		expect(timer.size).toBe(0);
	});

	it('re-arms for a deadline earlier than the one it sleeps towards', () => {
		const time = manualTime();
		const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
		timer.add({ at: 11_000, expire: () => undefined });
		timer.add({ at: 3_000, expire: () => undefined });
		expect(time.sleeps[0]?.signal?.aborted).toBe(true);
		expect(time.sleeps[1]?.ms).toBe(2_000);
	});

	it('never expires a deadline removed before its time', async () => {
		const time = manualTime();
		const timer = new DeadlineTimer(time.sleep, time.clock, CANCELLED);
		const answered = { at: 2_000, expire: jest.fn() };
		const waiting = { at: 2_000, expire: jest.fn() };
		timer.add(answered);
		timer.add(waiting);
		timer.remove(answered);
		time.sleeps[0]?.fire();
		await flush();
		expect(answered.expire).not.toHaveBeenCalled();
		expect(waiting.expire).toHaveBeenCalledTimes(1);
	});
});
