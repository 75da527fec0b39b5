// Turns an HTTP answer that is not a success into the error class a front end branches on. The
// one place that reads the API's error body. Rule: no text here ever carries the API key, even if
// a server or proxy echoes it back.
import { errorBodySchema, type ErrorBody } from '../contract';
import {
	ApiError,
	AuthenticationError,
	IdempotencyConflictError,
	InsufficientCreditsError,
	NotFoundError,
	RateLimitError,
	ServerError,
	ValidationError,
	type ApiErrorDetails,
	type CreativeAiError,
	type FieldIssue,
} from '../errors';
import type { TransportResponse } from '../ports';
import { parseRetryAfterMs } from './retry';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Server text quoted in a message is cut here: enough to act on, never a whole HTML page. */
export const MAX_QUOTED_CHARACTERS = 300;

const REDACTED = '[redacted]';

export interface ErrorContext {
	/** The id the request named, quoted by NotFoundError. */
	resourceId?: string;
	/** Epoch milliseconds, to read a Retry-After given as an HTTP date. */
	now: number;
	/** The API key, scrubbed from any server text we quote. */
	apiKey: string;
}

/** Maps a non-2xx answer to its error: 400/422, 401/403, 402, 404, 409, 429, 5xx, else api_error. */
export function mapHttpError(response: TransportResponse, context: ErrorContext): CreativeAiError {
	const { status, headers } = response;
	const error = readErrorBody(response.body);
	const details: ApiErrorDetails = {
		status,
		requestId: headers[REQUEST_ID_HEADER] ?? error?.request_id,
		serverCode: error?.code,
	};
	const serverMessage = error ? quote(error.message, context.apiKey) : undefined;
	const retryAfterMs = parseRetryAfterMs(headers['retry-after'], context.now);

	if (status === 400 || status === 422) {
		return new ValidationError(fieldsOf(error, context.apiKey, status), {
			status,
			requestId: details.requestId,
		});
	}
	if (status === 401 || status === 403) return new AuthenticationError(details);
	if (status === 402) return new InsufficientCreditsError(details);
	if (status === 404) return new NotFoundError({ ...details, resourceId: context.resourceId });
	if (status === 409) return new IdempotencyConflictError(details);
	if (status === 429) return new RateLimitError({ ...details, retryAfterMs });
	if (status >= 500 && status <= 599) return new ServerError({ ...details, retryAfterMs });
	return new ApiError(
		'api_error',
		`CreativeAI answered HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}.`,
		details,
	);
}

/**
 * A success status whose body is not what the contract promises (a proxy's HTML page, a changed
 * API). The status and a short excerpt are quoted, never a whole body.
 */
export function unexpectedResponseError(
	response: TransportResponse,
	what: string,
	problem: string,
	apiKey: string,
): ApiError {
	return new ApiError(
		'api_error',
		`CreativeAI answered something unexpected for ${what} (HTTP ${response.status}): ${quote(problem, apiKey)}. ` +
			'Check that the base URL points at the CreativeAI API and not at a proxy or another service.',
		{ status: response.status, requestId: response.headers[REQUEST_ID_HEADER] },
	);
}

/** The API's `{ error: {...} }` object, or undefined when the body is something else. */
export function readErrorBody(body: string): ErrorBody['error'] | undefined {
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		return undefined;
	}
	const parsed = errorBodySchema.safeParse(json);
	return parsed.success ? parsed.data.error : undefined;
}

/** The fields a 400/422 names: `error.fields`, else `error.param`, else the request as a whole. */
function fieldsOf(
	error: ErrorBody['error'] | undefined,
	apiKey: string,
	status: number,
): FieldIssue[] {
	if (error?.fields && error.fields.length > 0) {
		return error.fields.map((f) => ({ field: f.field, message: quote(f.message, apiKey) }));
	}
	const message = error ? quote(error.message, apiKey) : `refused by the server (HTTP ${status})`;
	return [{ field: error?.param ?? '(request)', message }];
}

/** Server text made safe to show: the key scrubbed, the length capped. */
export function quote(text: string, apiKey: string): string {
	const scrubbed = apiKey === '' ? text : text.split(apiKey).join(REDACTED);
	return scrubbed.length > MAX_QUOTED_CHARACTERS
		? `${scrubbed.slice(0, MAX_QUOTED_CHARACTERS)}…`
		: scrubbed;
}
