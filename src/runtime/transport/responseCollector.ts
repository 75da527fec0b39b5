// Collects one undici response into the core's TransportResponse: status, lower-cased headers and
// the whole body as text. A dispatch handler rather than undici.request: request() wraps every
// answer in a Readable stream and an AsyncResource, which on Node 20 costs some 15 µs of CPU a
// request (more than the client's own work), and the transport reads the whole body anyway.
// Rule: settles exactly once, with undici's own error on failure (the transport maps it); an
// abort settles at once, even while the request still waits for a socket; a body past
// `maxBytes` (announced by Content-Length or counted as it arrives) stops the request and
// settles with ResponseTooLargeError, so no more than `maxBytes` is ever buffered.
import type { Dispatcher } from 'undici';

import { ResponseTooLargeError } from '../../core/errors';
import type { TransportResponse } from '../../core/ports';
import type { AbortTarget } from './abortFanout';

/** Statuses below this are informational (100 Continue, 103 Early Hints); the answer follows. */
const FIRST_FINAL_STATUS = 200;

export class ResponseCollector implements Dispatcher.DispatchHandler, AbortTarget {
	readonly #resolve: (response: TransportResponse) => void;
	readonly #reject: (error: unknown) => void;
	#controller: Dispatcher.DispatchController | undefined;
	#status = 0;
	#headers: Record<string, string> = {};
	readonly #chunks: Buffer[] = [];
	readonly #maxBytes: number;
	#bytes = 0;
	#settled = false;
	/** Set when aborted before undici handed over its controller; applied when it does. */
	#abortReason: unknown;
	#aborted = false;

	constructor(
		resolve: (response: TransportResponse) => void,
		reject: (error: unknown) => void,
		maxBytes: number = Infinity,
	) {
		this.#resolve = resolve;
		this.#reject = reject;
		this.#maxBytes = maxBytes;
	}

	/** Ends the request with `reason`: rejects now, and stops undici as soon as it can be. */
	abort(reason: unknown): void {
		if (this.#aborted) return;
		this.#aborted = true;
		this.#abortReason = reason;
		this.#fail(reason);
		this.#controller?.abort(asError(reason));
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		// Called again when undici retries a request that a pipelined one ahead of it broke.
		this.#controller = controller;
		if (this.#aborted) controller.abort(asError(this.#abortReason));
	}

	onResponseStart(
		controller: Dispatcher.DispatchController,
		statusCode: number,
		headers: Record<string, string | string[] | undefined>,
	): void {
		if (statusCode < FIRST_FINAL_STATUS) return;
		this.#status = statusCode;
		this.#headers = flattenHeaders(headers);
		const announced = Number(this.#headers['content-length']);
		if (announced > this.#maxBytes) this.#tooLarge(controller);
	}

	onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
		if (this.#settled) return;
		this.#bytes += chunk.length;
		if (this.#bytes > this.#maxBytes) return this.#tooLarge(controller);
		this.#chunks.push(chunk);
	}

	onResponseEnd(): void {
		if (this.#settled) return;
		this.#settled = true;
		this.#resolve({ status: this.#status, headers: this.#headers, body: decodeUtf8(this.#chunks) });
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.#fail(error);
	}

	#tooLarge(controller: Dispatcher.DispatchController): void {
		const error = new ResponseTooLargeError(this.#maxBytes);
		this.#fail(error);
		controller.abort(error);
	}

	#fail(error: unknown): void {
		if (this.#settled) return;
		this.#settled = true;
		this.#chunks.length = 0;
		this.#reject(error);
	}
}

/** undici's controller takes an Error; a signal's reason may be anything. */
function asError(reason: unknown): Error {
	return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}

/**
 * undici gives arrays for repeated headers; the port wants one string per lower-cased name. The
 * object is this response's own, so it is joined in place, and usually left as it is.
 */
export function flattenHeaders(
	headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
	for (const name in headers) {
		const value = headers[name];
		if (Array.isArray(value)) headers[name] = value.join(', ');
		else if (value === undefined) delete headers[name];
	}
	return headers as Record<string, string>;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** The body as UTF-8 text, a leading byte-order mark dropped, as undici's body.text() does. */
export function decodeUtf8(chunks: readonly Buffer[]): string {
	const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
	if (bytes === undefined) return '';
	const hasBom =
		bytes.length >= 3 &&
		bytes[0] === UTF8_BOM[0] &&
		bytes[1] === UTF8_BOM[1] &&
		bytes[2] === UTF8_BOM[2];
	return bytes.toString('utf8', hasBom ? 3 : 0);
}
