// The HTTP front of the sandbox: routes every request, in this order, through the same steps the
// real service takes: route (404/405), API key (401), injected API faults (429/5xx), body and
// query validation with the endpoint's own zod schemas (400/422), Idempotency-Key, handler.
// Rules: routes come from the contract's endpoint table, so a path or a success status is never
// written twice; every answer carries X-Request-Id and every error the contract's error body.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import {
	endpoints,
	toFieldIssues,
	type EndpointName,
	type EndpointSpec,
} from '../../core/contract';
import type { z } from 'zod/v4';
import { ADMIN_PATHS, type AdminHandler, type AdminPath } from './admin';
import type { ApiHandler } from './api';
import { authenticate, type Accounts } from './auth';
import type { FaultInjector } from './faults';
import { serveFile } from './files';
import {
	type HandlerResult,
	newRequestId,
	parseJsonBody,
	readBody,
	sendError,
	sendJson,
	SandboxHttpError,
} from './http';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import type { MediaExtension, MediaFile } from './media';
import type { SandboxService } from './service';

/** Service seconds a client is asked to wait after an injected 429 or 503. */
export const RETRY_AFTER_SECONDS = 2;

export interface ServerDeps {
	service: SandboxService;
	accounts: Accounts;
	faults: FaultInjector;
	timeScale: number;
	media: Record<MediaExtension, MediaFile>;
	api: Record<EndpointName, ApiHandler>;
	admin: Record<AdminPath, AdminHandler>;
	/** Told about errors that are the sandbox's own bugs (answered with a 500). */
	onInternalError: (error: unknown) => void;
}

interface Route {
	name: EndpointName;
	spec: EndpointSpec;
	pattern: RegExp;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

export const ROUTES: readonly Route[] = (
	Object.entries(endpoints) as [EndpointName, EndpointSpec][]
).map(([name, spec]) => ({
	name,
	spec,
	pattern: new RegExp(`^${escapeRegExp(spec.path).replace('{id}', '([^/]+)')}/?$`),
}));

function isAdminPath(path: string): path is AdminPath {
	return (ADMIN_PATHS as readonly string[]).includes(path);
}

/** Parses with the endpoint's schema, or throws the contract's validation error. */
function validate(schema: z.ZodType, input: unknown, status: 400 | 422, what: string): unknown {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields = toFieldIssues(result.error);
	const first = fields[0]?.field;
	throw new SandboxHttpError(
		status,
		'validation_error',
		`Invalid ${what}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
		{ param: first === undefined || first === '(request)' ? null : first, fields },
	);
}

function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
	if (header === undefined) return undefined;
	const key = (Array.isArray(header) ? header.join(',') : header).trim();
	if (key === '' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
		throw new SandboxHttpError(
			400,
			'validation_error',
			`Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters.`,
			{ param: 'Idempotency-Key' },
		);
	}
	return key;
}

/** The answer to an injected API fault. */
function injectedError(status: number, timeScale: number): SandboxHttpError {
	const retryAfterMs = (RETRY_AFTER_SECONDS * 1000) / timeScale;
	// Retry-After takes whole seconds; the exact scaled wait goes in retry-after-ms (as OpenAI's).
	const retryHeaders = {
		'retry-after': String(Math.round(retryAfterMs / 1000)),
		'retry-after-ms': String(Math.round(retryAfterMs)),
	};
	if (status === 429) {
		return new SandboxHttpError(
			429,
			'rate_limited',
			'Too many requests for this API key (sandbox apiErrorRate fault). Retry after the Retry-After delay.',
			{
				headers: retryHeaders,
			},
		);
	}
	return new SandboxHttpError(
		status,
		'server_error',
		`The service failed with HTTP ${status} (sandbox apiErrorRate fault). Retry shortly.`,
		{
			headers: status === 503 ? retryHeaders : {},
		},
	);
}

async function handleApi(req: IncomingMessage, url: URL, deps: ServerDeps): Promise<HandlerResult> {
	const matches = ROUTES.map((route) => ({
		route,
		match: route.pattern.exec(url.pathname),
	})).filter((candidate) => candidate.match !== null);
	if (matches.length === 0) {
		throw new SandboxHttpError(404, 'not_found', `No endpoint ${url.pathname}.`);
	}
	const found = matches.find(({ route }) => route.spec.method === req.method);
	if (!found) {
		const allowed = matches.map(({ route }) => route.spec.method).join(', ');
		throw new SandboxHttpError(
			405,
			'not_found',
			`${req.method} is not supported on ${url.pathname} (allowed: ${allowed}).`,
			{
				headers: { allow: allowed },
			},
		);
	}
	const { route, match } = found;
	const account = authenticate(deps.accounts, req.headers.authorization);
	const injected = deps.faults.apiError();
	if (injected !== null) throw injectedError(injected, deps.timeScale);

	const body = route.spec.body
		? validate(
				route.spec.body,
				parseJsonBody(await readBody(req), req.headers['content-type']),
				422,
				'request',
			)
		: undefined;
	const query = route.spec.query
		? validate(route.spec.query, Object.fromEntries(url.searchParams), 400, 'query')
		: undefined;
	const idempotencyKey = route.spec.idempotent
		? readIdempotencyKey(req.headers['idempotency-key'])
		: undefined;
	const id = match?.[1] === undefined ? undefined : decodeId(match[1]);
	return deps.api[route.name]({ account, id, query, body, idempotencyKey });
}

/** A malformed escape (`%E0%A4%A`) names no job: kept as is, it is answered 404, not 500. */
function decodeId(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
	const requestId = newRequestId();
	res.setHeader('x-request-id', requestId);
	try {
		const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
		if (url.pathname.startsWith('/files/')) {
			serveFile(req, res, url, deps.service, deps.media);
			return;
		}
		if (url.pathname === '/healthz') {
			sendJson(res, 200, { ok: true });
			return;
		}
		if (isAdminPath(url.pathname)) {
			if (req.method !== 'GET') {
				throw new SandboxHttpError(
					405,
					'not_found',
					`${req.method} is not supported on ${url.pathname} (allowed: GET).`,
					{
						headers: { allow: 'GET' },
					},
				);
			}
			const account = authenticate(deps.accounts, req.headers.authorization);
			const result = deps.admin[url.pathname](account, url.searchParams);
			sendJson(res, result.status, result.body, result.headers);
			return;
		}
		const result = await handleApi(req, url, deps);
		sendJson(res, result.status, result.body, result.headers);
	} catch (error) {
		if (error instanceof SandboxHttpError) {
			sendError(res, error, requestId);
			return;
		}
		deps.onInternalError(error);
		sendError(
			res,
			new SandboxHttpError(500, 'server_error', 'The sandbox hit an internal error.'),
			requestId,
		);
	}
}

export function requestListener(deps: ServerDeps): RequestListener {
	return (req, res) => {
		void handle(req, res, deps).catch((error: unknown) => {
			deps.onInternalError(error);
			if (!res.headersSent) res.writeHead(500).end();
		});
	};
}
