// Issue 11, class 8: error bodies in the shapes real services send reach the user with the
// server's words and the field at fault, capped and without the key.
import { mapHttpError, MAX_QUOTED_CHARACTERS } from '../../../src/core/client/mapError';
import { ApiError, ValidationError } from '../../../src/core/errors';

const API_KEY = 'rph_live_errorbody0123456789';
const context = { now: Date.parse('2025-03-01T12:00:00Z'), apiKey: API_KEY };

function mapped(status: number, body: unknown, headers: Record<string, string> = {}) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return mapHttpError({ status, headers, body: text }, context);
}

describe('error bodies in the shapes real services send', () => {
	it('reads an OpenAI-style error and maps its param to the field', () => {
		const error = mapped(400, {
			error: {
				message: 'Invalid value for duration: must be at most 60',
				type: 'invalid_request_error',
				param: 'duration',
				code: null,
			},
		});
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({
			fields: [{ field: 'duration', message: 'Invalid value for duration: must be at most 60' }],
			serverMessage: 'Invalid value for duration: must be at most 60',
		});
		expect(error.message).toContain('must be at most 60');
	});

	it('reads an OpenAI-style error without a param as a request-wide message', () => {
		const error = mapped(400, {
			error: {
				message: 'The model `foo` does not exist',
				type: 'invalid_request_error',
				code: null,
			},
		});
		expect(error).toMatchObject({
			fields: [{ field: '(request)', message: 'The model `foo` does not exist' }],
		});
	});

	it("reads FastAPI's detail sentence", () => {
		const error = mapped(400, { detail: 'Prompt rejected by the safety filter' });
		expect(error).toMatchObject({
			fields: [{ field: '(request)', message: 'Prompt rejected by the safety filter' }],
		});
	});

	it("reads FastAPI's validation list, mapping loc to the field", () => {
		const error = mapped(422, {
			detail: [
				{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' },
				{ loc: ['body', 'items', 0, 'url'], msg: 'invalid url', type: 'value_error.url' },
				{ loc: ['query', 'limit'], msg: 'must be at most 100', type: 'value_error' },
			],
		});
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fields).toEqual([
			{ field: 'prompt', message: 'field required' },
			{ field: 'items.0.url', message: 'invalid url' },
			{ field: 'limit', message: 'must be at most 100' },
		]);
	});

	it('reads a plain-text body', () => {
		const error = mapped(400, 'duration must be a number');
		expect(error).toMatchObject({
			fields: [{ field: '(request)', message: 'duration must be a number' }],
		});
	});

	it('still reads the contract’s own body, fields and request id', () => {
		const error = mapped(422, {
			error: {
				code: 'validation_error',
				message: 'Invalid request',
				fields: [{ field: 'resolution', message: 'must be 720p or 1080p' }],
				request_id: 'req_1',
			},
		});
		expect(error).toMatchObject({
			requestId: 'req_1',
			fields: [{ field: 'resolution', message: 'must be 720p or 1080p' }],
		});
	});

	it('quotes the server on a status without a class of its own, in any shape', () => {
		const error = mapped(418, { detail: 'I am a teapot' });
		expect(error).toBeInstanceOf(ApiError);
		expect(error.message).toContain('I am a teapot');
	});

	it('keeps the cap and the redaction on every shape', () => {
		const long = `${API_KEY} ${'x'.repeat(5_000)}`;
		for (const body of [
			{ error: { message: long, type: 't', param: API_KEY, code: null } },
			{ detail: [{ loc: ['body', API_KEY], msg: long }] },
			{ detail: long },
			long,
		]) {
			const error = mapped(400, body) as ValidationError;
			for (const issue of error.fields) {
				expect(issue.field).not.toContain(API_KEY);
				expect(issue.message).not.toContain(API_KEY);
				expect(issue.message.length).toBeLessThanOrEqual(MAX_QUOTED_CHARACTERS + 1);
			}
			expect(error.message).not.toContain(API_KEY);
		}
	});

	it('does not quote an HTML page', () => {
		const error = mapped(400, '<html><body>Bad Request</body></html>');
		expect(error).toMatchObject({
			fields: [{ field: '(request)', message: 'refused by the server (HTTP 400)' }],
		});
	});
});
