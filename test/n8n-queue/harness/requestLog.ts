// A recording pass-through in front of the sandbox: n8n's credential points here, so a test can
// say which API requests n8n made (e.g. "no GET for this job", the proof that a workflow waited
// for the webhook instead of polling). The sandbox itself only logs what it sends.
import { createServer, request as forward, type Server } from 'node:http';

export interface LoggedRequest {
	method: string;
	path: string;
}

export interface RequestLog {
	url: string;
	requests: LoggedRequest[];
	close(): Promise<void>;
}

export async function startRequestLog(targetUrl: string): Promise<RequestLog> {
	const target = new URL(targetUrl);
	const requests: LoggedRequest[] = [];
	const server: Server = createServer((req, res) => {
		requests.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
		const upstream = forward(
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
		upstream.once('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
