// The receiver around the core's pipeline: a handler that fails is answered 500 and its delivery
// handled on the sender's retry; an error thrown by a callback after the answer reaches onError
// instead of escaping as an unhandled rejection.
import { request } from 'undici';

import { MemoryDedupStore } from '../../../src/core/dedup';
import { signWebhook } from '../../../src/core/webhooks';
import { startReceiverServer, type ReceiverServer } from '../../../src/runtime/cli/receiverServer';

const SECRET = 'rph_test_receiver_secret';
const BODY = JSON.stringify({
	id: 'vgen_rs1',
	object: 'video.generation',
	status: 'completed',
	model: 'auto',
	model_actual: 'kling-v3',
	output_url: 'https://cdn.example.com/vgen_rs1.mp4',
	error_message: null,
	credits: 3,
	failover_used: false,
	completed_at: '2030-01-01T00:00:00.000Z',
});

async function post(url: string): Promise<number> {
	const headers = {
		'content-type': 'application/json',
		...signWebhook({ scheme: 'creativeai', secret: SECRET, body: BODY }),
	};
	const response = await request(url, { method: 'POST', headers, body: BODY });
	await response.body.dump();
	return response.statusCode;
}

const store = () => new MemoryDedupStore({ clock: () => Date.now() });

describe('startReceiverServer', () => {
	let server: ReceiverServer | undefined;
	afterEach(() => server?.close());

	it('answers 500 when onEvent throws, and handles the delivery when the sender retries', async () => {
		const handled: string[] = [];
		let refusals = 1;
		server = await startReceiverServer({
			secrets: SECRET,
			store: store(),
			onEvent: (event) => {
				if (refusals-- > 0) throw new Error('could not print');
				handled.push(event.generationId);
			},
		});
		expect(await post(server.url)).toBe(500);
		expect(await post(server.url)).toBe(200);
		expect(handled).toEqual(['vgen_rs1']);
	});

	it('hands an error thrown by onResult to onError, after answering', async () => {
		const reported: unknown[] = [];
		const failure = new Error('onResult broke');
		let toldError: () => void = () => undefined;
		const told = new Promise<void>((resolve) => (toldError = resolve));
		server = await startReceiverServer({
			secrets: SECRET,
			store: store(),
			onResult: () => {
				throw failure;
			},
			onError: (error) => {
				reported.push(error);
				toldError();
			},
		});
		expect(await post(server.url)).toBe(200);
		await told;
		expect(reported).toEqual([failure]);
	});
});
