// Reads a success answer into the contract's type. Rule: a body that does not match the endpoint's
// response schema is an error the user can act on (wrong base URL, a proxy page), never a value
// that breaks a workflow three steps later.
import type { z } from 'zod/v4';

import { toFieldIssues, type EndpointSpec } from '../contract';
import { parseJson } from '../json';
import type { TransportResponse } from '../ports';
import { containsSecret, redactData, redactText } from '../redaction';
import { REQUEST_ID_HEADER, unexpectedResponseError } from './mapError';

/** What `send` resolves to: the parsed body and what else a poller may need (Retry-After). */
export interface ApiResponse<T> {
	data: T;
	status: number;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	requestId?: string;
}

/** The parsed response type of an endpoint; `undefined` for one that answers 204. */
export type ResponseOf<E extends EndpointSpec> = E extends { response: infer S extends z.ZodType }
	? z.output<S>
	: undefined;

/** Issues quoted when a body does not match: enough to diagnose, short enough to read. */
const MAX_ISSUES_QUOTED = 3;

export function isSuccessStatus(status: number): boolean {
	return status >= 200 && status <= 299;
}

/**
 * The answer's parsed body, status and headers. `secretSpellings` (the API key as a server may
 * echo it) are scrubbed from the data and headers, so nothing read from them later (a failed
 * job's error_message, a request id) can carry the key into an error.
 */
export function readSuccess<E extends EndpointSpec>(
	endpoint: E,
	response: TransportResponse,
	apiKey: string,
	secretSpellings: readonly string[] = [],
): ApiResponse<ResponseOf<E>> {
	scrubHeaders(response.headers, secretSpellings);
	if (endpoint.response === undefined) return apiResponse(response, undefined);

	const json = parseJson(response.body);
	if (!json.ok) {
		const excerpt =
			json.reason === 'too_deep'
				? 'JSON nested too deeply to be an answer of the API'
				: `not JSON but ${response.body.trim() === '' ? 'an empty body' : `"${response.body.trim()}"`}`;
		throw unexpectedResponseError(response, endpoint.operationId, excerpt, apiKey);
	}
	const parsed = endpoint.response.safeParse(json.value);
	if (!parsed.success) {
		const issues = toFieldIssues(parsed.error)
			.slice(0, MAX_ISSUES_QUOTED)
			.map((issue) => `${issue.field}: ${issue.message}`)
			.join('; ');
		throw unexpectedResponseError(response, endpoint.operationId, issues, apiKey);
	}
	// A `\u` escape can spell the key without its letters appearing in the raw text.
	const mayEcho =
		secretSpellings.length > 0 &&
		(containsSecret(response.body, secretSpellings) || response.body.includes('\\u'));
	return apiResponse(response, mayEcho ? redactData(parsed.data, secretSpellings) : parsed.data);
}

function scrubHeaders(headers: Record<string, string>, secretSpellings: readonly string[]): void {
	if (secretSpellings.length === 0) return;
	for (const name in headers) {
		const value = headers[name];
		if (containsSecret(value, secretSpellings)) headers[name] = redactText(value, secretSpellings);
	}
}

function apiResponse<T>(response: TransportResponse, data: unknown): ApiResponse<T> {
	return {
		data: data as T,
		status: response.status,
		headers: response.headers,
		requestId: response.headers[REQUEST_ID_HEADER],
	};
}
