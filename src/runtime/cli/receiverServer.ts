// A webhook receiver on node:http around the core's receive pipeline: read the raw body bytes,
// hand them with the headers to receiveWebhook, answer with the status and body it chooses.
// Used by `creativeai webhook listen`, the main job and tests.
// Rules: the body is never parsed or re-encoded before verification (the signature covers the
// exact bytes); every delivery gets the pipeline's answer (401 forged, 200 accepted or
// duplicate, 503 with Retry-After when the store is busy or down); a body over the size limit is
// refused with 413 before it is buffered whole; an error anywhere in handling a request (a
// throwing callback) is answered 500 if nothing was answered yet, never left unhandled.
// Slow and idle clients: the sender gives an attempt 10 s, so a client that has not sent its
// headers within HEADERS_TIMEOUT_MS, or its whole request within REQUEST_TIMEOUT_MS, is not a
// sender and is cut off; connections doing nothing (never a request, or idle keep-alive) are
// capped, the oldest closed first, so idle clients cannot exhaust the descriptors a real
// delivery needs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { DedupStore } from '../../core/dedup';
import type { Clock } from '../../core/ports';
import {
	receiveWebhook,
	type ReceivedEvent,
	type ReceiveResult,
	type Secrets,
	type WebhookScheme,
} from '../../core/webhooks';

/** Deliveries are small JSON objects; anything this big is not one. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The path printed in the receiver's URL; any path is accepted. */
export const DEFAULT_RECEIVER_PATH = '/webhooks/creativeai';
/** Headers must be in within this (Node's default is 60 s, checked every 30 s). */
export const HEADERS_TIMEOUT_MS = 5_000;
/** The whole request, body included, within the sender's 10 s per attempt. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How often Node checks the two limits above (its default, 30 s, would let them slip). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** A keep-alive connection left unused this long is closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Connections with no request in flight kept open at most; past it the oldest is closed. */
export const MAX_IDLE_CONNECTIONS = 512;

export interface ReceiverServerOptions {
	/** Default 0: a free port. */
	port?: number;
	host?: string;
	secrets: Secrets;
	scheme?: WebhookScheme;
	store: DedupStore;
	/** Required for the `standard` scheme. */
	clock?: Clock;
	/** Runs inside the de-duplication claim; throwing answers 500 so the sender retries. */
	onEvent?: (event: ReceivedEvent) => Promise<void> | void;
	/** Told every answer after it is sent, with who sent the delivery. */
	onResult?: (result: ReceiveResult, from: DeliverySource) => void;
	/** Told of a misuse error inside the pipeline (answered 500). */
	onError?: (error: unknown) => void;
	path?: string;
	/** Default HEADERS_TIMEOUT_MS; at most requestTimeoutMs. */
	headersTimeoutMs?: number;
	/** Default REQUEST_TIMEOUT_MS. */
	requestTimeoutMs?: number;
	/** Default MAX_IDLE_CONNECTIONS. */
	maxIdleConnections?: number;
}

export interface DeliverySource {
	remoteAddress: string;
	path: string;
}

export interface ReceiverStats {
	accepted: number;
	duplicates: number;
	/** Refused for the signature (401). */
	forged: number;
	/** Signed, but not a delivery of the contract (400). */
	malformed: number;
	/** Answered 5xx: busy, store down or handler failed; the sender retries. */
	retryLater: number;
}

export interface ReceiverServer {
	/** The URL to give as `webhook_url`. */
	url: string;
	port: number;
	readonly stats: Readonly<ReceiverStats>;
	close(): Promise<void>;
}

