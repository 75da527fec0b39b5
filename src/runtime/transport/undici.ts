// The Node transport: undici's dispatcher over keep-alive Agents, each answer collected whole by
// ./responseCollector (undici.request wraps every answer in a stream, some 40% of a request's CPU
// on Node 20). Per-phase limits come with each request: connect through the Agent's
// `connect.timeout` (one cached Agent per value), headers and body as dispatch options. The
// request's AbortSignal is watched once per signal (./abortFanout), not once per request: the
// client shares signals between attempts.
// Rule: only ConnectionError, TimeoutError, AbortedError or ResponseTooLargeError leave this
// file, and no message carries a header; no more than the request's maxResponseBytes is buffered.
import { Agent, type Dispatcher } from 'undici';

import { AbortedError, ResponseTooLargeError, TimeoutError } from '../../core/errors';
import type { Transport, TransportRequest, TransportResponse } from '../../core/ports';
import { unwatchAbort, watchAbort } from './abortFanout';
import { resolveLimits, type TransportLimits } from './limits';
import { connectionErrorFor, errorCodeOf } from './networkError';
import { ResponseCollector } from './responseCollector';

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

	const transport = async (req: TransportRequest): Promise<TransportResponse> => {
		const limits = resolveLimits(req);
		const signal = req.signal;
		if (signal?.aborted) throw new AbortedError(undefined, { cause: signal.reason });
		let collector: ResponseCollector | undefined;
		try {
			const url = new URL(req.url);
			return await new Promise<TransportResponse>((resolve, reject) => {
				collector = new ResponseCollector(resolve, reject, limits.maxResponseBytes);
				if (signal !== undefined) watchAbort(signal, collector);
				const options: Dispatcher.DispatchOptions = {
					origin: url.origin,
					path: `${url.pathname}${url.search}`,
					method: req.method,
					headers: req.headers,
					body: req.body,
					headersTimeout: limits.headersMs,
					bodyTimeout: limits.bodyMs,
				};
				dispatcherFor(limits.connectMs).dispatch(options, collector);
			});
		} catch (error) {
			throw toCoreError(error, req, limits);
		} finally {
			if (signal !== undefined && collector !== undefined) unwatchAbort(signal, collector);
		}
	};
	const close = async (): Promise<void> => {
		const open = [...agents.values()];
		agents.clear();
		await Promise.all(open.map((agent) => agent.close()));
	};
	return Object.assign(transport, { close });
}

function toCoreError(error: unknown, req: TransportRequest, limits: TransportLimits): Error {
	if (error instanceof ResponseTooLargeError) return error;
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
