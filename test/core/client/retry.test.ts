import {
	retryDelayMs,
	parseRetryAfterMs,
	shouldRetry,
	type RetryContext,
} from '../../../src/core/client/retry';
import {
	AbortedError,
	AuthenticationError,
	ConnectionError,
	IdempotencyConflictError,
	NotFoundError,
	RateLimitError,
	ServerError,
	TimeoutError,
	ValidationError,
} from '../../../src/core/errors';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const BACKOFF = { baseDelayMs: 500, maxDelayMs: 8_000 };
const details = { status: 0 };

describe('retryDelayMs', () => {
	it.each([
		// attempt, random, expected ms: random() * min(maxDelayMs, baseDelayMs * 2 ** attempt)
		[0, 0.999, 499.5],
		[0, 0.5, 250],
		[1, 0.5, 500],
		[2, 0.5, 1_000],
		[3, 0.5, 2_000],
		[4, 0.5, 4_000],
		[5, 0.5, 4_000], // 500 * 32 = 16 000, capped at 8 000
		[10, 1 - Number.EPSILON, 8_000 * (1 - Number.EPSILON)],
		[3, 0, 0],
	])('attempt %i with random %p waits %p ms (full jitter, capped)', (attempt, random, expected) => {
		expect(retryDelayMs(attempt, undefined, BACKOFF, () => random, NOW)).toBeCloseTo(expected, 6);
	});

	it.each([
		['120', 120_000],
		['0', 0],
		[' 7 ', 7_000],
		['86400', 86_400_000],
	])('Retry-After %p seconds wins over the backoff cap: %p ms', (header, expected) => {
		expect(retryDelayMs(0, header, BACKOFF, () => 0.5, NOW)).toBe(expected);
	});

	it('honours Retry-After as an HTTP date, read against the injected clock', () => {
		const header = new Date(NOW + 90_000).toUTCString();
		expect(retryDelayMs(0, header, BACKOFF, () => 0.5, NOW)).toBe(90_000);
	});

	it.each([['soon'], ['-1'], ['1.5'], ['soon 5'], [''], ['NaN']])(
		'falls back to the jittered backoff for an unreadable Retry-After %p',
		(header) => {
			expect(retryDelayMs(2, header, BACKOFF, () => 0.5, NOW)).toBe(1_000);
		},
	);
});

describe('parseRetryAfterMs', () => {
	const now = Date.parse('2027-01-15T10:00:00Z');
	it.each<[string | undefined, number | undefined]>([
		[undefined, undefined],
		['30', 30_000],
		[' 2 ', 2_000],
		// delay-seconds is whole seconds (RFC 9110); a fraction is unreadable, so the backoff rules.
		['1.5', undefined],
		['Fri, 15 Jan 2027 10:00:45 GMT', 45_000],
		['Fri, 15 Jan 2027 09:59:00 GMT', 0],
		['soon', undefined],
		['-5', undefined],
	])('reads %p as %p ms', (header, expected) => {
		expect(parseRetryAfterMs(header, now)).toBe(expected);
	});

	it('reads a date already past as "retry now"', () => {
		expect(parseRetryAfterMs(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
	});

	it('returns undefined when the header is absent', () => {
		expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
	});
});

describe('shouldRetry', () => {
	const safe: RetryContext = {
		retriesSoFar: 0,
		maxRetries: 3,
		maxRetryAfterMs: 300_000,
		replaySafe: true,
	};
	const unsafePost: RetryContext = { ...safe, replaySafe: false };

	it.each([
		['429', true, new RateLimitError(details)],
		[
			'429 asking for 5 minutes exactly',
			true,
			new RateLimitError({ ...details, retryAfterMs: 300_000 }),
		],
		[
			'429 asking for more than maxRetryAfterMs',
			false,
			new RateLimitError({ ...details, retryAfterMs: 300_001 }),
		],
		[
			'503 asking for more than maxRetryAfterMs',
			false,
			new ServerError({ status: 503, retryAfterMs: 900_000 }),
		],
		['500', true, new ServerError({ status: 500 })],
		['a reset connection', true, new ConnectionError('reset')],
		['a connect timeout', true, new TimeoutError('connect', 10)],
		['a headers timeout', true, new TimeoutError('headers', 10)],
		['a body timeout', true, new TimeoutError('body', 10)],
		['an overall timeout', true, new TimeoutError('overall', 10)],
		['400', false, new ValidationError([{ field: 'prompt', message: 'x' }], { status: 400 })],
		['401', false, new AuthenticationError({ status: 401 })],
		['404', false, new NotFoundError({ status: 404 })],
		['409', false, new IdempotencyConflictError({ status: 409 })],
		['a cancel', false, new AbortedError()],
		['a foreign error', false, new Error('bug')],
		['a thrown string', false, 'nope'],
	])('for a GET, DELETE or keyed create: %s -> %p', (_name, expected, error) => {
		expect(shouldRetry(error, safe)).toBe(expected);
	});

	it.each([
		['429 (refused before any work)', true, new RateLimitError(details)],
		['a connect timeout (nothing was sent)', true, new TimeoutError('connect', 10)],
		['a reset connection (it may have been processed)', false, new ConnectionError('reset')],
		['a headers timeout (it may have been processed)', false, new TimeoutError('headers', 10)],
		['500 (it may have been processed)', false, new ServerError({ status: 500 })],
	])('for a POST without an Idempotency-Key: %s -> %p', (_name, expected, error) => {
		expect(shouldRetry(error, unsafePost)).toBe(expected);
	});

	it.each([
		[0, 3, true],
		[2, 3, true],
		[3, 3, false],
		[0, 0, false],
	])('after %i retries of at most %i: %p', (retriesSoFar, maxRetries, expected) => {
		const error = new ServerError({ status: 503 });
		expect(shouldRetry(error, { ...safe, retriesSoFar, maxRetries })).toBe(expected);
	});
});
