import { AbortedError } from '../../src/core/errors';
import { sleep, systemClock } from '../../src/runtime/timers';

describe('sleep', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('resolves once the time has passed, not before', async () => {
		let done = false;
		const pending = sleep(1_000).then(() => (done = true));
		await jest.advanceTimersByTimeAsync(999);
		expect(done).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		await pending;
		expect(done).toBe(true);
	});

	it('rejects with AbortedError on abort and leaves no timer behind', async () => {
		const controller = new AbortController();
		const pending = sleep(60_000, controller.signal);
		expect(jest.getTimerCount()).toBe(1);
		controller.abort();
		await expect(pending).rejects.toBeInstanceOf(AbortedError);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('rejects at once for a signal already aborted, without arming a timer', async () => {
		await expect(sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('waits out delays longer than setTimeout can hold (2^31 ms)', async () => {
		let done = false;
		const month = 30 * 24 * 60 * 60 * 1000;
		const pending = sleep(month).then(() => (done = true));
		await jest.advanceTimersByTimeAsync(2 ** 31);
		expect(done).toBe(false);
		await jest.advanceTimersByTimeAsync(month - 2 ** 31);
		await pending;
		expect(done).toBe(true);
	});
});

describe('systemClock', () => {
	it('reads the system time in epoch milliseconds', () => {
		jest.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') });
		try {
			expect(systemClock()).toBe(Date.parse('2025-03-01T12:00:00Z'));
		} finally {
			jest.useRealTimers();
		}
	});
});
