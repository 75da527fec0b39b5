// Builds the one HTTP request a call sends, from an endpoint of the contract table and the
// caller's parameters. Rule: every input is validated here, before anything reaches the transport,
// and the body is serialised once, so each retry sends exactly the same bytes.
import { endpointPath, parseInput, type EndpointSpec } from '../contract';
import { ValidationError } from '../errors';
import type { TransportRequest } from '../ports';
import { IDEMPOTENCY_KEY_HEADER, resolveIdempotencyKey } from './idempotency';
import type { ResolvedClientOptions } from './options';
import type { RetryOptions } from './retry';
import { transportTimeouts } from './timeouts';

export interface SendParams {
	/** Fills `{id}` in the endpoint's path. */
	id?: string;
	/** Checked against the endpoint's body schema, then sent as JSON. */
	body?: unknown;
	/** Checked against the endpoint's query schema. */
	query?: unknown;
	signal?: AbortSignal;
	/** For endpoints that take one (creates); a new key is made when absent. */
	idempotencyKey?: string;
	/** `false`: one attempt only (the caller handles transient errors); or overrides for this call. */
	retry?: false | Partial<RetryOptions>;
}

export function prepareRequest(
	endpoint: EndpointSpec,
	params: SendParams,
	options: ResolvedClientOptions,
): TransportRequest {
	const headers: Record<string, string> = {
		Authorization: `Bearer ${options.apiKey}`,
		Accept: 'application/json',
		'User-Agent': options.userAgent,
	};
	const body = serialiseBody(endpoint, params.body);
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (endpoint.idempotent) {
		headers[IDEMPOTENCY_KEY_HEADER] = resolveIdempotencyKey(params.idempotencyKey);
	} else if (params.idempotencyKey !== undefined) {
		throw new TypeError(`${endpoint.operationId} does not take an idempotencyKey`);
	}
	return {
		method: endpoint.method,
		url: `${options.baseUrl}${pathOf(endpoint, params.id)}${queryOf(endpoint, params.query)}`,
		headers,
		body,
		timeouts: transportTimeouts(options.timeouts),
		maxResponseBytes: options.maxResponseBytes,
		// Set per attempt: each attempt has a signal of its own.
		signal: undefined,
	};
}

function pathOf(endpoint: EndpointSpec, id: unknown): string {
	if (!endpoint.path.includes('{id}')) {
		if (id !== undefined) throw new TypeError(`${endpoint.operationId} takes no id`);
		return endpoint.path;
	}
	if (typeof id !== 'string') throw new TypeError(`${endpoint.operationId} needs an id string`);
	const trimmed = id.trim();
	if (trimmed === '') throw new ValidationError([{ field: 'id', message: 'must not be empty' }]);
	// `.` and `..` survive encodeURIComponent and URL parsing turns them into path steps, so
	// getVideo('.') would call the list endpoint and a DELETE of '..' a parent path.
	if (trimmed === '.' || trimmed === '..') {
		throw new ValidationError([
			{ field: 'id', message: `must be a generation id, not "${trimmed}"` },
		]);
	}
	return endpointPath(endpoint.path, trimmed);
}

function serialiseBody(endpoint: EndpointSpec, body: unknown): string | undefined {
	if (endpoint.body === undefined) {
		if (body !== undefined) throw new TypeError(`${endpoint.operationId} takes no body`);
		return undefined;
	}
	return JSON.stringify(parseInput(endpoint.body, body));
}

function queryOf(endpoint: EndpointSpec, query: unknown): string {
	if (endpoint.query === undefined) {
		if (query !== undefined) throw new TypeError(`${endpoint.operationId} takes no query`);
		return '';
	}
	const parsed = parseInput(endpoint.query, query ?? {}) as Record<string, unknown>;
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(parsed)) {
		if (value !== undefined && value !== null) search.append(name, String(value));
	}
	const text = search.toString();
	return text === '' ? '' : `?${text}`;
}
