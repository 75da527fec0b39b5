import {
	MAX_ETA_WAIT_MS,
	MAX_RETRY_AFTER_MS,
	nextPollDelayMs,
	transientBackoffMs,
	type PollDelayInput,
} from '../../../src/core/wait';

describe('nextPollDelayMs', () => {
	const interval = 5_000;
	it.each<[string, PollDelayInput, number]>([
		['polls at the interval when the server gives no estimate', { intervalMs: interval }, 5_000],
		[
			'polls at the interval when the eta is null',
			{ intervalMs: interval, etaSeconds: null },
			5_000,
		],
		['waits half of a long remaining eta', { intervalMs: interval, etaSeconds: 100 }, 50_000],
		[
			'never polls faster than the interval when the eta is short',
			{ intervalMs: interval, etaSeconds: 4 },
			5_000,
		],
		['ignores an eta of zero', { intervalMs: interval, etaSeconds: 0 }, 5_000],
		['ignores a negative eta', { intervalMs: interval, etaSeconds: -30 }, 5_000],
		['caps the eta wait', { intervalMs: interval, etaSeconds: 3_600 }, MAX_ETA_WAIT_MS],
		[
			'keeps an interval longer than the eta cap',
			{ intervalMs: 90_000, etaSeconds: 3_600 },
			90_000,
		],
		[
			'honours a Retry-After longer than the eta wait',
			{ intervalMs: interval, etaSeconds: 20, retryAfterMs: 30_000 },
			30_000,
		],
		[
			'keeps the eta wait when Retry-After is shorter',
			{ intervalMs: interval, etaSeconds: 100, retryAfterMs: 10_000 },
			50_000,
		],
		[
			'caps an extreme Retry-After',
			{ intervalMs: interval, retryAfterMs: 86_400_000 },
			MAX_RETRY_AFTER_MS,
		],
		[
			'shortens the sleep to land on the deadline',
			{ intervalMs: interval, etaSeconds: 100, remainingMs: 7_000 },
			7_000,
		],
		[
			'lets the deadline cut even a Retry-After',
			{ intervalMs: interval, retryAfterMs: 30_000, remainingMs: 1_000 },
			1_000,
		],
		[
			'never returns a negative sleep past the deadline',
			{ intervalMs: interval, remainingMs: -50 },
			0,
		],
		[
			'is unaffected by a far deadline',
			{ intervalMs: interval, etaSeconds: 30, remainingMs: 600_000 },
			15_000,
		],
	])('%s', (_claim, input, expected) => {
		expect(nextPollDelayMs(input)).toBe(expected);
	});
});

describe('transientBackoffMs', () => {
	it.each([
		[1, 5_000],
		[2, 10_000],
		[3, 20_000],
		[4, 20_000],
		[5, 20_000],
		[50, 20_000],
	])(
		'after %i consecutive failure(s) without jitter, waits %i ms (doubling, capped at 4x)',
		(n, expected) => {
			expect(transientBackoffMs(n, 5_000)).toBe(expected);
		},
	);

	it.each([
		[1, 0, 5_000],
		[1, 0.999, 5_000],
		[2, 0, 5_000],
		[2, 0.5, 7_500],
		[3, 0, 10_000],
		[3, 0.5, 15_000],
		[6, 0.75, 17_500],
	])(
		'after %i failure(s) with random() = %d, waits %i ms (upper half of the range, never below the interval)',
		(n, r, expected) => {
			expect(transientBackoffMs(n, 5_000, () => r)).toBe(expected);
		},
	);

	it('never exceeds 4x the interval for any random value', () => {
		for (let n = 1; n <= 10; n++) {
			for (const r of [0, 0.25, 0.5, 0.9999]) {
				const delay = transientBackoffMs(n, 2_000, () => r);
				expect(delay).toBeGreaterThanOrEqual(2_000);
				expect(delay).toBeLessThanOrEqual(8_000);
			}
		}
	});

	it.each([0, -1, 1.5, Number.NaN])('refuses a failure count of %d with a TypeError', (n) => {
		expect(() => transientBackoffMs(n, 5_000)).toThrow(TypeError);
	});
});
