// The CreativeAI sandbox (src/runtime/sandbox) on loopback, with the app pointed at it, and a
// receiver that captures the deliveries the sandbox sends, exactly as they arrived.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createSandbox, type Sandbox, type SandboxOptions } from '../../../src/runtime/sandbox';
import { BASE_URL_VARIABLE } from '../../src/baseUrl';

/** A render of about 3 minutes takes 0.3 s. */
const TIME_SCALE = 600;
/**
 * The sender's 10 s per attempt would shrink to 17 ms at that scale, short enough for a busy
 * machine to turn one delivery into a retry; the tests count deliveries, so give each 5 s.
 */
const WEBHOOK_TIMEOUT_MS = 5_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await createSandbox({
		timeScale: TIME_SCALE,
		webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
		allowPrivateCallbacks: true,
		...options,
	});
	process.env[BASE_URL_VARIABLE] = sandbox.url;
	return sandbox;
}

export async function stopSandbox(sandbox: Sandbox | undefined): Promise<void> {
	delete process.env[BASE_URL_VARIABLE];
	await sandbox?.close();
}

export interface CapturedDelivery {
	method: string;
	headers: IncomingHttpHeaders;
	/** The body exactly as received. */
	body: string;
}

export interface HookReceiver {
	url: string;
	deliveries: CapturedDelivery[];
	/** The first delivery (already received or still to come) about generation `id`. */
	deliveryFor(id: string): Promise<CapturedDelivery>;
	close(): Promise<void>;
}

/** Stands in for Zapier's hook URL: records each request and answers 200. */
export async function startHookReceiver(): Promise<HookReceiver> {
	const deliveries: CapturedDelivery[] = [];
	const waiting: Array<() => void> = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			deliveries.push({
				method: req.method ?? 'POST',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
			waiting.splice(0).forEach((wake) => wake());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const find = (id: string) =>
		deliveries.find((d) => (JSON.parse(d.body) as { id?: string }).id === id);
	return {
		url: `http://127.0.0.1:${port}/hooks/standard/1/abc`,
		deliveries,
		async deliveryFor(id) {
			for (;;) {
				const found = find(id);
				if (found) return found;
				await new Promise<void>((wake) => waiting.push(wake));
			}
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
