// Issue 11, class 6: slow and idle clients on the receiver. The sender gives an attempt 10 s, so a
// client trickling its headers or body is cut off within the receiver's limits (Node's defaults
// let it hold a connection 87 s or 328 s), and idle connections are capped, oldest closed first,
// so they cannot exhaust the descriptors a valid delivery needs. Real sockets on 127.0.0.1.
import { connect, type Socket } from 'node:net';

import { request } from 'undici';

import { MemoryDedupStore } from '../../../src/core/dedup';
import { signWebhook } from '../../../src/core/webhooks';
import {
	HEADERS_TIMEOUT_MS,
	KEEP_ALIVE_TIMEOUT_MS,
	REQUEST_TIMEOUT_MS,
	startReceiverServer,
	type ReceiverServer,
	type ReceiverServerOptions,
} from '../../../src/runtime/cli/receiverServer';

const SECRET = 'rph_test_slow_clients_secret';
const BODY = JSON.stringify({
	id: 'vgen_slow',
	object: 'video.generation',
	status: 'completed',
	model: 'auto',
	output_url: null,
	credits: 1,
	completed_at: null,
});

let server: ReceiverServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	await server?.close();
	server = undefined;
});

async function start(options: Partial<ReceiverServerOptions> = {}): Promise<ReceiverServer> {
	server = await startReceiverServer({
		secrets: SECRET,
		store: new MemoryDedupStore({ clock: () => Date.now() }),
		...options,
	});
	return server;
}

async function deliver(url: string): Promise<number> {
	const headers = {
		'content-type': 'application/json',
		...signWebhook({ scheme: 'creativeai', secret: SECRET, body: BODY }),
	};
	const response = await request(url, { method: 'POST', headers, body: BODY });
	await response.body.dump();
	return response.statusCode;
}

function open(port: number): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => resolve(socket));
		socket.on('error', () => undefined);
		socket.once('error', reject);
		sockets.push(socket);
	});
}

function closed(socket: Socket): Promise<void> {
	if (socket.destroyed) return Promise.resolve();
	return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Writes one byte of `text` at a time until the server closes the connection. */
function trickle(socket: Socket, text: string, everyMs: number): Promise<number> {
	let sent = 0;
	const timer = setInterval(() => {
		if (socket.destroyed || sent >= text.length) return;
		socket.write(text[sent++]);
	}, everyMs);
	return closed(socket).then(() => {
		clearInterval(timer);
		return sent;
	});
}

describe('slow and idle clients on the receiver (issue 11)', () => {
	it('asks for headers and the whole request within the sender’s 10 s per attempt', () => {
		expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
		expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS);
		expect(KEEP_ALIVE_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
	});

	it('cuts off a client that trickles its headers', async () => {
		const { port } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
		const socket = await open(port);
		const headers = `POST / HTTP/1.1\r\nHost: x\r\n${'X-Padding: y\r\n'.repeat(500)}\r\n`;
		const sent = await trickle(socket, headers, 50);
		expect(sent).toBeLessThan(headers.length);
	});

	it('cuts off a client that trickles its body', async () => {
		const { port } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
		const socket = await open(port);
		socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n`);
		const body = 'x'.repeat(5000);
		const sent = await trickle(socket, body, 50);
		expect(sent).toBeLessThan(body.length);
	});

	it('closes the oldest idle connections past the cap, and still takes a delivery', async () => {
		const { port, url } = await start({ maxIdleConnections: 5 });
		const idle: Socket[] = [];
		for (let i = 0; i < 30; i++) idle.push(await open(port));
		expect(await deliver(url)).toBe(200);
		// The oldest are the ones closed; the delivery's own connection, idle after its answer,
		// then takes the place of one more, and the 4 newest stay.
		await Promise.all(idle.slice(0, 26).map(closed));
		expect(idle.slice(26).every((socket) => !socket.destroyed)).toBe(true);
	});
});
