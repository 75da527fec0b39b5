// The OpenAPI 3.1 document of the contract, built from the zod schemas and the endpoint table, so
// the published description can never disagree with what the client sends and the sandbox answers.
// Rules: no field, path or status is restated here by hand (they are read from the contract; only
// prose, names and the servers live in this file), and building is pure: the script
// scripts/generate-openapi.ts writes docs/openapi.json, and a test keeps the two equal.
import { z } from 'zod/v4';

import { accountSchema } from './account';
import { apiErrorCodeSchema, errorBodySchema, terminalStatusSchema } from './common';
import { endpoints, type EndpointName, type EndpointSpec } from './endpoints';
import {
	createVideoRequestSchema,
	durationSchema,
	videoGenerationListSchema,
	videoGenerationSchema,
} from './video';
import { createVoiceRequestSchema, voiceGenerationSchema } from './voice';
import {
	createWebhookSubscriptionRequestSchema,
	videoWebhookPayloadSchema,
	voiceWebhookPayloadSchema,
	WEBHOOK_HEADERS,
	WEBHOOK_USER_AGENT,
	webhookEventSchema,
	webhookHeadersSchema,
	webhookPayloadSchema,
	webhookSubscriptionListSchema,
	webhookSubscriptionSchema,
} from './webhooks';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
	openapi: '3.1.0';
	info: { title: string; version: string; description: string };
	servers: { url: string; description: string }[];
	security: Record<string, string[]>[];
	tags: { name: string }[];
	paths: Record<string, Record<string, JsonSchema>>;
	webhooks: Record<string, Record<string, JsonSchema>>;
	components: {
		schemas: Record<string, JsonSchema>;
		responses: Record<string, JsonSchema>;
		parameters: Record<string, JsonSchema>;
		securitySchemes: Record<string, JsonSchema>;
	};
}

/** The contract's version, bumped when the contract changes (not the npm package's version). */
const CONTRACT_VERSION = '1.0.0';
const JSON_MEDIA_TYPE = 'application/json';
const SECURITY_SCHEME = 'bearerAuth';

const SERVERS = [
	{ url: 'https://api.creativeai.run', description: 'Production' },
	{ url: 'http://127.0.0.1:4010', description: 'Local sandbox (the creativeai sandbox command)' },
];

/** Request bodies, converted as input: `duration` may be "5s" and defaulted fields are optional. */
const REQUEST_SCHEMAS = {
	CreateVideoRequest: createVideoRequestSchema,
	CreateVoiceRequest: createVoiceRequestSchema,
	CreateWebhookSubscriptionRequest: createWebhookSubscriptionRequestSchema,
} satisfies Record<string, z.ZodType>;

/** What the API and its webhooks send, converted as output. */
const RESPONSE_SCHEMAS = {
	VideoGeneration: videoGenerationSchema,
	VideoGenerationList: videoGenerationListSchema,
	VoiceGeneration: voiceGenerationSchema,
	WebhookSubscription: webhookSubscriptionSchema,
	WebhookSubscriptionList: webhookSubscriptionListSchema,
	Account: accountSchema,
	ErrorBody: errorBodySchema,
	WebhookPayload: webhookPayloadSchema,
	VideoWebhookPayload: videoWebhookPayloadSchema,
	VoiceWebhookPayload: voiceWebhookPayloadSchema,
} satisfies Record<string, z.ZodType>;

const ENDPOINT_TAGS = {
	createVideo: 'Video',
	getVideo: 'Video',
	listVideos: 'Video',
	createVoice: 'Voice',
	getVoice: 'Voice',
	createWebhookSubscription: 'Webhook subscriptions',
	listWebhookSubscriptions: 'Webhook subscriptions',
	deleteWebhookSubscription: 'Webhook subscriptions',
	getAccount: 'Account',
} satisfies Record<EndpointName, string>;

const SUCCESS_DESCRIPTIONS: Record<EndpointSpec['successStatus'], string> = {
	200: 'OK.',
	201: 'Created.',
	202: 'Accepted: the job is queued and renders asynchronously. Poll it by id or wait for its webhook.',
	204: 'Done; no body.',
};

