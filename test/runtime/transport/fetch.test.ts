// The fetch transport against real loopback servers (nock lets 127.0.0.1 through): the phases
// fetch can tell apart, aborts and network failures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	AbortedError,
	ConnectionError,
	TimeoutError,
	type CreativeAiError,
} from '../../../src/core/errors';
import type { TransportRequest } from '../../../src/core/ports';
import { createFetchTransport } from '../../../src/runtime/transport/fetch';

const SHORT_MS = 100;
const LONG_MS = 60_000;
const servers: Server[] = [];

afterEach(async () => {
	await Promise.all(
		servers.splice(0).map(
			(server) =>
				new Promise<void>((resolve) => {
					server.closeAllConnections();
					server.close(() => resolve());
				}),
		),
	);
});

async function httpServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
	const server = createServer(handler);
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(url: string, extra: Partial<TransportRequest> = {}): TransportRequest {
	return {
		method: 'GET',
		url,
		headers: { Accept: 'application/json' },
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

describe('createFetchTransport', () => {
	it('returns status, lower-cased headers and body', async () => {
		const base = await httpServer((_req, res) => {
			res.writeHead(202, { 'X-Request-Id': 'req_7' });
			res.end('{"ok":true}');
		});
		await expect(createFetchTransport()(get(base))).resolves.toEqual({
			status: 202,
			headers: expect.objectContaining({ 'x-request-id': 'req_7' }),
			body: '{"ok":true}',
		});
	});

	it('reports a server that never answers as a headers timeout', async () => {
		const base = await httpServer(() => undefined);
		const timeouts = { connectMs: SHORT_MS, headersMs: SHORT_MS, bodyMs: LONG_MS };
		const error = await caught(createFetchTransport()(get(base, { timeouts })));
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error).toMatchObject({ phase: 'headers', timeoutMs: 2 * SHORT_MS });
	});

	it('reports a body that stalls as a body timeout', async () => {
		const base = await httpServer((_req, res) => {
			res.writeHead(200);
			res.write('{"half":');
		});
		const timeouts = { connectMs: LONG_MS, headersMs: LONG_MS, bodyMs: SHORT_MS };
		const error = await caught(createFetchTransport()(get(base, { timeouts })));
		expect(error).toMatchObject({ code: 'timeout', phase: 'body', timeoutMs: SHORT_MS });
	});

	it('reports a destroyed connection as ConnectionError naming the host', async () => {
		const base = await httpServer((req) => req.socket.destroy());
		const error = await caught(createFetchTransport()(get(base)));
		expect(error).toBeInstanceOf(ConnectionError);
		expect(error.message).toContain(new URL(base).host);
	});

	it('rejects with AbortedError when the caller aborts', async () => {
		const controller = new AbortController();
		const base = await httpServer(() => controller.abort());
		const error = await caught(createFetchTransport()(get(base, { signal: controller.signal })));
		expect(error).toBeInstanceOf(AbortedError);
	});

	it('maps whatever the given fetch throws to ConnectionError', async () => {
		const failing = (async () => {
			throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
		}) as unknown as typeof fetch;
		const error = await caught(createFetchTransport(failing)(get('https://nowhere.example/x')));
		expect(error).toBeInstanceOf(ConnectionError);
		expect(error.message).toContain('nowhere.example');
		expect(error.message).toContain('ENOTFOUND');
	});
});
