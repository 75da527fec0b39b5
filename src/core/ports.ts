// The core's only ways to reach time, randomness and the network. n8n's rules for verified
// community nodes forbid timers and globals inside the node, so each platform plugs its own in:
// n8n passes its HTTP helper and `sleep`, Zapier passes `z.request`, Node users get undici and
// timers from src/runtime/.

/** Resolves after `ms`, or rejects with an `AbortedError` as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** A number in [0, 1), like Math.random; injectable so backoff and fault tables are testable. */
export type Random = () => number;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** Per-phase limits a transport enforces; the client enforces `overallMs` itself. */
export interface TransportTimeouts {
	connectMs?: number;
	headersMs?: number;
	bodyMs?: number;
}

export interface TransportRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	/** Already-serialised JSON, so the bytes sent are the bytes retried. */
	body?: string;
	signal?: AbortSignal;
	timeouts?: TransportTimeouts;
	/**
	 * The most bytes of body the transport may buffer. Past it, the transport stops reading,
	 * closes the connection and throws `ResponseTooLargeError`. Absent: the transport's default
	 * (DEFAULT_MAX_RESPONSE_BYTES).
	 */
	maxResponseBytes?: number;
}

export interface TransportResponse {
	status: number;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	body: string;
}

/**
 * Sends one HTTP request and returns any response, whatever its status.
 * Throws only `ConnectionError`, `TimeoutError`, `AbortedError` or `ResponseTooLargeError` (from
 * ./errors), so the client can tell a request that never arrived from one whose answer was lost.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
