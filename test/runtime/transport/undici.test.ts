// The undici transport against real servers on 127.0.0.1 (port 0). Each server misbehaves in one
// way; the transport must turn it into the core's error for that phase.
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

import {
	AbortedError,
	ConnectionError,
	TimeoutError,
	type CreativeAiError,
} from '../../../src/core/errors';
import type { TransportRequest } from '../../../src/core/ports';
import { CreativeAiClient } from '../../../src/runtime/client';
import { sleep, systemClock } from '../../../src/runtime/timers';
import { createUndiciTransport, type UndiciTransport } from '../../../src/runtime/transport/undici';

const API_KEY = 'rph_live_undici_test_0123456789';
/** Short enough to keep the suite quick; the tests assert the phase, never the time taken. */
const SHORT_MS = 150;
const LONG_MS = 60_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: (Server | TcpServer)[] = [];
const sockets: Socket[] = [];
const transports: UndiciTransport[] = [];

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	await Promise.all(transports.splice(0).map((transport) => transport.close()));
	await Promise.all(
		servers.splice(0).map(
			(server) =>
				new Promise<void>((resolve) => {
					if ('closeAllConnections' in server) server.closeAllConnections();
					server.close(() => resolve());
				}),
		),
	);
});

async function listen<S extends Server | TcpServer>(server: S): Promise<string> {
	servers.push(server);
	server.on('connection', (socket: Socket) => sockets.push(socket));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function httpServer(handler: Handler): Promise<string> {
	return `http://${await listen(createServer(handler))}`;
}

function transport(connections?: number): UndiciTransport {
	const created = createUndiciTransport({ connections });
	transports.push(created);
	return created;
}

function get(url: string, extra: Partial<TransportRequest> = {}): TransportRequest {
	return {
		method: 'GET',
		url,
		headers: { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' },
		timeouts: { connectMs: LONG_MS, headersMs: LONG_MS, bodyMs: LONG_MS },
		...extra,
	};
}

async function caught(promise: Promise<unknown>): Promise<CreativeAiError> {
	try {
		await promise;
	} catch (error) {
		return error as CreativeAiError;
	}
	throw new Error('expected the request to fail');
}

function videoJob(id: string) {
	return {
		id,
		object: 'video.generation',
		status: 'pending',
		model: 'auto',
		model_actual: null,
		credits: 10,
		failover_used: false,
		output_url: null,
		error_message: null,
		created_at: '2025-03-01T12:00:00Z',
		completed_at: null,
	};
}

describe('createUndiciTransport', () => {
	it('returns the status, lower-cased headers and the whole body, for any status', async () => {
		let seen: IncomingMessage | undefined;
		let received = '';
		const base = await httpServer((req, res) => {
			seen = req;
			req.setEncoding('utf8');
			req.on('data', (chunk: string) => (received += chunk));
			req.on('end', () => {
				res.writeHead(418, { 'X-Request-Id': 'req_1', 'Content-Type': 'application/json' });
				res.end('{"error":{"code":"teapot","message":"no"}}');
			});
		});
		const response = await transport()(
			get(`${base}/v1/things`, { method: 'POST', body: '{"a":1}' }),
		);
		expect(response).toEqual({
			status: 418,
			headers: expect.objectContaining({ 'x-request-id': 'req_1' }),
			body: '{"error":{"code":"teapot","message":"no"}}',
		});
		expect(seen?.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(received).toBe('{"a":1}');
	});

	it('reports a connection that is never established as a connect timeout', async () => {
		// On loopback the kernel completes every TCP handshake, so the stall is one layer up: a TLS
		// handshake the server never answers, which undici's connect timeout also covers.
		const host = await listen(createTcpServer(() => undefined));
		const error = await caught(
			transport()(
				get(`https://${host}/`, { timeouts: { connectMs: SHORT_MS, headersMs: LONG_MS } }),
			),
		);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ code: 'timeout', phase: 'connect', timeoutMs: SHORT_MS });
	});

	it('reports a server that never answers as a headers timeout', async () => {
		const base = await httpServer(() => undefined);
		const error = await caught(
			transport()(get(base, { timeouts: { connectMs: LONG_MS, headersMs: SHORT_MS } })),
		);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ phase: 'headers', timeoutMs: SHORT_MS });
	});

	it('reports a body that stalls halfway as a body timeout', async () => {
		const base = await httpServer((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.write('{"id":"vgen_');
		});
		const error = await caught(
			transport()(
				get(base, { timeouts: { connectMs: LONG_MS, headersMs: LONG_MS, bodyMs: SHORT_MS } }),
			),
		);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ phase: 'body', timeoutMs: SHORT_MS });
	});

	it('reports a connection destroyed mid-response as ConnectionError naming only the host', async () => {
		const base = await httpServer((req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.write('{"id":"vgen_', () => req.socket.destroy());
		});
		const error = await caught(transport()(get(`${base}/v1/video/generations/vgen_secret_path`)));
		expect(error).toBeInstanceOf(ConnectionError);
		expect(error.code).toBe('connection_failed');
		expect(error.message).toContain(new URL(base).host);
		expect(error.message).not.toContain(API_KEY);
		expect(error.message).not.toContain('vgen_secret_path');
	});

	it('reports a refused connection as ConnectionError', async () => {
		const base = await httpServer(() => undefined);
		const closed = servers.pop() as Server;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await caught(transport()(get(base)));
		expect(error).toBeInstanceOf(ConnectionError);
		expect(error.message).toContain('ECONNREFUSED');
	});

	it('rejects with AbortedError when the signal aborts while waiting for headers', async () => {
		const controller = new AbortController();
		const base = await httpServer(() => controller.abort());
		const error = await caught(transport()(get(base, { signal: controller.signal })));
		expect(error).toBeInstanceOf(AbortedError);
	});

	it('rejects with AbortedError when the signal aborts while the body streams', async () => {
		const controller = new AbortController();
		const base = await httpServer((_req, res) => {
			res.writeHead(200);
			res.write('{"partial":', () => controller.abort());
		});
		const error = await caught(transport()(get(base, { signal: controller.signal })));
		expect(error).toBeInstanceOf(AbortedError);
	});
});

