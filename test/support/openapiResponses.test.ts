import { buildOpenApiDocument } from '../../src/core/contract/openapi';
import { componentValidator, responseValidator } from './openapiResponses';

const document = buildOpenApiDocument();
const check = responseValidator(document);

const VIDEO_GENERATION = {
	id: 'vgen_abc123',
	object: 'video.generation',
	status: 'pending',
	model: 'kling-v3',
	model_actual: null,
	credits: 3,
	failover_used: false,
	output_url: null,
	error_message: null,
	created_at: '2026-03-10T14:21:01Z',
	completed_at: null,
};

const ERROR_BODY = { error: { code: 'not_found', message: 'No generation vgen_nope' } };

describe('responseValidator', () => {
	it('accepts a generation answered by GET /v1/video/generations/{id}', () => {
		expect(check('GET', '/v1/video/generations/vgen_abc123', 200, VIDEO_GENERATION)).toEqual({
			ok: true,
			errors: [],
		});
	});

	it('accepts a field the contract does not list yet, since responses are loose', () => {
		const body = { ...VIDEO_GENERATION, thumbnail_url: 'https://cdn.example/t.jpg' };
		expect(check('POST', '/v1/video/generations', 202, body).ok).toBe(true);
	});

	it('reports a missing field and a wrong status value, naming where', () => {
		const { credits: _credits, ...withoutCredits } = VIDEO_GENERATION;
		const result = check('GET', '/v1/video/generations/vgen_abc123', 200, {
			...withoutCredits,
			status: 'COMPLETED',
		});
		expect(result.ok).toBe(false);
		expect(result.errors.join('\n')).toMatch(/credits/);
		expect(result.errors.join('\n')).toMatch(/body\/status/);
	});

	it('rejects a timestamp that is not an ISO 8601 date-time', () => {
		const body = { ...VIDEO_GENERATION, created_at: 'yesterday' };
		expect(check('GET', '/v1/video/generations/vgen_abc123', 200, body).ok).toBe(false);
	});

	it('checks a list by its items', () => {
		const list = { object: 'list', data: [VIDEO_GENERATION, { id: 1 }], has_more: false };
		const result = check('GET', '/v1/video/generations?limit=2', 200, list);
		expect(result.ok).toBe(false);
		expect(result.errors.join('\n')).toMatch(/body\/data\/1/);
	});

	it('checks error answers against ErrorBody, including 5xx by their range', () => {
		expect(check('GET', '/v1/video/generations/vgen_nope', 404, ERROR_BODY).ok).toBe(true);
		expect(check('POST', '/v1/video/generations', 503, ERROR_BODY).ok).toBe(true);
		expect(check('POST', '/v1/video/generations', 503, { message: 'oops' }).ok).toBe(false);
	});

	it('wants no body on a 204 and a JSON body elsewhere', () => {
		expect(check('DELETE', '/v1/webhooks/wh_1', 204, undefined).ok).toBe(true);
		expect(check('DELETE', '/v1/webhooks/wh_1', 204, { deleted: true }).ok).toBe(false);
		expect(check('GET', '/v1/account', 200, undefined).ok).toBe(false);
	});

	it('reports a status the operation does not document', () => {
		const result = check('GET', '/v1/account', 404, ERROR_BODY);
		expect(result).toEqual({
			ok: false,
			errors: ['GET /v1/account does not document status 404'],
		});
	});

	it('reports a path or method that is not in the document', () => {
		expect(check('GET', '/v1/nothing', 200, {}).ok).toBe(false);
		expect(check('PUT', '/v1/account', 200, {}).ok).toBe(false);
		expect(check('GET', '/v1/video/generations/', 200, VIDEO_GENERATION).ok).toBe(false);
	});
});

describe('componentValidator', () => {
	const payload = componentValidator(document, 'WebhookPayload');

	it('accepts the delivery printed in seed 000', () => {
		const seed = {
			id: 'vgen_abc123',
			object: 'video.generation',
			status: 'completed',
			model: 'kling-v3',
			prompt: 'Product reveal animation on white background',
			output_url: 'https://cdn.creativeai.run/output/video-abc123.mp4',
			credits: 3,
			failover_used: false,
			completed_at: '2026-03-10T14:23:01Z',
		};
		expect(payload(seed)).toEqual({ ok: true, errors: [] });
	});

	it('refuses a payload of neither kind', () => {
		expect(payload({ id: 'x', object: 'image.generation', status: 'completed' }).ok).toBe(false);
	});

	it('throws for a schema name the document does not have', () => {
		expect(() => componentValidator(document, 'Nope')).toThrow('no components.schemas.Nope');
	});
});
