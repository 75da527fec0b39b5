// A pass-through HTTP proxy on loopback in front of the sandbox that notes every request it
// forwards (method, path, when it arrived), so a test can see what n8n actually sent, e.g. that
// no poll reached the service after an execution was stopped.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	/** Date.now() when the request arrived. */
	at: number;
}

export interface RecordingProxy {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
	const target = new URL(targetUrl);
	const requests: RecordedRequest[] = [];
	const server: Server = createServer((req, res) => {
		requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() });
		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: target.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
