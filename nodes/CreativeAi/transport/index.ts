// The node's only door to the network. `n8nTransport` adapts n8n's
// `httpRequestWithAuthentication` to the core's Transport port, and `createClient` builds the
// core's client on it with n8n-workflow's `sleep` and the wall clock.
// Rules (the port's contract): every HTTP status is returned, never thrown; a failure to get an
// answer becomes ConnectionError, TimeoutError or AbortedError; the API key is added by the
// credential's `authenticate`, never by this file, and never appears in a message.
import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	AbortedError,
	ConnectionError,
	CreativeAiClient,
	TimeoutError,
	type Transport,
	type TransportRequest,
	type TransportResponse,
} from '../../../src/core';

export const CREDENTIAL_NAME = 'creativeAiApi';
const USER_AGENT = 'n8n-nodes-creativeai/0.1.0';

export interface CreativeAiCredentials {
	apiKey: string;
	baseUrl?: string;
	webhookSecret?: string;
	allowPrivateCallbackUrls?: boolean;
}

/** Error codes of Node's sockets and of axios that mean "no answer arrived". */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const ABORT_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);
/**
 * Said in words: n8n replaces a message that contains a raw code such as ECONNREFUSED with its
 * own generic sentence, which would drop the base URL.
 */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection was closed while sending',
};

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * The Transport port over `httpRequestWithAuthentication`. With `credentials` (read once per
 * execution by createClient) n8n is handed them already decrypted instead of reading and
 * decrypting the credential again for every request.
 */
export function n8nTransport(
	context: IExecuteFunctions,
	credentials?: CreativeAiCredentials,
): Transport {
	const reference = context.getNode().credentials?.[CREDENTIAL_NAME];
	const credentialOptions: IAdditionalCredentialOptions | undefined =
		credentials === undefined
			? undefined
			: {
					credentialsDecrypted: {
						id: reference?.id ?? '',
						name: reference?.name ?? CREDENTIAL_NAME,
						type: CREDENTIAL_NAME,
						data: { ...credentials },
					},
				};
	return async (request: TransportRequest): Promise<TransportResponse> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: withoutAuthorization(request.headers),
			body: request.body,
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: request.signal,
			timeout: attemptTimeoutMs(request),
		};
		let response: FullResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_NAME,
				options,
				credentialOptions,
			)) as FullResponse;
		} catch (error) {
			throw noAnswerError(error, request);
		}
		return {
			status: response.statusCode,
			headers: lowerCasedHeaders(response.headers),
			body: bodyText(response.body),
		};
	};
}

/** The core's client over n8n's HTTP helper, for the credential this node is given. */
export async function createClient(context: IExecuteFunctions): Promise<{
	client: CreativeAiClient;
	credentials: CreativeAiCredentials;
}> {
	const credentials = await context.getCredentials<CreativeAiCredentials & Record<string, never>>(
		CREDENTIAL_NAME,
	);
	const client = new CreativeAiClient({
		apiKey: credentials.apiKey,
		baseUrl: credentials.baseUrl?.trim() || undefined,
		transport: n8nTransport(context, credentials),
		sleep: async (ms, signal) => await sleep(ms, signal),
		clock: () => Date.now(),
		userAgent: USER_AGENT,
	});
	return { client, credentials };
}

/** n8n's `authenticate` adds the Bearer header; one source of it, one place it can leak from. */
function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
	const copy: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() !== 'authorization') copy[name] = value;
	}
	return copy;
}

/** axios has one timeout for the whole answer; the core enforces its overall limit itself. */
function attemptTimeoutMs(request: TransportRequest): number | undefined {
	const { connectMs = 0, headersMs = 0, bodyMs = 0 } = request.timeouts ?? {};
	const total = connectMs + headersMs + bodyMs;
	return total > 0 ? total : undefined;
}

function lowerCasedHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return JSON.stringify(body);
}

/** The first `code` along the error's cause chain (n8n wraps axios' error in NodeApiError). */
function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const { code, name } = current as { code?: unknown; name?: unknown };
		if (typeof code === 'string' && code !== '') return code;
		if (name === 'AbortError' || name === 'CanceledError') return 'ABORT_ERR';
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function noAnswerError(error: unknown, request: TransportRequest): Error {
	const code = errorCode(error);
	if (request.signal?.aborted || (code !== undefined && ABORT_CODES.has(code))) {
		return new AbortedError(undefined, { cause: error });
	}
	if (code !== undefined && TIMEOUT_CODES.has(code)) {
		return new TimeoutError('headers', attemptTimeoutMs(request) ?? 0, { cause: error });
	}
	const origin = originOf(request.url);
	const what = code === undefined ? undefined : NETWORK_FAILURES[code];
	return new ConnectionError(
		`Could not reach CreativeAI at ${origin}${what ? ` (${what})` : ''}. Check the Base URL in the credential and that the service is reachable from n8n.`,
		{ cause: error },
	);
}

function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'the configured base URL';
	}
}
