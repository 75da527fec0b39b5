// A transport over the WHATWG fetch API: for runtimes that offer fetch but not undici (Zapier-like
// platforms), and for unit tests, since nock 14 intercepts the global fetch. fetch cannot tell the
// connect phase from the wait for headers, so one timer covers both (connectMs + headersMs,
// reported as 'headers'), and `bodyMs` bounds reading the whole body.
// Rule: only ConnectionError, TimeoutError, AbortedError or ResponseTooLargeError leave this file;
// the body is read chunk by chunk and never past the request's maxResponseBytes.
import { AbortedError, ResponseTooLargeError, TimeoutError } from '../../core/errors';
import type { Transport, TransportRequest } from '../../core/ports';
import { resolveLimits } from './limits';
import { connectionErrorFor } from './networkError';

type Phase = 'headers' | 'body';

export function createFetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
	if (typeof fetchImpl !== 'function') {
		throw new TypeError('createFetchTransport needs a fetch function (none is global here)');
	}
	return async (req: TransportRequest) => {
		const limits = resolveLimits(req);
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
			const body = await readCapped(response, limits.maxResponseBytes);
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => {
				headers[name.toLowerCase()] = value;
			});
			return { status: response.status, headers, body };
		} catch (error) {
			if (error instanceof ResponseTooLargeError) {
				controller.abort(error);
				throw error;
			}
			if (req.signal?.aborted) throw new AbortedError(undefined, { cause: error });
			if (expired) throw new TimeoutError(expired.phase, expired.ms, { cause: error });
			throw connectionErrorFor(req.url, error);
		} finally {
			clearTimeout(timer);
			req.signal?.removeEventListener('abort', onCallerAbort);
		}
	};
}

/** The body as UTF-8 text (a leading BOM dropped, as text() does), or ResponseTooLargeError. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
	if (Number(response.headers.get('content-length')) > maxBytes) {
		await response.body?.cancel().catch(() => undefined);
		throw new ResponseTooLargeError(maxBytes);
	}
	if (response.body === null) return '';
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let bytes = 0;
	let text = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return text + decoder.decode();
		bytes += value.byteLength;
		if (bytes > maxBytes) {
			await reader.cancel().catch(() => undefined);
			throw new ResponseTooLargeError(maxBytes);
		}
		text += decoder.decode(value, { stream: true });
	}
}
