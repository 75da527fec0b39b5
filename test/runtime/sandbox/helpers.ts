// Test helpers for the sandbox: a tiny HTTP caller, a webhook receiver on loopback whose answers
// a test scripts, and a manual clock. Real sockets on port 0; no timing thresholds anywhere.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import type { Sandbox } from '../../../src/runtime/sandbox';

export interface ApiAnswer {
	status: number;
	headers: Record<string, string>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	bytes: Buffer;
}

export interface CallOptions {
	body?: unknown;
	/** The API key; `null` sends no Authorization header. Default: the sandbox's key. */
	key?: string | null;
	headers?: Record<string, string>;
}

/** One request to the sandbox; the body is parsed when it is JSON. */
export async function call(
	sandbox: Pick<Sandbox, 'url' | 'apiKey'>,
	method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD',
	path: string,
	options: CallOptions = {},
): Promise<ApiAnswer> {
	const key = options.key === undefined ? sandbox.apiKey : options.key;
	const headers: Record<string, string> = { ...options.headers };
	if (key !== null) headers.authorization = `Bearer ${key}`;
	let payload: string | undefined;
	if (options.body !== undefined) {
		payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	const url = path.startsWith('http') ? path : `${sandbox.url}${path}`;
	const response = await request(url, { method, headers, body: payload });
	const bytes = Buffer.from(await response.body.arrayBuffer());
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	const isJson = (flat['content-type'] ?? '').startsWith('application/json');
	return {
		status: response.statusCode,
		headers: flat,
		body: isJson && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : null,
		bytes,
	};
}

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** What the receiver does with its n-th request (0-based): answer a status, or never answer. */
export type ReceiverScript = (index: number, received: ReceivedRequest) => number | 'hang';

export interface Receiver {
	url: string;
	requests: ReceivedRequest[];
	/** Resolves once `count` requests have arrived. */
	waitFor(count: number): Promise<void>;
	close(): Promise<void>;
}

export async function startReceiver(script: ReceiverScript = () => 200): Promise<Receiver> {
	const requests: ReceivedRequest[] = [];
	let waiters: { count: number; resolve: () => void }[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const received: ReceivedRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			const index = requests.length;
			requests.push(received);
			waiters = waiters.filter((waiter) => {
				if (requests.length < waiter.count) return true;
				waiter.resolve();
				return false;
			});
			const answer = script(index, received);
			if (answer === 'hang') return;
			res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks/creativeai`,
		requests,
		waitFor: (count) =>
			requests.length >= count
				? Promise.resolve()
				: new Promise((resolve) => waiters.push({ count, resolve })),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** A clock a test moves by hand. */
export function manualClock(startMs = Date.parse('2030-01-01T00:00:00.000Z')) {
	let nowMs = startMs;
	return {
		now: () => nowMs,
		advance: (ms: number) => {
			nowMs += ms;
		},
		set: (ms: number) => {
			nowMs = ms;
		},
	};
}

/** A job creation body that completes quickly at a high time scale. */
export const VIDEO_BODY = {
	model: 'kling-v3',
	prompt: 'A paper boat on a pond',
	duration: 5,
} as const;
export const VOICE_BODY = {
	text: 'Your launch assets are rendering now.',
	voice: 'alloy',
} as const;
