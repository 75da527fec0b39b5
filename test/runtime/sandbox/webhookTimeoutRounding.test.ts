// Regression: at time scale 60 the contract's 10 s webhook timeout is 166.67 ms, which
// AbortSignal.timeout refuses; every delivery then failed and was logged as given up.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createSandbox } from '../../../src/runtime/sandbox';

it('delivers webhooks at a time scale whose scaled timeout is a fraction of a millisecond', async () => {
	const received: string[] = [];
	const receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			received.push(body);
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	const sandbox = await createSandbox({ timeScale: 60, allowPrivateCallbacks: true });
	try {
		const res = await fetch(`${sandbox.url}/api/generate/voice`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ text: 'Welcome home.', webhook_url: url }),
		});
		expect(res.status).toBe(202);
		await sandbox.settled();
		expect(sandbox.deliveries().map((d) => d.outcome)).toEqual(['delivered']);
		expect(received).toHaveLength(1);
	} finally {
		await sandbox.close();
		await new Promise((resolve) => receiver.close(resolve));
	}
});
