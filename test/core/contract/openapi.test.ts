import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileErrors, validate } from '@readme/openapi-parser';
import fc from 'fast-check';

import {
	ASPECT_RATIOS,
	createVideoRequestSchema,
	RESOLUTIONS,
	VIDEO_MODELS,
} from '../../../src/core/contract/video';
import { endpoints, type EndpointSpec } from '../../../src/core/contract/endpoints';
import { buildOpenApiDocument, type JsonSchema } from '../../../src/core/contract/openapi';
import { componentValidator } from '../../support/openapiResponses';

const CHECKED_IN_PATH = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');
const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

const document = buildOpenApiDocument();
const specs: EndpointSpec[] = Object.values(endpoints);

function operationOf(spec: EndpointSpec): JsonSchema {
	return document.paths[spec.path][spec.method.toLowerCase()];
}

function resolve(value: JsonSchema): JsonSchema {
	if (typeof value.$ref !== 'string') return value;
	let target: unknown = document;
	for (const part of value.$ref.slice(2).split('/')) {
		target = (target as Record<string, unknown>)[part];
	}
	return target as JsonSchema;
}

function jsonSchemaOf(response: JsonSchema): JsonSchema | undefined {
	const content = resolve(response).content as Record<string, { schema: JsonSchema }> | undefined;
	return content?.['application/json'].schema;
}

function parametersOf(operation: JsonSchema): JsonSchema[] {
	return ((operation.parameters ?? []) as JsonSchema[]).map(resolve);
}

function allRefs(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(allRefs);
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, inner]) =>
		key === '$ref' && typeof inner === 'string' ? [inner] : allRefs(inner),
	);
}

describe('docs/openapi.json', () => {
	it('equals the document built from the contract (if not: run npm run openapi)', () => {
		const checkedIn: unknown = JSON.parse(readFileSync(CHECKED_IN_PATH, 'utf8'));
		try {
			expect(checkedIn).toEqual(JSON.parse(JSON.stringify(document)));
		} catch (error) {
			throw new Error(
				`docs/openapi.json is out of date with src/core/contract: run npm run openapi\n\n${
					(error as Error).message
				}`,
			);
		}
	});
});