/** Shared error answers, keyed by status (`5XX` is OpenAPI's range key). */
const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
	400: {
		name: 'BadRequest',
		description: 'The request could not be read: malformed JSON or a bad query parameter.',
	},
	401: {
		name: 'Unauthorized',
		description: 'The API key is missing or was rejected (invalid_api_key).',
	},
	402: {
		name: 'InsufficientCredits',
		description: 'The account has too few credits for this job (insufficient_credits).',
	},
	404: { name: 'NotFound', description: 'No such resource for this API key (not_found).' },
	409: {
		name: 'IdempotencyConflict',
		description:
			'The Idempotency-Key was already used with a different body (idempotency_conflict).',
	},
	422: {
		name: 'ValidationFailed',
		description:
			'A field was refused (validation_error, unsafe_webhook_url); error.fields names each one.',
	},
	429: {
		name: 'RateLimited',
		description: 'Too many requests for this key (rate_limited): wait for Retry-After.',
	},
	'5XX': {
		name: 'ServerError',
		description: 'A server error (server_error); usually temporary, so retry with backoff.',
	},
};
/** Every operation may answer these, on top of its own `errorStatuses`. */
const COMMON_ERROR_KEYS = ['401', '429', '5XX'];

const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
	id: 'The id the create call returned.',
};

/** Header spellings as the service sends them; the schema keys are lower-case for lookup. */
const WEBHOOK_HEADER_DOCS = {
	'x-creativeai-event': {
		name: 'X-CreativeAI-Event',
		description: 'The event. Read `status` from the body as the truth.',
	},
	'x-creativeai-delivery-id': {
		name: 'X-CreativeAI-Delivery-Id',
		description: 'The generation id: de-duplicate by it together with `status`.',
	},
	'x-creativeai-signature': {
		name: 'X-CreativeAI-Signature',
		description:
			"`sha256=` and the hex HMAC-SHA256 of the raw body bytes, keyed with the account's API key. Verify it before parsing.",
	},
	'user-agent': { name: 'User-Agent', description: `Always ${WEBHOOK_USER_AGENT}.` },
} satisfies Record<keyof typeof webhookHeadersSchema.shape, { name: string; description: string }>;

const WEBHOOK_RECEIPT_DESCRIPTION =
	'Received. Answer within 10 seconds. 5xx, 429, timeouts and connection errors are retried ' +
	'(3 attempts in all, at 0 s, 5 s and 30 s); other 4xx are not, and the result stays available by id.';

type Io = 'input' | 'output';
type OverrideContext = Parameters<
	NonNullable<NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override']>
>[0];

/**
 * Builds the OpenAPI 3.1.0 document. Pure and deterministic: paths and components are in sorted
 * order, so the generated file only changes when the contract does. Throws if an endpoint lists an
 * error status this file has no description for, or a schema zod cannot express in JSON Schema.
 */
export function buildOpenApiDocument(): OpenApiDocument {
	const schemaNames = new Map<z.ZodType, string>();
	for (const named of [REQUEST_SCHEMAS, RESPONSE_SCHEMAS]) {
		for (const [name, schema] of Object.entries(named)) schemaNames.set(schema, name);
	}
	const schemas = {
		...convertNamed(REQUEST_SCHEMAS, 'input'),
		...convertNamed(RESPONSE_SCHEMAS, 'output'),
	};
	schemas.WebhookPayload = {
		...schemas.WebhookPayload,
		discriminator: discriminatorOf(webhookPayloadSchema, schemaNames),
	};
	schemas.ErrorBody = {
		description: `error.code is one of ${apiErrorCodeSchema.options.join(', ')}.`,
		...schemas.ErrorBody,
	};

	const specs: [EndpointName, EndpointSpec][] = Object.entries(endpoints).map(([name, spec]) => [
		name as EndpointName,
		spec,
	]);
	return {
		openapi: '3.1.0',
		info: {
			title: 'CreativeAI API',
			version: CONTRACT_VERSION,
			description:
				'Asynchronous video and voice generation. A create answers 202 with a job id at once; ' +
				'the result arrives by a signed webhook (see `webhooks`) or by polling the job by id.',
		},
		servers: SERVERS,
		security: [{ [SECURITY_SCHEME]: [] }],
		tags: [...new Set(Object.values(ENDPOINT_TAGS))].map((name) => ({ name })),
		paths: buildPaths(specs, schemaNames),
		webhooks: buildWebhooks(),
		components: {
			schemas: sortedRecord(schemas),
			responses: errorResponseComponents(),
			parameters: {
				IdempotencyKey: {
					name: 'Idempotency-Key',
					in: 'header',
					required: false,
					description:
						'Makes a create safe to retry: the same key within 24 hours returns the first job ' +
						'instead of creating a second one. Use a new key for each new job.',
					schema: { type: 'string', minLength: 1 },
				},
			},
			securitySchemes: {
				[SECURITY_SCHEME]: {
					type: 'http',
					scheme: 'bearer',
					description: 'The account API key (rph_live_...). It is also the webhook signing secret.',
				},
			},
		},
	};
}

