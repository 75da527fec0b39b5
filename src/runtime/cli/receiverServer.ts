// A webhook receiver on node:http around the core's receive pipeline: read the raw body bytes,
// hand them with the headers to receiveWebhook, answer with the status and body it chooses.
// Used by `creativeai webhook listen`, the main job and tests.
// Rules: the body is never parsed or re-encoded before verification (the signature covers the
// exact bytes); every delivery gets the pipeline's answer (401 forged, 200 accepted or
// duplicate, 503 with Retry-After when the store is busy or down); a body over the size limit is
// refused with 413 before it is buffered whole; an error anywhere in handling a request (a
// throwing callback) is answered 500 if nothing was answered yet, never left unhandled.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => failed(res, error));
	});

	/** A request whose handling threw: told to onError, answered 500 unless already answered. */
	function failed(res: ServerResponse, error: unknown): void {
		try {
			options.onError?.(error);
		} catch {
			// The report itself failed; the answer below still goes out.
		}
		if (!res.headersSent) answer(res, 500, 'receiver error');
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
	res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
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
