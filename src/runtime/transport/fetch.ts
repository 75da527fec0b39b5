// A transport over the WHATWG fetch API: for runtimes that offer fetch but not undici (Zapier-like
// platforms), and for unit tests, since nock 14 intercepts the global fetch. fetch cannot tell the
// connect phase from the wait for headers, so one timer covers both (connectMs + headersMs,
// reported as 'headers'), and `bodyMs` bounds reading the whole body.
// Rule: only ConnectionError, TimeoutError or AbortedError leave this file.
import { AbortedError, TimeoutError } from '../../core/errors';
import type { Transport, TransportRequest } from '../../core/ports';
import { resolveLimits } from './limits';
import { connectionErrorFor } from './networkError';

type Phase = 'headers' | 'body';

export function createFetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
	if (typeof fetchImpl !== 'function') {
		throw new TypeError('createFetchTransport needs a fetch function (none is global here)');
	}
	return async (req: TransportRequest) => {
		const limits = resolveLimits(req.timeouts);
		const controller = new AbortController();
		const onCallerAbort = (): void => controller.abort(req.signal?.reason);
		if (req.signal?.aborted) throw new AbortedError(undefined, { cause: req.signal.reason });
		req.signal?.addEventListener('abort', onCallerAbort, { once: true });

		let expired: { phase: Phase; ms: number } | undefined;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const startTimer = (phase: Phase, ms: number): void => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				expired = { phase, ms };
				controller.abort();
			}, ms);
		};
		try {
			startTimer('headers', limits.connectMs + limits.headersMs);
			const response = await fetchImpl(req.url, {
				method: req.method,
				headers: req.headers,
				body: req.body,
				signal: controller.signal,
			});
			startTimer('body', limits.bodyMs);
			const body = await response.text();
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => {
				headers[name.toLowerCase()] = value;
			});
			return { status: response.status, headers, body };
		} catch (error) {
			if (req.signal?.aborted) throw new AbortedError(undefined, { cause: error });
			if (expired) throw new TimeoutError(expired.phase, expired.ms, { cause: error });
			throw connectionErrorFor(req.url, error);
		} finally {
			clearTimeout(timer);
			req.signal?.removeEventListener('abort', onCallerAbort);
		}
	};
}