function buildPaths(
	specs: [EndpointName, EndpointSpec][],
	schemaNames: Map<z.ZodType, string>,
): OpenApiDocument['paths'] {
	const paths: OpenApiDocument['paths'] = {};
	for (const [name, spec] of specs) {
		const item = (paths[spec.path] ??= {});
		item[spec.method.toLowerCase()] = buildOperation(name, spec, schemaNames);
	}
	return sortedRecord(paths);
}

function buildOperation(
	name: EndpointName,
	spec: EndpointSpec,
	schemaNames: Map<z.ZodType, string>,
): JsonSchema {
	const parameters = [
		...pathParameters(spec.path),
		...(spec.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
		...(spec.query ? queryParameters(spec.query) : []),
	];
	const responses: Record<string, JsonSchema> = {
		[String(spec.successStatus)]: {
			description: SUCCESS_DESCRIPTIONS[spec.successStatus],
			...(spec.response && {
				content: jsonContent(schemaRef(spec.response, schemaNames, 'output')),
			}),
		},
	};
	for (const key of [...spec.errorStatuses.map(String), ...COMMON_ERROR_KEYS].sort()) {
		responses[key] = { $ref: `#/components/responses/${errorResponse(key).name}` };
	}
	return {
		operationId: spec.operationId,
		summary: spec.summary,
		tags: [ENDPOINT_TAGS[name]],
		...(parameters.length > 0 && { parameters }),
		...(spec.body && {
			requestBody: {
				required: true,
				content: jsonContent(schemaRef(spec.body, schemaNames, 'input')),
			},
		}),
		responses,
	};
}

function pathParameters(path: string): JsonSchema[] {
	return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		...(PATH_PARAMETER_DESCRIPTIONS[name] && { description: PATH_PARAMETER_DESCRIPTIONS[name] }),
		schema: { type: 'string', minLength: 1 },
	}));
}

function queryParameters(query: z.ZodType): JsonSchema[] {
	const { properties, required } = objectParts(toJsonSchema(query, 'input'));
	return Object.entries(properties).map(([name, schema]) => ({
		name,
		in: 'query',
		required: required.includes(name),
		schema,
	}));
}

function buildWebhooks(): OpenApiDocument['webhooks'] {
	const webhooks: OpenApiDocument['webhooks'] = {};
	for (const status of terminalStatusSchema.options) {
		const name = `generation${status[0].toUpperCase()}${status.slice(1)}`;
		webhooks[name] = {
			post: {
				operationId: name,
				summary: `A video or voice generation ${status}`,
				description:
					"POSTed to the job's webhook_url and to each subscription for generation." +
					`${status}. Only terminal states are sent; duplicates can happen.`,
				security: [],
				parameters: webhookHeaderParameters(status),
				requestBody: {
					required: true,
					content: jsonContent({
						allOf: [
							{ $ref: '#/components/schemas/WebhookPayload' },
							{ properties: { status: { const: status } } },
						],
					}),
				},
				responses: { '2XX': { description: WEBHOOK_RECEIPT_DESCRIPTION } },
			},
		};
	}
	return webhooks;
}

function webhookHeaderParameters(status: string): JsonSchema[] {
	const { properties, required } = objectParts(toJsonSchema(webhookHeadersSchema, 'output'));
	return Object.entries(properties).map(([key, schema]) => {
		const doc = WEBHOOK_HEADER_DOCS[key as keyof typeof WEBHOOK_HEADER_DOCS];
		if (!doc) throw new Error(`openapi: no spelling for webhook header ${key}`);
		return {
			name: doc.name,
			in: 'header',
			required: required.includes(key),
			description: doc.description,
			// The service sends the true event, so each delivery kind narrows the header to its own.
			schema:
				key === WEBHOOK_HEADERS.event
					? { ...schema, enum: webhookEventSchema.options.filter((e) => e.endsWith(`.${status}`)) }
					: schema,
			...(key === 'user-agent' && { example: WEBHOOK_USER_AGENT }),
		};
	});
}

function errorResponseComponents(): Record<string, JsonSchema> {
	const responses: Record<string, JsonSchema> = {};
	for (const [key, { name, description }] of Object.entries(ERROR_RESPONSES)) {
		responses[name] = {
			description,
			...(key === '429' && {
				headers: {
					'Retry-After': {
						description: 'How long to wait before retrying: seconds, or an HTTP date.',
						schema: { type: 'string' },
					},
				},
			}),
			content: jsonContent({ $ref: '#/components/schemas/ErrorBody' }),
		};
	}
	return sortedRecord(responses);
}