describe('createUndiciTransport, reading answers', () => {
	it('joins a repeated header into one comma-separated value', async () => {
		const base = await httpServer((_req, res) => {
			res.setHeader('X-Multi', ['a', 'b']);
			res.end('{}');
		});
		const response = await transport()(get(base));
		expect(response.headers['x-multi']).toBe('a, b');
	});

	it('returns a body sent in several chunks whole, without a leading byte-order mark', async () => {
		const text = Buffer.from('{"prompt":"café"}', 'utf8');
		const split = text.indexOf(0xc3) + 1; // between the two bytes of é
		const base = await httpServer((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.write(Buffer.from([0xef, 0xbb, 0xbf]));
			res.write(text.subarray(0, split), () => res.end(text.subarray(split)));
		});
		const response = await transport()(get(base));
		expect(response.body).toBe('{"prompt":"café"}');
	});

	it('skips an informational 103 answer and returns the final one', async () => {
		const base = await httpServer((_req, res) => {
			res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
			res.writeHead(201, { 'X-Final': 'yes' });
			res.end('{"ok":true}');
		});
		const response = await transport()(get(base));
		expect(response).toMatchObject({ status: 201, body: '{"ok":true}' });
		expect(response.headers['x-final']).toBe('yes');
	});
});

describe('createUndiciTransport, shared signals', () => {
	it('listens once to a signal however many requests share it, and aborts them all', async () => {
		let arrived = 0;
		let allArrived!: () => void;
		const three = new Promise<void>((resolve) => (allArrived = resolve));
		const base = await httpServer(() => {
			if (++arrived === 3) allArrived();
		});
		const send = transport();
		const controller = new AbortController();
		const pending = [1, 2, 3].map((n) =>
			caught(send(get(`${base}/${n}`, { signal: controller.signal }))),
		);
		await three;
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		controller.abort();
		for (const error of await Promise.all(pending)) expect(error).toBeInstanceOf(AbortedError);
	});

	it('rejects at once when aborted while still waiting for a free connection', async () => {
		let firstArrived!: () => void;
		const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
		const base = await httpServer(() => firstArrived());
		const send = transport(1);
		let firstSettled = false;
		const first = send(get(`${base}/first`)).finally(() => (firstSettled = true));
		first.catch(() => undefined);
		await arrived;
		const controller = new AbortController();
		const queued = caught(send(get(`${base}/queued`, { signal: controller.signal })));
		controller.abort();
		expect(await queued).toBeInstanceOf(AbortedError);
		expect(firstSettled).toBe(false);
	});
});

describe('CreativeAiClient over undici', () => {
	it('ends an attempt at the overall timeout and closes its connection', async () => {
		let serverSawClose!: () => void;
		const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
		const base = await httpServer((req) => req.socket.on('close', serverSawClose));
		const client = new CreativeAiClient({
			apiKey: API_KEY,
			baseUrl: base,
			transport: transport(),
			retry: { maxRetries: 0 },
			timeouts: { overallMs: SHORT_MS, headersMs: LONG_MS },
		});
		const error = await caught(client.getAccount());
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ phase: 'overall', timeoutMs: SHORT_MS });
		await closed; // the aborted attempt did not leave its request open
	});

	it('resends a create whose socket dropped with the same key, and the server makes one job', async () => {
		const jobsByKey = new Map<string, string>();
		const keysSeen: string[] = [];
		let posts = 0;
		const base = await httpServer((req, res) => {
			req.resume();
			req.on('end', () => {
				const key = String(req.headers['idempotency-key']);
				keysSeen.push(key);
				if (!jobsByKey.has(key)) jobsByKey.set(key, `vgen_${jobsByKey.size + 1}`);
				posts++;
				// The first job is created, then its answer is lost with the connection.
				if (posts === 1) {
					req.socket.destroy();
					return;
				}
				res.writeHead(202, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(videoJob(jobsByKey.get(key) as string)));
			});
		});
		const client = new CreativeAiClient({
			apiKey: API_KEY,
			baseUrl: base,
			transport: transport(),
			sleep,
			clock: systemClock,
			retry: { baseDelayMs: 1, maxDelayMs: 1 },
		});
		const job = await client.createVideo({ prompt: 'a red fox', duration: '5s' });
		expect(posts).toBe(2);
		expect(keysSeen[1]).toBe(keysSeen[0]);
		expect(jobsByKey.size).toBe(1);
		expect(job.id).toBe('vgen_1');
	});
});