export async function startReceiverServer(options: ReceiverServerOptions): Promise<ReceiverServer> {
	const { host = '127.0.0.1', path = DEFAULT_RECEIVER_PATH } = options;
	const stats: ReceiverStats = {
		accepted: 0,
		duplicates: 0,
		forged: 0,
		malformed: 0,
		retryLater: 0,
	};

	const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
	const server = createServer(
		{
			headersTimeout: Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout),
			requestTimeout,
			connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
			keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
		},
		(req, res) => {
			idle.busy(req.socket);
			handle(req, res).then(
				// Answered (or destroyed): the connection waits for its next request, if any.
				() => idle.add(req.socket),
				(error: unknown) => failed(res, error),
			);
		},
	);
	const idle = new IdleConnections(options.maxIdleConnections ?? MAX_IDLE_CONNECTIONS);
	server.on('connection', (socket: Socket) => idle.add(socket));

	/** A request whose handling threw: told to onError, answered 500 unless already answered. */
	function failed(res: ServerResponse, error: unknown): void {
		try {
			options.onError?.(error);
		} catch {
			// The report itself failed; the answer below still goes out.
		}
		if (!res.headersSent) answer(res, 500, 'receiver error');
		idle.add(res.socket);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'POST') {
			answer(res, 405, 'only POST is accepted here', { allow: 'POST' });
			req.resume();
			return;
		}
		// A sender that hangs up mid-body gets no answer; there is nobody left to answer.
		const rawBody = await readBody(req).catch(() => null);
		if (rawBody === null) {
			res.destroy();
			return;
		}
		if (rawBody === undefined) {
			answer(res, 413, 'body too large', { connection: 'close' });
			return;
		}
		let result: ReceiveResult;
		try {
			result = await receiveWebhook({
				rawBody,
				headers: req.headers,
				secrets: options.secrets,
				scheme: options.scheme,
				store: options.store,
				clock: options.clock,
				onEvent: options.onEvent,
			});
		} catch (error) {
			options.onError?.(error);
			answer(res, 500, 'receiver misconfigured');
			return;
		}
		count(stats, result);
		const headers: Record<string, string> =
			'retryAfterSeconds' in result ? { 'retry-after': String(result.retryAfterSeconds) } : {};
		answer(res, result.status, result.body, headers);
		options.onResult?.(result, {
			remoteAddress: req.socket.remoteAddress ?? 'unknown',
			path: req.url ?? '/',
		});
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	let closing: Promise<void> | undefined;
	return {
		url: `http://${urlHost}:${port}${path}`,
		port,
		stats,
		close: () =>
			(closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})),
	};
}

/**
 * Connections with no request in flight, oldest first (a Set keeps insertion order). Adding one
 * past the cap closes the oldest; a connection leaves the set while it carries a request.
 */
class IdleConnections {
	readonly #max: number;
	readonly #sockets = new Set<Socket>();
	/** Sockets whose close is already watched: one listener each, however many requests. */
	readonly #watched = new WeakSet<Socket>();

	constructor(max: number) {
		this.#max = max;
	}

	add(socket: Socket | null): void {
		if (socket === null || socket.destroyed) return;
		if (!this.#watched.has(socket)) {
			this.#watched.add(socket);
			socket.once('close', () => this.#sockets.delete(socket));
		}
		// Re-inserted at the end: it is now the most recently used.
		this.#sockets.delete(socket);
		this.#sockets.add(socket);
		while (this.#sockets.size > this.#max) {
			const oldest = this.#sockets.values().next().value as Socket;
			this.#sockets.delete(oldest);
			oldest.destroy();
		}
	}

	busy(socket: Socket): void {
		this.#sockets.delete(socket);
	}
}

/** The body as bytes, or undefined once it passes MAX_BODY_BYTES (the rest is discarded). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				tooLarge = true;
				chunks.length = 0;
				resolve(undefined);
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!tooLarge) resolve(Buffer.concat(chunks, size));
		});
		req.on('error', reject);
	});
}

function answer(
	res: ServerResponse,
	status: number,
	body: string,
	headers: Record<string, string> = {},
): void {
	res
		.writeHead(status, {
			'content-type': 'text/plain; charset=utf-8',
			// Known length: one plain body, not a chunked one.
			'content-length': String(Buffer.byteLength(body)),
			...headers,
		})
		.end(body);
}

function count(stats: ReceiverStats, result: ReceiveResult): void {
	switch (result.outcome) {
		case 'accepted':
			stats.accepted++;
			return;
		case 'duplicate':
			stats.duplicates++;
			return;
		case 'rejected':
			if (result.status === 401) stats.forged++;
			else stats.malformed++;
			return;
		default:
			stats.retryLater++;
	}
}
