// Regression (found by the chaos test): at a time scale whose service second is a fraction of a
// millisecond, completed jobs were announced by webhook as failed.
import { createSandbox } from '../../../src/runtime/sandbox';
import { startReceiver, VIDEO_BODY, call } from './helpers';

it('every webhook carries the status its job ended with, at any time scale', async () => {
	const receiver = await startReceiver();
	const sandbox = await createSandbox({
		timeScale: 120,
		allowPrivateCallbacks: true,
		webhookTimeoutMs: 5000,
	});
	try {
		for (let i = 0; i < 20; i++) {
			const created = await call(sandbox, 'POST', '/v1/video/generations', {
				body: { ...VIDEO_BODY, prompt: `boat ${i}`, webhook_url: receiver.url },
			});
			expect(created.status).toBe(202);
		}
		await sandbox.settled();
		const statusById = new Map(sandbox.jobs().map((job) => [job.id, job.status]));
		const sent = receiver.requests.map((r) => JSON.parse(r.body) as { id: string; status: string });
		expect(sent).toHaveLength(20);
		expect(sent.filter((body) => body.status !== statusById.get(body.id))).toEqual([]);
	} finally {
		await sandbox.close();
		await receiver.close();
	}
});
