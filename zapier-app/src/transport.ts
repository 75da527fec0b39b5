// `z.request` as the core's Transport port: one HTTP exchange, any status returned as data, so the
// core client does the validation, retries and error mapping. Rules: a 429 is Zapier's to handle
// (z.request throws ThrottledError with the Retry-After before we see the answer, and Zapier runs
// the step again later), so Zapier's own errors pass through untouched; a network failure becomes
// the core's ConnectionError or TimeoutError, which the client knows how to retry.
import type { ZObject } from 'zapier-platform-core';

import { ConnectionError, TimeoutError, type Transport } from '../../src/core';

export function zapierTransport(z: ZObject): Transport {
	return async (request) => {
		const timeoutMs = request.timeouts?.headersMs;
		let response;
		try {
			response = await z.request({
				url: request.url,
				method: request.method,
				headers: request.headers,
				body: request.body,
				skipThrowForStatus: true,
				...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
			});
		} catch (error) {
			throw networkError(error, timeoutMs);
		}
		return {
			status: response.status,
			headers: lowerCased(response.headers),
			body: response.content,
		};
	};
}

function networkError(error: unknown, timeoutMs: number | undefined): unknown {
	const { name, type, message } = (error ?? {}) as {
		name?: string;
		type?: string;
		message?: string;
	};
	if (name === 'FetchError' && type === 'request-timeout') {
		return new TimeoutError('headers', timeoutMs ?? 0, { cause: error });
	}
	if (name === 'FetchError' || name === 'AbortError') {
		return new ConnectionError(
			`Could not reach CreativeAI: ${message ?? 'the connection failed'}. Check the service status and try again.`,
			{ cause: error },
		);
	}
	// Zapier's own errors (a 429's ThrottledError above all) and anything unexpected go up as they
	// are: the client retries only its own errors, so these end the call at once.
	return error;
}

function lowerCased(headers: { forEach(cb: (value: string, name: string) => void): void }) {
	const result: Record<string, string> = {};
	headers.forEach((value, name) => {
		result[name.toLowerCase()] = value;
	});
	return result;
}
