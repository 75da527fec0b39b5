// The receiver examples of docs/receiving-webhooks.md, each a real server on port 0: the sandbox
// delivers to it directly, then a real signed delivery is replayed to it as the service's retry
// would be, changed as a forger would, and re-serialised as a JSON body parser would.
import type { AddressInfo } from 'node:net';

import { createExpressReceiver } from '../../examples/receivers/express';
import { createFastifyReceiver } from '../../examples/receivers/fastify';
import { createNodeReceiver } from '../../examples/receivers/node-http';
import { MemoryDedupStore, type ReceivedEvent } from '../../src/core';
import { createSandbox, type Sandbox } from '../../src/runtime/sandbox';
import { call, startReceiver, VIDEO_BODY, type ReceivedRequest } from '../runtime/sandbox/helpers';

interface Running {
	url: string;
	close(): Promise<void>;
}

interface Options {
	apiKey: string;
	store: MemoryDedupStore;
	onEvent: (event: ReceivedEvent) => void;
}

const PATH = '/webhooks/creativeai';

const frameworks: [string, (options: Options) => Promise<Running>][] = [
	[
		'Express',
		async (options) => {
			const server = createExpressReceiver(options).listen(0, '127.0.0.1');
			await new Promise((resolve) => server.once('listening', resolve));
			return {
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`,
				close: () => new Promise((resolve) => server.close(() => resolve())),
			};
		},
	],
	[
		'Fastify',
		async (options) => {
			const app = createFastifyReceiver(options);
			const address = await app.listen({ port: 0, host: '127.0.0.1' });
			return { url: `${address}${PATH}`, close: () => app.close() };
		},
	],
	[
		'node:http',
		async (options) => {
			const server = createNodeReceiver(options);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			return {
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`,
				close: () =>
					new Promise((resolve) => {
						server.close(() => resolve());
						server.closeAllConnections();
					}),
			};
		},
	],
];

let sandbox: Sandbox;
let captured: ReceivedRequest;

beforeAll(async () => {
	// Renders take milliseconds; a receiver still gets 5 real seconds to answer (a cold first
	// request through a framework can take longer than 10 s divided by the time scale).
	sandbox = await createSandbox({
		timeScale: 1000,
		allowPrivateCallbacks: true,
		webhookTimeoutMs: 5000,
	});
	const capture = await startReceiver(() => 200);
	await call(sandbox, 'POST', '/v1/video/generations', {
		body: { ...VIDEO_BODY, webhook_url: capture.url },
	});
	await capture.waitFor(1);
	captured = capture.requests[0];
	await capture.close();
});

afterAll(async () => {
	await sandbox.close();
});

/** Sends a delivery as the service does: its headers, its body bytes. */
async function deliver(url: string, request: Pick<ReceivedRequest, 'headers' | 'body'>) {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (['host', 'content-length', 'connection'].includes(name) || value === undefined) continue;
		headers[name] = String(value);
	}
	const response = await fetch(url, { method: 'POST', headers, body: request.body });
	return { status: response.status, body: await response.text() };
}

describe.each(frameworks)('%s example', (_name, start) => {
	let events: ReceivedEvent[];
	let receiver: Running;

	beforeEach(async () => {
		events = [];
		receiver = await start({
			apiKey: sandbox.apiKey,
			store: new MemoryDedupStore({ clock: Date.now }),
			onEvent: (event) => {
				events.push(event);
			},
		});
	});

	afterEach(async () => {
		await receiver.close();
	});

	it('takes a delivery straight from the service and hands the event over once', async () => {
		const created = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, webhook_url: receiver.url },
		});
		await sandbox.settled();

		const attempts = sandbox.deliveries({ generationId: created.body.id });
		expect(attempts.map((attempt) => attempt.http_status)).toEqual([200]);
		expect(events.map((event) => [event.generationId, event.status])).toEqual([
			[created.body.id, 'completed'],
		]);
	});

	it('answers a repeated delivery 200 without handing it over again', async () => {
		expect(await deliver(receiver.url, captured)).toEqual({ status: 200, body: 'accepted' });
		expect(await deliver(receiver.url, captured)).toEqual({
			status: 200,
			body: 'duplicate: already processed',
		});
		expect(events).toHaveLength(1);
	});

	it('answers 401 to a forged delivery and hands nothing over', async () => {
		const forged = { ...captured, body: captured.body.replace('"completed"', '"failed"') };
		const wrongSignature = {
			...captured,
			headers: { ...captured.headers, 'x-creativeai-signature': `sha256=${'a'.repeat(64)}` },
		};
		for (const request of [forged, wrongSignature]) {
			expect(await deliver(receiver.url, request)).toEqual({
				status: 401,
				body: 'invalid signature',
			});
		}
		expect(events).toHaveLength(0);
	});

	it('refuses the body a JSON parser would re-serialise, though it says the same', async () => {
		const reserialised = { ...captured, body: JSON.stringify(JSON.parse(captured.body), null, 2) };
		expect(await deliver(receiver.url, reserialised)).toEqual({
			status: 401,
			body: 'invalid signature',
		});
		expect(events).toHaveLength(0);
	});
});