function errorResponse(key: string): { name: string; description: string } {
	const response = ERROR_RESPONSES[key];
	if (!response) throw new Error(`openapi: no error response described for status ${key}`);
	return response;
}

function jsonContent(schema: JsonSchema): JsonSchema {
	return { [JSON_MEDIA_TYPE]: { schema } };
}

/** A `$ref` to the named component, or the schema inline when it has no name. */
function schemaRef(schema: z.ZodType, schemaNames: Map<z.ZodType, string>, io: Io): JsonSchema {
	const name = schemaNames.get(schema);
	return name ? { $ref: `#/components/schemas/${name}` } : toJsonSchema(schema, io);
}

/** OpenAPI's discriminator for a zod discriminated union whose options are all named. */
function discriminatorOf(
	union: typeof webhookPayloadSchema,
	schemaNames: Map<z.ZodType, string>,
): JsonSchema {
	const propertyName = union._zod.def.discriminator;
	const mapping: Record<string, string> = {};
	for (const option of union.options) {
		const name = schemaNames.get(option);
		if (!name) throw new Error('openapi: every option of a discriminated union needs a name');
		mapping[String(option.shape[propertyName as 'object'].value)] = `#/components/schemas/${name}`;
	}
	return { propertyName, mapping };
}

/** Converts the named schemas together, so a named schema inside another becomes a `$ref`. */
function convertNamed(named: Record<string, z.ZodType>, io: Io): Record<string, JsonSchema> {
	const registry = z.registry<{ id: string }>();
	for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
	const { schemas } = z.toJSONSchema(registry, {
		...conversionOptions(io),
		uri: (id) => `#/components/schemas/${id}`,
	});
	// zod puts schemas it had to extract (cycles, reuse) under __shared, which OpenAPI cannot reach.
	if ('__shared' in schemas) throw new Error('openapi: a schema needs shared definitions');
	const result: Record<string, JsonSchema> = {};
	for (const [id, schema] of Object.entries(schemas)) result[id] = withoutSchemaIds(schema);
	return result;
}

function toJsonSchema(schema: z.ZodType, io: Io): JsonSchema {
	return withoutSchemaIds(z.toJSONSchema(schema, conversionOptions(io)));
}

function conversionOptions(io: Io) {
	return {
		io,
		// Anything zod cannot express must fail the build, never turn silently into "any value".
		unrepresentable: 'throw' as const,
		override: (ctx: OverrideContext) => adjustSchema(ctx, io),
	};
}

/** Where zod's JSON Schema would describe the wire wrongly, this says what zod actually accepts. */
function adjustSchema({ zodSchema, jsonSchema }: OverrideContext, io: Io): void {
	const def = zodSchema._zod.def;
	if (def.type === 'object') {
		if (def.catchall === undefined && io === 'output') {
			// A plain z.object strips unknown keys on parse, so a response may carry more fields;
			// zod's output view says `false`, which would make tomorrow's new field a violation.
			delete jsonSchema.additionalProperties;
		} else if (def.catchall?._zod.def.type === 'unknown') {
			jsonSchema.additionalProperties = true; // a loose object; zod writes the equivalent {}
		}
	}
	if (zodSchema === durationSchema && io === 'input') {
		// The input view shows number | "5s" but loses the bounds, which sit after the transform.
		const bounds = toJsonSchema(durationSchema, 'output');
		const branches = (jsonSchema.anyOf ?? []) as JsonSchema[];
		jsonSchema.anyOf = branches.map((branch) =>
			branch.type === 'number' ? { ...branch, ...bounds } : branch,
		);
		jsonSchema.description = 'Seconds: a number such as 5, or a string such as "5s".';
	}
}

function withoutSchemaIds(schema: object): JsonSchema {
	const rest: JsonSchema = { ...(schema as JsonSchema) };
	delete rest.$schema;
	delete rest.$id;
	return rest;
}

function objectParts(schema: JsonSchema): {
	properties: Record<string, JsonSchema>;
	required: string[];
} {
	if (schema.type !== 'object') throw new Error('openapi: expected an object schema');
	return {
		properties: (schema.properties ?? {}) as Record<string, JsonSchema>,
		required: (schema.required ?? []) as string[],
	};
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
	return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
