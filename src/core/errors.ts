// One base error with a stable `code`, and a subclass per cause. Front ends branch on `code`
// (the core ships in more than one package, so `instanceof` may see two copies of a class).
// Rules: messages tell a no-code user what to do next, quote the generation id once one exists,
// and never contain an API key, a webhook secret or an Authorization header.

export type ErrorCode =
	| 'validation_error'
	| 'authentication_failed'
	| 'insufficient_credits'
	| 'not_found'
	| 'idempotency_conflict'
	| 'rate_limited'
	| 'server_error'
	| 'api_error'
	| 'connection_failed'
	| 'timeout'
	| 'aborted'
	| 'generation_failed'
	| 'wait_timeout'
	| 'unsafe_callback_url'
	| 'response_too_large';

export class CreativeAiError extends Error {
	readonly code: ErrorCode;

	constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = new.target.name;
		this.code = code;
	}
}

/** A field of a request that the client or the server refused. */
export interface FieldIssue {
	field: string;
	message: string;
}

/** Bad input, caught before sending (no `status`) or reported by the server (400/422). */
export class ValidationError extends CreativeAiError {
	readonly fields: FieldIssue[];
	readonly status?: number;
	/** The server's `x-request-id`, when the server refused the input. */
	readonly requestId?: string;
	/** What the server said, redacted and cut to 300 characters, when it refused the input. */
	readonly serverMessage?: string;

	constructor(
		fields: FieldIssue[],
		options?: { status?: number; message?: string; requestId?: string; serverMessage?: string },
	) {
		super(
			'validation_error',
			options?.message ??
				`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
		);
		this.fields = fields;
		this.status = options?.status;
		this.requestId = options?.requestId;
		if (options?.serverMessage !== undefined) this.serverMessage = options.serverMessage;
	}
}

export interface ApiErrorDetails {
	status: number;
	requestId?: string;
	/** The error code the server sent, if any. */
	serverCode?: string;
	/** What the server said (its error message, in any shape it sends), redacted and cut short. */
	serverMessage?: string;
}

/** An HTTP error answer from the API. Subclasses name the common causes. */
export class ApiError extends CreativeAiError {
	readonly status: number;
	readonly requestId?: string;
	readonly serverCode?: string;
	readonly serverMessage?: string;

	constructor(code: ErrorCode, message: string, details: ApiErrorDetails) {
		super(code, message);
		this.status = details.status;
		this.requestId = details.requestId;
		this.serverCode = details.serverCode;
		if (details.serverMessage !== undefined) this.serverMessage = details.serverMessage;
	}
}

export class AuthenticationError extends ApiError {
	constructor(details: ApiErrorDetails) {
		super(
			'authentication_failed',
			'The API key was rejected. Check the key in your CreativeAI credentials (keys start with rph_live_).',
			details,
		);
	}
}

export class InsufficientCreditsError extends ApiError {
	constructor(details: ApiErrorDetails, message?: string) {
		super(
			'insufficient_credits',
			message ??
				'Your CreativeAI account has too few credits for this job. Top up, then run it again.',
			details,
		);
	}
}

export class NotFoundError extends ApiError {
	readonly resourceId?: string;

	constructor(details: ApiErrorDetails & { resourceId?: string }) {
		super(
			'not_found',
			details.resourceId
				? `No CreativeAI resource with id "${details.resourceId}" exists for this API key.`
				: 'The requested CreativeAI resource does not exist.',
			details,
		);
		this.resourceId = details.resourceId;
	}
}

export class IdempotencyConflictError extends ApiError {
	constructor(details: ApiErrorDetails) {
		super(
			'idempotency_conflict',
			'This Idempotency-Key was already used with a different request body. Use a new key for a new job.',
			details,
		);
	}
}

/** What a 429 or 503 says about when to come back. */
export interface RetryAfterDetails {
	/** How long the server asked us to wait, if it said. */
	retryAfterMs?: number;
	/** When that wait ends, in epoch milliseconds, read against the client's clock. */
	retryAt?: number;
}

export class RateLimitError extends ApiError {
	/** How long the server asked us to wait, if it said. */
	readonly retryAfterMs?: number;
	/** Epoch milliseconds after which the server will take the request again, if it said. */
	readonly retryAt?: number;

	constructor(details: ApiErrorDetails & RetryAfterDetails) {
		super(
			'rate_limited',
			details.retryAfterMs !== undefined
				? `CreativeAI is rate limiting this key; retry after ${Math.ceil(details.retryAfterMs / 1000)} s.`
				: 'CreativeAI is rate limiting this key; retry later or lower the concurrency.',
			details,
		);
		this.retryAfterMs = details.retryAfterMs;
		this.retryAt = details.retryAt;
	}
}

export class ServerError extends ApiError {
	/** How long the server asked us to wait (a 503 may send Retry-After), if it said. */
	readonly retryAfterMs?: number;
	/** Epoch milliseconds after which the server expects to answer again, if it said. */
	readonly retryAt?: number;

	constructor(details: ApiErrorDetails & RetryAfterDetails) {
		super(
			'server_error',
			details.retryAfterMs !== undefined
				? `CreativeAI answered with a server error (HTTP ${details.status}) and asked to retry after ${Math.ceil(details.retryAfterMs / 1000)} s.`
				: `CreativeAI answered with a server error (HTTP ${details.status}). It is usually temporary: try again shortly.`,
			details,
		);
		this.retryAfterMs = details.retryAfterMs;
		this.retryAt = details.retryAt;
	}
}

/** The request never got an answer: DNS, refused or reset connection. */
export class ConnectionError extends CreativeAiError {
	constructor(message: string, options?: { cause?: unknown }) {
		super('connection_failed', message, options);
	}
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'overall';

export class TimeoutError extends CreativeAiError {
	readonly phase: TimeoutPhase;
	readonly timeoutMs: number;

	constructor(phase: TimeoutPhase, timeoutMs: number, options?: { cause?: unknown }) {
		super('timeout', `The request timed out (${phase} timeout of ${timeoutMs} ms).`, options);
		this.phase = phase;
		this.timeoutMs = timeoutMs;
	}
}

/**
 * An answer longer than the limit the caller set (`maxResponseBytes`): the transport stopped
 * reading it there, so a server that streams without end cannot fill the memory.
 */
export class ResponseTooLargeError extends CreativeAiError {
	readonly limitBytes: number;

	constructor(limitBytes: number, options?: { cause?: unknown }) {
		super(
			'response_too_large',
			`CreativeAI's answer was larger than the limit of ${limitBytes} bytes (maxResponseBytes), so reading stopped there. Check that the base URL points at the CreativeAI API, or raise the limit.`,
			options,
		);
		this.limitBytes = limitBytes;
	}
}

