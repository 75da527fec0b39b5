// Regression: at time scale 60 the contract's 10 s webhook timeout is 166.67 ms, which
// AbortSignal.timeout refuses; every delivery then failed and was logged as given up.
import { createSandbox } from '../../../src/runtime/sandbox';
import { call, startReceiver } from './helpers';

it('delivers webhooks at a time scale whose scaled timeout is a fraction of a millisecond', async () => {
	const receiver = await startReceiver();
	const sandbox = await createSandbox({ timeScale: 60, allowPrivateCallbacks: true });
	try {
		const created = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { text: 'Welcome home.', webhook_url: receiver.url },
		});
		expect(created.status).toBe(202);
		await sandbox.settled();
		expect(sandbox.deliveries().map((d) => d.outcome)).toEqual(['delivered']);
		expect(receiver.requests).toHaveLength(1);
	} finally {
		await sandbox.close();
		await receiver.close();
	}
});
