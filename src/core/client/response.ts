// Reads a success answer into the contract's type. Rule: a body that does not match the endpoint's
// response schema is an error the user can act on (wrong base URL, a proxy page), never a value
// that breaks a workflow three steps later.
import type { z } from 'zod/v4';

import { toFieldIssues, type EndpointSpec } from '../contract';
import type { TransportResponse } from '../ports';
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

export function readSuccess<E extends EndpointSpec>(
	endpoint: E,
	response: TransportResponse,
	apiKey: string,
): ApiResponse<ResponseOf<E>> {
	if (endpoint.response === undefined) return apiResponse(response, undefined);

	let json: unknown;
	try {
		json = JSON.parse(response.body);
	} catch {
		const excerpt = response.body.trim() === '' ? 'an empty body' : `"${response.body.trim()}"`;
		throw unexpectedResponseError(
			response,
			endpoint.operationId,
			`not JSON but ${excerpt}`,
			apiKey,
		);
	}
	const parsed = endpoint.response.safeParse(json);
	if (!parsed.success) {
		const issues = toFieldIssues(parsed.error)
			.slice(0, MAX_ISSUES_QUOTED)
			.map((issue) => `${issue.field}: ${issue.message}`)
			.join('; ');
		throw unexpectedResponseError(response, endpoint.operationId, issues, apiKey);
	}
	return apiResponse(response, parsed.data);
}

function apiResponse<T>(response: TransportResponse, data: unknown): ApiResponse<T> {
	return {
		data: data as T,
		status: response.status,
		headers: response.headers,
		requestId: response.headers[REQUEST_ID_HEADER],
	};
}