describe('buildOpenApiDocument', () => {
	it('is a valid OpenAPI 3.1 document according to @readme/openapi-parser', async () => {
		// validate() dereferences its argument in place, so it gets a copy.
		const result = await validate(structuredClone(document) as never);
		if (!result.valid) throw new Error(compileErrors(result));
		expect(result.specification).toBe('OpenAPI');
		expect(document.openapi).toBe('3.1.0');
	});

	it('is the same document on every call, so the generated file is stable', () => {
		expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(document));
	});

	it('documents every endpoint of the table with its operationId and success status', () => {
		for (const spec of specs) {
			const operation = operationOf(spec);
			expect(operation).toMatchObject({ operationId: spec.operationId });
			const success = (operation.responses as Record<string, JsonSchema>)[
				String(spec.successStatus)
			];
			expect(success).toBeDefined();
			// A 204 has no body; every other success returns the endpoint's response schema.
			expect(jsonSchemaOf(success) === undefined).toBe(spec.response === undefined);
		}
		const operationIds = Object.values(document.paths).flatMap((item) =>
			Object.values(item).map((operation) => operation.operationId),
		);
		expect(operationIds.sort()).toEqual(specs.map((spec) => spec.operationId).sort());
	});

	it("answers errors with the ErrorBody schema: 401, 429, 5XX and each endpoint's own", () => {
		for (const spec of specs) {
			const responses = operationOf(spec).responses as Record<string, JsonSchema>;
			for (const key of [...spec.errorStatuses.map(String), '401', '429', '5XX']) {
				expect({ key, schema: jsonSchemaOf(responses[key]) }).toEqual({
					key,
					schema: { $ref: ERROR_BODY_REF },
				});
			}
		}
	});

	it('tells a rate-limited client to wait for the Retry-After header', () => {
		const rateLimited = resolve(
			(operationOf(endpoints.getVideo).responses as Record<string, JsonSchema>)['429'],
		);
		expect(rateLimited.headers).toHaveProperty('Retry-After');
	});

	it('offers the Idempotency-Key header on the idempotent creates and nowhere else', () => {
		for (const spec of specs) {
			const names = parametersOf(operationOf(spec)).map((parameter) => parameter.name);
			expect({ op: spec.operationId, idempotent: names.includes('Idempotency-Key') }).toEqual({
				op: spec.operationId,
				idempotent: Boolean(spec.idempotent),
			});
		}
		expect(resolve({ $ref: '#/components/parameters/IdempotencyKey' })).toMatchObject({
			in: 'header',
		});
	});

	it('declares each {id} of a path as a required path parameter', () => {
		const templated = specs.filter((spec) => spec.path.includes('{id}'));
		expect(templated.length).toBeGreaterThan(0);
		for (const spec of templated) {
			expect(parametersOf(operationOf(spec))).toContainEqual(
				expect.objectContaining({ name: 'id', in: 'path', required: true }),
			);
		}
	});

	it('turns the list query schema into optional query parameters', () => {
		const query = parametersOf(operationOf(endpoints.listVideos)).filter((p) => p.in === 'query');
		expect(query.map((p) => [p.name, p.required])).toEqual([
			['limit', false],
			['starting_after', false],
			['status', false],
		]);
		expect(query[0].schema).toMatchObject({ type: 'integer', maximum: 100, default: 20 });
	});

	it('serves production and the sandbox, behind bearer authentication', () => {
		expect(document.servers.map((server) => server.url)).toEqual([
			'https://api.creativeai.run',
			'http://127.0.0.1:4010',
		]);
		const [requirement] = document.security;
		const [schemeName] = Object.keys(requirement);
		expect(document.components.securitySchemes[schemeName]).toMatchObject({
			type: 'http',
			scheme: 'bearer',
		});
	});

	it('names the payload schemas in components and refers to them by $ref', () => {
		expect(Object.keys(document.components.schemas)).toEqual(
			expect.arrayContaining([
				'VideoGeneration',
				'CreateVideoRequest',
				'VoiceGeneration',
				'CreateVoiceRequest',
				'WebhookSubscription',
				'ErrorBody',
				'WebhookPayload',
				'Account',
				'VideoGenerationList',
				'WebhookSubscriptionList',
			]),
		);
		const createVideo = operationOf(endpoints.createVideo);
		expect(createVideo.requestBody).toMatchObject({
			content: {
				'application/json': { schema: { $ref: '#/components/schemas/CreateVideoRequest' } },
			},
		});
		expect(jsonSchemaOf((createVideo.responses as Record<string, JsonSchema>)['202'])).toEqual({
			$ref: '#/components/schemas/VideoGeneration',
		});
	});

	it('has no $ref that points nowhere and no $schema left inside', () => {
		for (const ref of allRefs(document)) {
			expect({ ref, found: resolve({ $ref: ref }) !== undefined }).toEqual({ ref, found: true });
		}
		expect(JSON.stringify(document)).not.toContain('"$schema"');
	});

	it('describes both webhook deliveries with the payload and the signed headers', () => {
		for (const [name, status] of [
			['generationCompleted', 'completed'],
			['generationFailed', 'failed'],
		] as const) {
			const delivery = document.webhooks[name].post;
			const headers = parametersOf(delivery);
			expect(headers.map((h) => [h.name, h.in, h.required])).toEqual([
				['X-CreativeAI-Event', 'header', true],
				['X-CreativeAI-Delivery-Id', 'header', true],
				['X-CreativeAI-Signature', 'header', true],
				['User-Agent', 'header', false],
			]);
			expect((headers[0].schema as JsonSchema).enum).toEqual([
				`video.generation.${status}`,
				`voice.generation.${status}`,
			]);
			expect(JSON.stringify(delivery.requestBody)).toContain('#/components/schemas/WebhookPayload');
			expect(Object.keys(delivery.responses as object)).toEqual(['2XX']);
		}
	});
});

describe('the document as a client-side contract', () => {
	const createVideoBody = componentValidator(document, 'CreateVideoRequest');

	it.each([5, '5s'])('accepts duration %p in a create body', (duration) => {
		expect(createVideoBody({ prompt: 'A drone shot', duration })).toEqual({ ok: true, errors: [] });
	});

	it('leaves fields with a default (model, failover) optional in a create body', () => {
		expect(createVideoBody({ prompt: 'A drone shot' }).ok).toBe(true);
	});

	it('refuses a create body with an unknown field, as the client does', () => {
		const result = createVideoBody({ prompt: 'A drone shot', colour: 'red' });
		expect(result.ok).toBe(false);
		expect(result.errors.join('\n')).toContain('additional properties');
	});

	it('refuses a duration beyond the maximum, like the schema after its transform', () => {
		expect(createVideoBody({ prompt: 'A drone shot', duration: 61 }).ok).toBe(false);
		expect(createVideoBody({ prompt: 'A drone shot', duration: 0 }).ok).toBe(false);
	});

	it('accepts every create body the client would put on the wire', () => {
		const input = fc.record(
			{
				model: fc.constantFrom(...VIDEO_MODELS),
				prompt: fc.string({ maxLength: 40 }),
				image_url: fc.webUrl(),
				aspect_ratio: fc.constantFrom(...ASPECT_RATIOS),
				duration: fc.oneof(
					fc.double({ min: -5, max: 90, noNaN: true }),
					fc.integer({ min: 0, max: 90 }).map((n) => `${n}s`),
				),
				resolution: fc.constantFrom(...RESOLUTIONS),
				webhook_url: fc.webUrl(),
				failover: fc.boolean(),
			},
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(input, (value) => {
				const parsed = createVideoRequestSchema.safeParse(value);
				if (!parsed.success) return true;
				const result = createVideoBody(parsed.data);
				if (!result.ok) throw new Error(result.errors.join('\n'));
				return true;
			}),
		);
	});
});
