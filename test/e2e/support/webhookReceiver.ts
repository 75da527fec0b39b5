// A webhook receiver on loopback built on the core's receive pipeline, as a Node front end would
// run it: raw bytes in, receiveWebhook (verify -> parse -> de-duplicate -> onEvent), its status and
// body out. It keeps every delivery with its outcome so a test can count accepted, duplicate and
// refused ones. Port 0, 127.0.0.1 only.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { DedupStore } from '../../../src/core/dedup';
import {
	receiveWebhook,
	type ReceivedEvent,
	type ReceiveOutcome,
	type Secrets,
} from '../../../src/core/webhooks';

export interface ReceivedDelivery {
	headers: IncomingHttpHeaders;
	/** The raw body as text (the sandbox sends UTF-8 JSON). */
	body: string;
	outcome: ReceiveOutcome;
	status: number;
}

export interface WebhookReceiver {
	url: string;
	deliveries: ReceivedDelivery[];
	close(): Promise<void>;
}

export interface WebhookReceiverOptions {
	secrets: Secrets;
	store: DedupStore;
	onEvent?: (event: ReceivedEvent) => Promise<void> | void;
}

export async function startWebhookReceiver(
	options: WebhookReceiverOptions,
): Promise<WebhookReceiver> {
	const deliveries: ReceivedDelivery[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			void receiveWebhook({
				rawBody,
				headers: req.headers,
				secrets: options.secrets,
				store: options.store,
				onEvent: options.onEvent,
			}).then(
				(result) => {
					deliveries.push({
						headers: req.headers,
						body: rawBody.toString('utf8'),
						outcome: result.outcome,
						status: result.status,
					});
					const retryAfter =
						'retryAfterSeconds' in result
							? { 'retry-after': String(result.retryAfterSeconds) }
							: {};
					res.writeHead(result.status, { 'content-type': 'text/plain', ...retryAfter });
					res.end(result.body);
				},
				(error: unknown) => {
					// Only misuse rejects (a wrong store or secret): answer 500 and let the test see it.
					res.writeHead(500).end(String(error));
				},
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks/creativeai`,
		deliveries,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
