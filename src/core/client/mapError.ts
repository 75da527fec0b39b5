// Turns an HTTP answer that is not a success into the error class a front end branches on. The
// one place that reads an error body (in any of the shapes ./errorBody knows). Rule: no text here
// ever carries the API key, even if a server or proxy echoes it back, and no server text longer
// than MAX_QUOTED_CHARACTERS is kept on an error.
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
import { redactText, secretSpellings } from '../redaction';
import { readServerError, type ServerErrorInfo } from './errorBody';
import { parseRetryAfterMs } from './retry';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Server text quoted in a message is cut here: enough to act on, never a whole HTML page. */
export const MAX_QUOTED_CHARACTERS = 300;

/** A request id or server code longer than this is not an id: it is cut like any quote. */
const MAX_ID_CHARACTERS = 200;

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
	const spellings = secretSpellings([context.apiKey]);
	const info = readServerError(response.body);
	const serverMessage = info.message === undefined ? undefined : quoteWith(info.message, spellings);
	const details: ApiErrorDetails = {
		status,
		requestId: idOf(headers[REQUEST_ID_HEADER] ?? info.requestId, spellings),
		serverCode: idOf(info.code, spellings),
		serverMessage,
	};
	const retryAfterMs = parseRetryAfterMs(headers['retry-after'], context.now);
	const retryAt = retryAfterMs === undefined ? undefined : context.now + retryAfterMs;

	if (status === 400 || status === 422) {
		return new ValidationError(fieldsOf(info, serverMessage, spellings, status), {
			status,
			requestId: details.requestId,
			serverMessage,
		});
	}
	if (status === 401 || status === 403) return new AuthenticationError(details);
	if (status === 402) return new InsufficientCreditsError(details);
	if (status === 404) return new NotFoundError({ ...details, resourceId: context.resourceId });
	if (status === 409) return new IdempotencyConflictError(details);
	if (status === 429) return new RateLimitError({ ...details, retryAfterMs, retryAt });
	if (status >= 500 && status <= 599) return new ServerError({ ...details, retryAfterMs, retryAt });
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
	const spellings = secretSpellings([apiKey]);
	return new ApiError(
		'api_error',
		`CreativeAI answered something unexpected for ${what} (HTTP ${response.status}): ${quoteWith(problem, spellings)}. ` +
			'Check that the base URL points at the CreativeAI API and not at a proxy or another service.',
		{ status: response.status, requestId: idOf(response.headers[REQUEST_ID_HEADER], spellings) },
	);
}

/**
 * The fields a 400/422 names (`error.fields`, `error.param`, FastAPI's `loc`), else the request
 * as a whole with the server's words, or the status when it said nothing.
 */
function fieldsOf(
	info: ServerErrorInfo,
	serverMessage: string | undefined,
	spellings: readonly string[],
	status: number,
): FieldIssue[] {
	if (info.fields.length > 0) {
		return info.fields.map((f) => ({
			field: idOf(f.field, spellings) ?? '(request)',
			message: quoteWith(f.message, spellings),
		}));
	}
	return [
		{ field: '(request)', message: serverMessage ?? `refused by the server (HTTP ${status})` },
	];
}

/** Server text made safe to show: the key scrubbed, the length capped. */
export function quote(text: string, apiKey: string): string {
	return quoteWith(text, secretSpellings([apiKey]));
}

function quoteWith(text: string, spellings: readonly string[]): string {
	return cut(redactText(text, spellings), MAX_QUOTED_CHARACTERS);
}

function idOf(text: string | undefined, spellings: readonly string[]): string | undefined {
	return text === undefined ? undefined : cut(redactText(text, spellings), MAX_ID_CHARACTERS);
}

function cut(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
