// Issue 11: both transports against hostile servers on 127.0.0.1. Class 1: an answer that never
// ends, or announces more than the cap, stops at the cap with ResponseTooLargeError naming it.
// Class 2: a malformed status line echoing the API key leaves no trace of it on the error.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/core/client';
import { ResponseTooLargeError } from '../../../src/core/errors';
import type { Transport } from '../../../src/core/ports';
import { CreativeAiClient } from '../../../src/runtime/client';
import { createFetchTransport } from '../../../src/runtime/transport/fetch';
import { createUndiciTransport, type UndiciTransport } from '../../../src/runtime/transport/undici';

const API_KEY = 'rph_live_hostile_server_0123456789';

const servers: (Server | TcpServer)[] = [];
const sockets: Socket[] = [];
const undiciTransports: UndiciTransport[] = [];

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	await Promise.all(undiciTransports.splice(0).map((t) => t.close()));
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

async function listen(server: Server | TcpServer): Promise<string> {
	servers.push(server);
	server.on('connection', (socket: Socket) => sockets.push(socket));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A 200 whose JSON body never ends. */
function streamForever(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/json' }).write('{"id":"vgen_1","pad":"');
	const chunk = 'x'.repeat(64 * 1024);
	const more = (): void => {
		while (!res.destroyed && res.write(chunk));
		if (!res.destroyed) res.once('drain', more);
	};
	more();
}

const transports: [string, () => Transport][] = [
	[
		'undici',
		() => {
			const created = createUndiciTransport();
			undiciTransports.push(created);
			return created;
		},
	],
	['fetch', () => createFetchTransport()],
];

function clientFor(baseUrl: string, transport: Transport, maxResponseBytes?: number) {
	return new CreativeAiClient({
		apiKey: API_KEY,
		baseUrl,
		transport,
		maxResponseBytes,
		retry: { maxRetries: 0 },
	});
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail');
}

describe.each(transports)(
	'the %s transport caps what it buffers (issue 11, class 1)',
	(_name, make) => {
		it('stops an answer that never ends at the default cap, naming it', async () => {
			const base = await listen(createServer((_req, res) => streamForever(res)));
			const error = await failure(clientFor(base, make()).getVideo('vgen_1'));
			expect(error).toBeInstanceOf(ResponseTooLargeError);
			expect(error).toMatchObject({
				code: 'response_too_large',
				limitBytes: DEFAULT_MAX_RESPONSE_BYTES,
			});
			expect((error as Error).message).toContain(`${DEFAULT_MAX_RESPONSE_BYTES} bytes`);
		});

		it('honours a configured cap', async () => {
			const base = await listen(createServer((_req, res) => streamForever(res)));
			const error = await failure(clientFor(base, make(), 100_000).getVideo('vgen_1'));
			expect(error).toMatchObject({ code: 'response_too_large', limitBytes: 100_000 });
		});

		it('refuses an answer whose Content-Length is over the cap', async () => {
			const base = await listen(
				createServer((_req, res) => {
					res.writeHead(200, { 'content-length': String(50_000_000) });
					res.write('{"id":');
				}),
			);
			const error = await failure(clientFor(base, make(), 10_000).getAccount());
			expect(error).toMatchObject({ code: 'response_too_large', limitBytes: 10_000 });
		});

		it('still reads an answer just under the cap', async () => {
			const account = JSON.stringify({
				object: 'account',
				credits_balance: 5,
				pad: 'y'.repeat(900),
			});
			const base = await listen(
				createServer((_req, res) =>
					res.writeHead(200, { 'content-type': 'application/json' }).end(account),
				),
			);
			const client = clientFor(base, make(), Buffer.byteLength(account));
			await expect(client.getAccount()).resolves.toMatchObject({ credits_balance: 5 });
		});
	},
);

describe('a malformed status line echoing the key (issue 11, class 2)', () => {
	it.each(transports)('leaves no trace of the key on the %s error', async (_name, make) => {
		const base = await listen(
			createTcpServer((socket) => {
				socket.once('data', (request) => {
					const auth = /authorization: bearer (\S+)/i.exec(request.toString('latin1'))?.[1] ?? '';
					socket.end(`HTTP/1.1 2${auth} OK\r\ncontent-length: 2\r\n\r\n{}`);
				});
			}),
		);
		const error = await failure(clientFor(base, make()).getAccount());
		expect(error).toMatchObject({ code: 'connection_failed' });
		expect(inspect(error, { showHidden: true, depth: Infinity })).not.toContain(API_KEY);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});
});