/** The caller's AbortSignal fired. */
export class AbortedError extends CreativeAiError {
	constructor(message = 'The operation was cancelled.', options?: { cause?: unknown }) {
		super('aborted', message, options);
	}
}

/** A generation reached `failed`; carries the server's message and the id. */
/** How much of a server's failure text goes into a message (an n8n panel, a Zap history). */
export const MAX_SERVER_MESSAGE_CHARACTERS = 500;

function shortened(text: string): string {
	return text.length > MAX_SERVER_MESSAGE_CHARACTERS
		? `${text.slice(0, MAX_SERVER_MESSAGE_CHARACTERS)}…`
		: text;
}

export class GenerationFailedError extends CreativeAiError {
	readonly generationId: string;
	/** The server's full `error_message`; the error's message quotes at most 500 characters of it. */
	readonly serverMessage: string | null;

	constructor(generationId: string, serverMessage: string | null) {
		super(
			'generation_failed',
			`Generation ${generationId} failed: ${serverMessage === null ? 'no reason given by the server' : shortened(serverMessage)}. Credits for a failed job are refunded.`,
		);
		this.generationId = generationId;
		this.serverMessage = serverMessage;
	}
}

/** waitForCompletion's deadline passed; the job may still finish, so the id is kept. */
export class WaitTimeoutError extends CreativeAiError {
	readonly generationId: string;
	readonly elapsedMs: number;
	readonly lastStatus?: string;

	constructor(generationId: string, elapsedMs: number, lastStatus?: string) {
		super(
			'wait_timeout',
			`Generation ${generationId} was still ${lastStatus ?? 'unfinished'} after ${Math.round(elapsedMs / 1000)} s. It may still complete: fetch it later by id instead of creating a new one.`,
		);
		this.generationId = generationId;
		this.elapsedMs = elapsedMs;
		this.lastStatus = lastStatus;
	}
}

export class UnsafeCallbackUrlError extends CreativeAiError {
	readonly reason: string;

	constructor(reason: string, message: string) {
		super('unsafe_callback_url', message);
		this.reason = reason;
	}
}

/** True for errors worth another attempt: rate limits, 5xx, lost connections and timeouts. */
export function isTransientError(error: unknown): boolean {
	return (
		error instanceof CreativeAiError &&
		(error.code === 'rate_limited' ||
			error.code === 'server_error' ||
			error.code === 'connection_failed' ||
			error.code === 'timeout')
	);
}
