// Receiving CreativeAI webhooks in a Fastify 5 app.
//
//   CREATIVEAI_API_KEY=rph_live_... npx tsx examples/receivers/fastify.ts
//
// Fastify parses JSON bodies by default, and the signature is over the raw bytes: inside this
// plugin's scope only, every body is kept as a Buffer, so the rest of your app keeps its JSON
// parsing. In your own project, import from 'n8n-nodes-creativeai'.
import Fastify, { type FastifyInstance } from 'fastify';

import { MemoryDedupStore, receiveWebhook, type ReceivedEvent } from '../../src/core';
import type { DedupStore } from '../../src/core';

export interface FastifyReceiverOptions {
	/** Your CreativeAI API key: deliveries are signed with it. */
	apiKey: string;
	/** Remembers deliveries already handled; use a shared store (Redis) with several instances. */
	store: DedupStore;
	/** Your handling. Throwing answers 500, so the service delivers again later. */
	onEvent: (event: ReceivedEvent) => Promise<void> | void;
}

export function createFastifyReceiver(options: FastifyReceiverOptions): FastifyInstance {
	const app = Fastify({ bodyLimit: 1024 * 1024 });
	void app.register(async (scope) => {
		scope.removeAllContentTypeParsers();
		scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
			done(null, body);
		});
		scope.post('/webhooks/creativeai', async (request, reply) => {
			const result = await receiveWebhook({
				rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
				headers: request.headers,
				secrets: options.apiKey,
				store: options.store,
				onEvent: options.onEvent,
			});
			if ('retryAfterSeconds' in result) reply.header('retry-after', result.retryAfterSeconds);
			return reply.code(result.status).type('text/plain').send(result.body);
		});
	});
	return app;
}

if (require.main === module) {
	const apiKey = process.env.CREATIVEAI_API_KEY;
	if (!apiKey) throw new Error('Set CREATIVEAI_API_KEY to your CreativeAI API key.');
	const port = Number(process.env.PORT ?? 3000);
	const app = createFastifyReceiver({
		apiKey,
		store: new MemoryDedupStore({ clock: Date.now }),
		onEvent: (event) => console.log(event.event, event.generationId, event.payload.output_url),
	});
	void app.listen({ port }).then((address) => console.log(`POST ${address}/webhooks/creativeai`));
}
