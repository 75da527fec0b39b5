import {
	GenerationFailedError,
	MAX_SERVER_MESSAGE_CHARACTERS,
	WaitTimeoutError,
	isTransientError,
	RateLimitError,
	ValidationError,
} from '../../src/core/errors';

describe('errors a user reads', () => {
	it('quotes the server’s failure reason and the generation id', () => {
		const error = new GenerationFailedError('vgen_abc123', 'provider capacity exhausted');
		expect(error.code).toBe('generation_failed');
		expect(error.message).toContain('vgen_abc123');
		expect(error.message).toContain('provider capacity exhausted');
	});

	it('quotes at most 500 characters of a long server reason but keeps all of it on the error', () => {
		const reason = 'x'.repeat(5000);
		const error = new GenerationFailedError('vgen_abc123', reason);
		expect(error.message.length).toBeLessThan(MAX_SERVER_MESSAGE_CHARACTERS + 120);
		expect(error.serverMessage).toBe(reason);
	});

	it('says so when the server gave no reason', () => {
		expect(new GenerationFailedError('vgen_1', null).message).toContain('no reason given');
	});

	it('tells a user whose wait ran out that the job may still finish, by id', () => {
		const error = new WaitTimeoutError('vgen_9', 125_000, 'processing');
		expect(error.message).toContain('vgen_9');
		expect(error.message).toContain('125 s');
		expect(error.message).toContain('fetch it later by id');
	});

	it('names every bad field of a validation error', () => {
		const error = new ValidationError([
			{ field: 'prompt', message: 'must not be empty' },
			{ field: 'duration', message: 'must be a number of seconds' },
		]);
		expect(error.message).toBe(
			'Invalid input: prompt: must not be empty; duration: must be a number of seconds',
		);
	});

	it('counts rate limits as transient and validation errors as not', () => {
		expect(isTransientError(new RateLimitError({ status: 429, retryAfterMs: 1000 }))).toBe(true);
		expect(isTransientError(new ValidationError([{ field: 'id', message: 'x' }]))).toBe(false);
	});
});
