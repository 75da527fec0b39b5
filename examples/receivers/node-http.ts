// Receiving CreativeAI webhooks with nothing but node:http.
//
//   CREATIVEAI_API_KEY=rph_live_... npx tsx examples/receivers/node-http.ts
//
// The body is collected as bytes and handed over untouched: the signature is over those exact
// bytes. In your own project, import from 'n8n-nodes-creativeai'.
import { createServer, type Server } from 'node:http';

import { MemoryDedupStore, receiveWebhook, type ReceivedEvent } from '../../src/core';
import type { DedupStore } from '../../src/core';

const MAX_BODY_BYTES = 1024 * 1024;

export interface NodeReceiverOptions {
	/** Your CreativeAI API key: deliveries are signed with it. */
	apiKey: string;
	/** Remembers deliveries already handled; use a shared store (Redis) with several instances. */
	store: DedupStore;
	/** Your handling. Throwing answers 500, so the service delivers again later. */
	onEvent: (event: ReceivedEvent) => Promise<void> | void;
}

export function createNodeReceiver(options: NodeReceiverOptions): Server {
	return createServer((req, res) => {
		if (req.method !== 'POST' || req.url !== '/webhooks/creativeai') {
			res.writeHead(404).end();
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				res.writeHead(413).end();
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			receiveWebhook({
				rawBody: Buffer.concat(chunks),
				headers: req.headers,
				secrets: options.apiKey,
				store: options.store,
				onEvent: options.onEvent,
			}).then(
				(result) => {
					const retryAfter =
						'retryAfterSeconds' in result
							? { 'retry-after': String(result.retryAfterSeconds) }
							: {};
					res.writeHead(result.status, { 'content-type': 'text/plain', ...retryAfter });
					res.end(result.body);
				},
				() => res.writeHead(500).end(),
			);
		});
	});
}

if (require.main === module) {
	const apiKey = process.env.CREATIVEAI_API_KEY;
	if (!apiKey) throw new Error('Set CREATIVEAI_API_KEY to your CreativeAI API key.');
	const port = Number(process.env.PORT ?? 3000);
	const server = createNodeReceiver({
		apiKey,
		store: new MemoryDedupStore({ clock: Date.now }),
		onEvent: (event) => console.log(event.event, event.generationId, event.payload.output_url),
	});
	server.listen(port, () => console.log(`POST http://localhost:${port}/webhooks/creativeai`));
}
