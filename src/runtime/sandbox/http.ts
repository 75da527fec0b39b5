// HTTP plumbing shared by every route: reading a bounded body, answering JSON, and the contract's
// error body `{ error: { code, message, param?, fields?, request_id } }` with X-Request-Id.
// Rules: every answer, success or error, carries X-Request-Id; an error message never repeats an
// API key or an Authorization header.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ErrorBody } from '../../core/contract';
import type { FieldIssue } from '../../core/errors';
import { parseJson } from '../../core/json';

/** Request bodies above this are refused (a prompt is at most 4,000 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

export function newRequestId(): string {
	return `req_${randomBytes(12).toString('hex')}`;
}

/** An answer other than success: thrown by handlers, turned into the error body by the server. */
export class SandboxHttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: {
			param?: string | null;
			fields?: FieldIssue[];
			headers?: Record<string, string>;
		} = {},
	) {
		super(message);
		this.name = 'SandboxHttpError';
	}
}

/** What a handler answers with. */
export interface HandlerResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const payload = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		...(payload === ''
			? {}
			: {
					'content-type': 'application/json; charset=utf-8',
					'content-length': String(Buffer.byteLength(payload)),
				}),
		'cache-control': 'no-store',
	});
	res.end(payload);
}

export function errorBody(error: SandboxHttpError, requestId: string): ErrorBody {
	const { param, fields } = error.extra;
	return {
		error: {
			code: error.code,
			message: error.message,
			...(param !== undefined ? { param } : {}),
			...(fields !== undefined ? { fields } : {}),
			request_id: requestId,
		},
	};
}

export function sendError(res: ServerResponse, error: SandboxHttpError, requestId: string): void {
	sendJson(res, error.status, errorBody(error, requestId), error.extra.headers);
}

/** Reads the whole body, refusing more than MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) {
			throw new SandboxHttpError(
				400,
				'validation_error',
				`The request body is larger than ${MAX_BODY_BYTES} bytes.`,
			);
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty body is an empty object, so validation names the missing fields. */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
	if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType.trim())) {
		throw new SandboxHttpError(
			400,
			'validation_error',
			'Send the request body as JSON with Content-Type: application/json.',
		);
	}
	let text: string;
	try {
		text = utf8.decode(raw);
	} catch {
		throw new SandboxHttpError(
			400,
			'validation_error',
			'The request body is not valid UTF-8, so it is not JSON (RFC 8259): send the text encoded as UTF-8.',
		);
	}
	if (text.trim() === '') return {};
	const parsed = parseJson(text);
	if (parsed.ok) return parsed.value;
	throw new SandboxHttpError(
		400,
		'validation_error',
		parsed.reason === 'too_deep'
			? 'The request body nests objects too deeply.'
			: 'The request body is not valid JSON.',
	);
}

// Fatal: bytes that are not UTF-8 are refused, never read with replacement characters (the same
// rule receiveWebhook applies to deliveries). A leading byte-order mark is dropped, as JSON allows.
const utf8 = new TextDecoder('utf-8', { fatal: true });
