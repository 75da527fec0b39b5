// A Transport that forwards to a real one and keeps every answer it saw (each retry included), so
// an end-to-end test can check afterwards that every response the API gave matches the published
// OpenAPI document. Rule: it records what came back and changes nothing on the way.
import type { Transport, TransportRequest, TransportResponse } from '../../../src/core/ports';

export interface RecordedResponse {
	method: string;
	/** The URL's path without the query, as the OpenAPI document names it. */
	path: string;
	status: number;
	/** Parsed JSON, or undefined for an empty body (a 204). */
	body: unknown;
	/** The raw text, for a body that is not JSON. */
	text: string;
}

export interface RecordingTransport {
	transport: Transport;
	responses: RecordedResponse[];
}

function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		// Left as text: the validator then reports it as a body that is not the documented JSON.
		return text;
	}
}

export function recordingTransport(inner: Transport): RecordingTransport {
	const responses: RecordedResponse[] = [];
	const transport: Transport = async (request: TransportRequest) => {
		const response: TransportResponse = await inner(request);
		responses.push({
			method: request.method,
			path: new URL(request.url).pathname,
			status: response.status,
			body: parseBody(response.body),
			text: response.body,
		});
		return response;
	};
	return { transport, responses };
}
