import {
	webhookSubscriptionListSchema,
	webhookSubscriptionSchema,
} from '../../../src/core/contract';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { call, startReceiver, VIDEO_BODY, VOICE_BODY, type Receiver } from './helpers';

describe('webhook subscriptions', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
		sandbox = await createSandbox({
			timeScale: 1000,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: 5000,
		});
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	const subscribe = (events: string[], url = receiver.url) =>
		call(sandbox, 'POST', '/v1/webhooks', { body: { url, events } });

	it('creates, lists and deletes a subscription with the contract shapes', async () => {
		const created = await subscribe(['generation.completed']);
		expect(created.status).toBe(201);
		const subscription = webhookSubscriptionSchema.parse(created.body);
		const listed = webhookSubscriptionListSchema.parse(
			(await call(sandbox, 'GET', '/v1/webhooks')).body,
		);
		expect(listed.data).toEqual([subscription]);
		const deleted = await call(sandbox, 'DELETE', `/v1/webhooks/${subscription.id}`);
		expect(deleted.status).toBe(204);
		expect(deleted.bytes).toHaveLength(0);
		expect((await call(sandbox, 'GET', '/v1/webhooks')).body.data).toEqual([]);
	});

	it('answers 404 when deleting a subscription that does not exist', async () => {
		const answer = await call(sandbox, 'DELETE', '/v1/webhooks/whsub_nope');
		expect(answer.status).toBe(404);
		expect(answer.body.error.code).toBe('not_found');
	});

	it('delivers completed video and voice jobs to a generation.completed subscription', async () => {
		const subscription = (await subscribe(['generation.completed'])).body;
		await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
		await sandbox.settled();
		const events = receiver.requests.map((request) => request.headers['x-creativeai-event']).sort();
		expect(events).toEqual(['video.generation.completed', 'voice.generation.completed']);
		expect(sandbox.deliveries().every((entry) => entry.subscription_id === subscription.id)).toBe(
			true,
		);
	});

	it('does not deliver completions to a failed-only subscription', async () => {
		await subscribe(['generation.failed']);
		await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
		await sandbox.settled();
		expect(receiver.requests).toHaveLength(0);
	});

	it('stops delivering once the subscription is deleted', async () => {
		const subscription = (await subscribe(['generation.completed'])).body;
		await call(sandbox, 'DELETE', `/v1/webhooks/${subscription.id}`);
		await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
		await sandbox.settled();
		expect(receiver.requests).toHaveLength(0);
	});

	it('refuses an event name outside the contract with 422', async () => {
		const answer = await subscribe(['generation.processing']);
		expect(answer.status).toBe(422);
		expect(answer.body.error.code).toBe('validation_error');
	});
});

describe('callback URL policy', () => {
	let sandbox: Sandbox;
	afterEach(() => sandbox.close());

	it('refuses a loopback webhook_url with 422 unsafe_webhook_url, charging nothing', async () => {
		sandbox = await createSandbox({ timeScale: 1000 });
		const answer = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, webhook_url: 'http://127.0.0.1:8080/hook' },
		});
		expect(answer.status).toBe(422);
		expect(answer.body.error).toMatchObject({ code: 'unsafe_webhook_url', param: 'webhook_url' });
		expect(answer.body.error.message).toMatch(/loopback/);
		expect(sandbox.jobs()).toHaveLength(0);
		expect(sandbox.balance()).toBe(1000);
	});

	it.each([
		['a private address', 'https://10.1.2.3/hook'],
		['the metadata address', 'http://169.254.169.254/latest'],
		['localhost', 'https://localhost/hook'],
		['a non-standard port', 'https://hooks.example.com:8443/x'],
		["the service's own domain", 'https://api.creativeai.run/hook'],
	])('refuses %s for a voice job too', async (_what, url) => {
		sandbox = await createSandbox({ timeScale: 1000 });
		const answer = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: url },
		});
		expect(answer.status).toBe(422);
		expect(answer.body.error.code).toBe('unsafe_webhook_url');
	});

	it('refuses an unsafe subscription URL naming param url', async () => {
		sandbox = await createSandbox({ timeScale: 1000 });
		const answer = await call(sandbox, 'POST', '/v1/webhooks', {
			body: { url: 'http://192.168.1.10/hook', events: ['generation.completed'] },
		});
		expect(answer.status).toBe(422);
		expect(answer.body.error).toMatchObject({ code: 'unsafe_webhook_url', param: 'url' });
	});

	it('accepts loopback with allowPrivateCallbacks, but still refuses the metadata address', async () => {
		sandbox = await createSandbox({ timeScale: 1000, allowPrivateCallbacks: true });
		const loopback = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: 'http://127.0.0.1:9/hook' },
		});
		const metadata = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: 'http://169.254.169.254/hook' },
		});
		expect(loopback.status).toBe(202);
		expect(metadata.status).toBe(422);
	});

	it('accepts a public https URL and stores it normalised', async () => {
		// A frozen clock: the job never ends, so nothing is sent to the outside world.
		sandbox = await createSandbox({ clock: () => Date.parse('2030-01-01T00:00:00Z') });
		const answer = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, webhook_url: 'HTTPS://Hooks.Example.COM:443/cb' },
		});
		expect(answer.status).toBe(202);
		expect(answer.body.webhook_url).toBe('https://hooks.example.com/cb');
	});
});
