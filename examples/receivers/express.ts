// Receiving CreativeAI webhooks in an Express 5 app.
//
//   CREATIVEAI_API_KEY=rph_live_... npx tsx examples/receivers/express.ts
//
// The one thing that matters: the signature is over the raw bytes, so this route reads the body
// with express.raw(), never express.json(). A body parsed and serialised again is different text,
// and its signature no longer matches. In your own project, import from 'n8n-nodes-creativeai'.
import express, { type Express } from 'express';

import { MemoryDedupStore, receiveWebhook, type ReceivedEvent } from '../../src/core';
import type { DedupStore } from '../../src/core';

export interface ExpressReceiverOptions {
	/** Your CreativeAI API key: deliveries are signed with it. */
	apiKey: string;
	/** Remembers deliveries already handled; use a shared store (Redis) with several instances. */
	store: DedupStore;
	/** Your handling. Throwing answers 500, so the service delivers again later. */
	onEvent: (event: ReceivedEvent) => Promise<void> | void;
}

export function createExpressReceiver(options: ExpressReceiverOptions): Express {
	const app = express();
	app.post('/webhooks/creativeai', express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
		const result = await receiveWebhook({
			rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
			headers: req.headers,
			secrets: options.apiKey,
			store: options.store,
			onEvent: options.onEvent,
		});
		if ('retryAfterSeconds' in result) res.set('Retry-After', String(result.retryAfterSeconds));
		res.status(result.status).type('text/plain').send(result.body);
	});
	return app;
}

if (require.main === module) {
	const apiKey = process.env.CREATIVEAI_API_KEY;
	if (!apiKey) throw new Error('Set CREATIVEAI_API_KEY to your CreativeAI API key.');
	const port = Number(process.env.PORT ?? 3000);
	const app = createExpressReceiver({
		apiKey,
		store: new MemoryDedupStore({ clock: Date.now }),
		onEvent: (event) => console.log(event.event, event.generationId, event.payload.output_url),
	});
	app.listen(port, () => console.log(`POST http://localhost:${port}/webhooks/creativeai`));
}
