// How much of an answer the client accepts. API answers are small JSON objects (a list of 100
// jobs with long prompts is well under 1 MiB), so the default leaves room and still stops a
// server that streams without end long before memory does.
// Rule: transports enforce the limit while reading (TransportRequest.maxResponseBytes); the
// client checks again what a transport it did not write returns, so the limit holds with any.
import { ResponseTooLargeError } from '../errors';
import type { TransportResponse } from '../ports';

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Throws ResponseTooLargeError when `response.body` is over `maxBytes` bytes of UTF-8. */
export function checkResponseSize(response: TransportResponse, maxBytes: number): void {
	const { body } = response;
	// A UTF-8 character is 1 to 3 bytes per UTF-16 unit: only a body in between needs counting.
	if (body.length <= maxBytes / 3) return;
	if (body.length > maxBytes || utf8Length(body) > maxBytes) {
		throw new ResponseTooLargeError(maxBytes);
	}
}

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}
