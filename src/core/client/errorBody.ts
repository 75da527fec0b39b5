// Reads the body of an error answer in the shapes real services send, so the server's words reach
// the user instead of "refused by the server (HTTP 400)":
// - the contract's own: { error: { code, message, param?, fields?, request_id? } }
// - OpenAI's (the service calls itself OpenAI SDK compatible): { error: { message, type, param,
//   code: null } }
// - FastAPI's: { detail: "..." } and { detail: [{ loc: ["body", "prompt"], msg, type }] }
// - plain text (a proxy, a framework's default page); an HTML page is not quoted.
// Rule: pure and total: any body gives a result (possibly empty), never an exception; the text is
// returned as sent, and the caller (mapError) caps and redacts what it quotes.
import type { FieldIssue } from '../errors';
import { parseJsonText } from '../json';

export interface ServerErrorInfo {
	/** The server's own description of what went wrong. */
	message?: string;
	/** A machine code (`error.code`, else OpenAI's `error.type`). */
	code?: string;
	/** Each field the server names, with what it said about it. */
	fields: FieldIssue[];
	requestId?: string;
}

/** Path steps FastAPI puts before the field name: where in the request the field was. */
const LOCATION_STEPS = new Set(['body', 'query', 'path', 'header', 'cookie']);

export function readServerError(body: string): ServerErrorInfo {
	const json = parseJsonText(body);
	if (json === undefined) return plainText(body);
	if (!isRecord(json)) return { fields: [] };
	if (isRecord(json.error)) return fromErrorObject(json.error);
	// Some services send { error: "text" } or { message: "text" }.
	if (typeof json.error === 'string') return { message: json.error, fields: [] };
	if ('detail' in json) return fromFastApiDetail(json.detail);
	if (typeof json.message === 'string') return { message: json.message, fields: [] };
	return { fields: [] };
}

/** The contract's and OpenAI's `error` object. */
function fromErrorObject(error: Record<string, unknown>): ServerErrorInfo {
	const message = text(error.message);
	const fields: FieldIssue[] = [];
	if (Array.isArray(error.fields)) {
		for (const entry of error.fields) {
			if (!isRecord(entry)) continue;
			const field = text(entry.field) ?? fieldOfLocation(entry.loc);
			const said = text(entry.message) ?? text(entry.msg);
			if (field !== undefined && said !== undefined) fields.push({ field, message: said });
		}
	}
	const param = text(error.param);
	if (fields.length === 0 && param !== undefined) {
		fields.push({ field: param, message: message ?? 'refused by the server' });
	}
	return {
		message,
		code: text(error.code) ?? text(error.type),
		fields,
		requestId: text(error.request_id),
	};
}

/** FastAPI's `detail`: a sentence, or the list of validation errors with `loc` and `msg`. */
function fromFastApiDetail(detail: unknown): ServerErrorInfo {
	if (typeof detail === 'string') return { message: detail, fields: [] };
	if (!Array.isArray(detail)) return { fields: [] };
	const fields: FieldIssue[] = [];
	for (const entry of detail) {
		if (!isRecord(entry)) continue;
		const said = text(entry.msg) ?? text(entry.message);
		if (said === undefined) continue;
		fields.push({ field: fieldOfLocation(entry.loc) ?? '(request)', message: said });
	}
	const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
	return { message: message === '' ? undefined : message, fields };
}

/** `["body", "prompt"]` -> `prompt`; `["body", "items", 0, "url"]` -> `items.0.url`. */
function fieldOfLocation(loc: unknown): string | undefined {
	if (!Array.isArray(loc)) return typeof loc === 'string' && loc !== '' ? loc : undefined;
	const steps = loc.filter((step) => typeof step === 'string' || typeof step === 'number');
	if (steps.length > 1 && LOCATION_STEPS.has(String(steps[0]))) steps.shift();
	const path = steps.map(String).join('.');
	return path === '' ? undefined : path;
}

function plainText(body: string): ServerErrorInfo {
	const trimmed = body.trim();
	// A page meant for a browser says nothing a user can act on, and would swamp the message.
	if (trimmed === '' || trimmed.startsWith('<')) return { fields: [] };
	return { message: trimmed, fields: [] };
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
