// Checks an HTTP answer against the OpenAPI document, for tests that claim "every sandbox response
// matches the published contract". It finds the operation by method and concrete path, the
// response by status (exact, then `5XX`-style range, then `default`), and validates the JSON body
// with ajv's draft 2020-12 build, the dialect OpenAPI 3.1 uses. It never throws for a bad answer:
// it returns `{ ok: false, errors }` with one readable line per problem. `componentValidator`
// checks a value against one named schema the same way.
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';

import type { JsonSchema, OpenApiDocument } from '../../src/core/contract/openapi';

export interface ResponseCheck {
	ok: boolean;
	errors: string[];
}

export type ResponseValidator = (
	method: string,
	path: string,
	status: number,
	body: unknown,
) => ResponseCheck;

/** The id the whole document is registered under, so its `#/components/...` refs resolve. */
const DOCUMENT_ID = 'https://openapi.invalid/document.json';
const JSON_MEDIA_TYPE = 'application/json';
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function responseValidator(document: OpenApiDocument): ResponseValidator {
	const ajv = documentAjv(document);
	const compiled = new Map<string, ValidateFunction>();
	const templates = Object.keys(document.paths);

	return (method, path, status, body) => {
		const template = matchPath(templates, path);
		const verb = method.toLowerCase();
		const operation = template === undefined ? undefined : document.paths[template][verb];
		if (template === undefined || operation === undefined) {
			return fail(`${method.toUpperCase()} ${path} is not an operation of the document`);
		}
		const where = `${method.toUpperCase()} ${template}`;
		const found = findResponse(document, operation, status);
		if (found === undefined) return fail(`${where} does not document status ${status}`);

		const content = found.response.content as Record<string, { schema: JsonSchema }> | undefined;
		const schema = content?.[JSON_MEDIA_TYPE]?.schema;
		if (schema === undefined) {
			return isEmptyBody(body) ? pass() : fail(`${where} ${status} documents no body`);
		}
		if (body === undefined) return fail(`${where} ${status} should have a JSON body`);

		const key = `${template} ${verb} ${found.key}`;
		let validate = compiled.get(key);
		if (validate === undefined) {
			validate = ajv.compile(refsIntoDocument(schema) as object);
			compiled.set(key, validate);
		}
		return check(validate, body, `${where} ${status}: body`);
	};
}

/**
 * A check of any value against one of `components.schemas` (a webhook payload, a request body).
 * Throws if the document has no schema of that name: that is a mistake in the test, not the value.
 */
export function componentValidator(
	document: OpenApiDocument,
	name: string,
): (value: unknown) => ResponseCheck {
	if (!(name in document.components.schemas)) throw new Error(`no components.schemas.${name}`);
	const validate = documentAjv(document).compile({
		$ref: `${DOCUMENT_ID}#/components/schemas/${name}`,
	});
	return (value) => check(validate, value, name);
}

function check(validate: ValidateFunction, value: unknown, label: string): ResponseCheck {
	if (validate(value)) return pass();
	return {
		ok: false,
		errors: (validate.errors ?? []).map(
			(error) => `${label}${error.instancePath} ${error.message ?? 'is invalid'}`,
		),
	};
}

function documentAjv(document: OpenApiDocument): Ajv2020 {
	// strict is off so OpenAPI's own keywords (discriminator, example) are ignored, not refused.
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	// ajv-formats is not installed; these are the formats zod emits for our schemas.
	ajv.addFormat('date-time', {
		type: 'string',
		validate: (value) => RFC3339_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
	});
	ajv.addFormat('uri', { type: 'string', validate: (value) => URL.canParse(value) });
	ajv.addSchema({ ...structuredClone(document), $id: DOCUMENT_ID }, undefined, undefined, false);
	return ajv;
}

/** OpenAPI's rule: a path without templating wins over a templated one that also matches. */
function matchPath(templates: string[], path: string): string | undefined {
	const segments = path.split(/[?#]/)[0].split('/');
	const matches = templates.filter((template) => {
		const parts = template.split('/');
		return (
			parts.length === segments.length &&
			parts.every((part, i) => (isTemplated(part) ? segments[i] !== '' : part === segments[i]))
		);
	});
	const templatedCount = (template: string) => template.split('/').filter(isTemplated).length;
	return matches.sort((a, b) => templatedCount(a) - templatedCount(b))[0];
}

function isTemplated(part: string): boolean {
	return part.startsWith('{') && part.endsWith('}');
}

function findResponse(
	document: OpenApiDocument,
	operation: JsonSchema,
	status: number,
): { key: string; response: JsonSchema } | undefined {
	const responses = operation.responses as Record<string, JsonSchema>;
	for (const key of [String(status), `${Math.floor(status / 100)}XX`, 'default']) {
		const response = responses[key];
		if (response !== undefined) return { key, response: resolveRef(document, response) };
	}
	return undefined;
}

/** Follows a local `$ref` such as `#/components/responses/NotFound`. */
function resolveRef(document: OpenApiDocument, value: JsonSchema): JsonSchema {
	if (typeof value.$ref !== 'string') return value;
	const pointer = value.$ref.replace(/^#\//, '').split('/');
	let target: unknown = document;
	for (const part of pointer) {
		target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	if (target === undefined) throw new Error(`unresolvable $ref ${value.$ref}`);
	return resolveRef(document, target as JsonSchema);
}

/** Makes `#/...` refs point into the registered document, so the schema compiles on its own. */
function refsIntoDocument(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(refsIntoDocument);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [
			key,
			key === '$ref' && typeof inner === 'string' && inner.startsWith('#')
				? `${DOCUMENT_ID}${inner}`
				: refsIntoDocument(inner),
		]),
	);
}

function isEmptyBody(body: unknown): boolean {
	return body === undefined || body === null || body === '';
}

function pass(): ResponseCheck {
	return { ok: true, errors: [] };
}

function fail(error: string): ResponseCheck {
	return { ok: false, errors: [error] };
}
