// The Node transport: undici.request over keep-alive Agents. Per-phase limits come with each
// request: connect through the Agent's `connect.timeout` (one cached Agent per value), headers
// and body as request options. Rule: only ConnectionError, TimeoutError or AbortedError leave
// this file, and no message carries a header.
import { Agent, request, type Dispatcher } from 'undici';

import { AbortedError, TimeoutError } from '../../core/errors';
import type { Transport, TransportRequest, TransportTimeouts } from '../../core/ports';
import { resolveLimits } from './limits';
import { connectionErrorFor, errorCodeOf } from './networkError';

export interface UndiciTransportOptions {
	/**
	 * Your own dispatcher (a proxy agent, a mock). It then owns the connect timeout: the request's
	 * `connectMs` cannot reach a dispatcher built elsewhere.
	 */
	dispatcher?: Dispatcher;
	/** Sockets per origin in each Agent this transport creates; undici's default is unlimited. */
	connections?: number;
}

/** A transport that can also close the Agents it created (not a dispatcher you passed in). */
export type UndiciTransport = Transport & { close: () => Promise<void> };

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
	const agents = new Map<number, Agent>();
	const dispatcherFor = (connectMs: number): Dispatcher => {
		if (options.dispatcher) return options.dispatcher;
		let agent = agents.get(connectMs);
		if (!agent) {
			agent = new Agent({ connect: { timeout: connectMs }, connections: options.connections });
			agents.set(connectMs, agent);
		}
		return agent;
	};

	const transport = async (req: TransportRequest) => {
		const limits = resolveLimits(req.timeouts);
		try {
			const response = await request(req.url, {
				method: req.method,
				headers: req.headers,
				body: req.body,
				signal: req.signal,
				dispatcher: dispatcherFor(limits.connectMs),
				headersTimeout: limits.headersMs,
				bodyTimeout: limits.bodyMs,
			});
			const body = await response.body.text();
			return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
		} catch (error) {
			throw toCoreError(error, req, limits);
		}
	};
	const close = async (): Promise<void> => {
		const open = [...agents.values()];
		agents.clear();
		await Promise.all(open.map((agent) => agent.close()));
	};
	return Object.assign(transport, { close });
}

function toCoreError(
	error: unknown,
	req: TransportRequest,
	limits: Required<TransportTimeouts>,
): Error {
	// Checked first: an abort can surface as any of several errors, or as the signal's own reason.
	if (req.signal?.aborted) return new AbortedError(undefined, { cause: error });
	const code = errorCodeOf(error);
	if (code === 'UND_ERR_CONNECT_TIMEOUT') {
		return new TimeoutError('connect', limits.connectMs, { cause: error });
	}
	if (code === 'UND_ERR_HEADERS_TIMEOUT') {
		return new TimeoutError('headers', limits.headersMs, { cause: error });
	}
	if (code === 'UND_ERR_BODY_TIMEOUT') {
		return new TimeoutError('body', limits.bodyMs, { cause: error });
	}
	if (code === 'UND_ERR_ABORTED' || code === 'UND_ERR_ABORT') {
		return new AbortedError(undefined, { cause: error });
	}
	return connectionErrorFor(req.url, error);
}

/** undici gives arrays for repeated headers; the port wants one string per lower-cased name. */
function flattenHeaders(headers: Record<string, string | string[] | undefined>) {
	const flat: Record<string, string> = {};
	for (const name of Object.keys(headers)) {
		const value = headers[name];
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}
