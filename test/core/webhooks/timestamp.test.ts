import {
	parseTimestampSeconds,
	staleness,
	TOLERANCE_SECONDS,
} from '../../../src/core/webhooks/timestamp';

describe('parseTimestampSeconds', () => {
	it.each([
		['1614265330', 1614265330],
		[' 1614265330 ', 1614265330],
		['0', 0],
	])('reads %p as %p seconds', (text, seconds) => {
		expect(parseTimestampSeconds(text)).toBe(seconds);
	});

	it.each(['', ' ', 'hello', '-5', '+5', '1.0', '1e3', '12abc', '1 2', '1234567890123456'])(
		'refuses %p',
		(text) => {
			expect(parseTimestampSeconds(text)).toBeUndefined();
		},
	);
});

describe('staleness', () => {
	const now = 1_000_000;
	it.each([
		[now, undefined],
		[now - TOLERANCE_SECONDS, undefined],
		[now + TOLERANCE_SECONDS, undefined],
		[now - TOLERANCE_SECONDS - 1, 'timestamp_too_old'],
		[now + TOLERANCE_SECONDS + 1, 'timestamp_in_future'],
		[0, 'timestamp_too_old'],
	])(
		'a timestamp of %p, against a clock at 1000000 s with the default tolerance, is %p',
		(timestamp, expected) => {
			expect(staleness(timestamp, now, TOLERANCE_SECONDS)).toBe(expected);
		},
	);

	it('with a tolerance of 0 accepts only the same second', () => {
		expect(staleness(now, now, 0)).toBeUndefined();
		expect(staleness(now - 1, now, 0)).toBe('timestamp_too_old');
		expect(staleness(now + 1, now, 0)).toBe('timestamp_in_future');
	});
});
