import { CreativeAiTrigger } from '../../../nodes/CreativeAiTrigger/CreativeAiTrigger.node';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { call } from '../../runtime/sandbox/helpers';
import { API_KEY, hookContext, type HookContextInput } from './fakeContexts';

const methods = new CreativeAiTrigger().webhookMethods.default;
const PRODUCTION_URL = 'http://127.0.0.1:5678/webhook/4f1c/webhook';
const TEST_URL = 'http://127.0.0.1:5678/webhook-test/4f1c/webhook';

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await createSandbox({ apiKeys: [API_KEY], allowPrivateCallbacks: true });
});
afterEach(async () => await sandbox.close());

function context(overrides: Partial<HookContextInput> = {}) {
	return hookContext({ baseUrl: sandbox.url, webhookUrl: PRODUCTION_URL, ...overrides });
}

async function subscriptions(): Promise<Array<{ id: string; url: string; events: string[] }>> {
	const response = await call(sandbox, 'GET', '/v1/webhooks');
	return (response.body as { data: Array<{ id: string; url: string; events: string[] }> }).data;
}

/** What n8n does on activation. */
async function activate(hook = context()): Promise<void> {
	if (!(await methods.checkExists.call(hook))) await methods.create.call(hook);
}

describe('CreativeAI Trigger registration', () => {
	it('activation subscribes this workflow’s URL for the statuses of the chosen events', async () => {
		await activate(
			context({
				parameters: { events: ['video.generation.completed', 'voice.generation.failed'] },
			}),
		);
		expect(await subscriptions()).toEqual([
			expect.objectContaining({
				url: PRODUCTION_URL,
				events: ['generation.completed', 'generation.failed'],
			}),
		]);
	});

	it('a second activation finds the subscription and adds none', async () => {
		await activate();
		expect(await methods.checkExists.call(context())).toBe(true);
		await activate();
		expect(await subscriptions()).toHaveLength(1);
	});

	it('test and production URLs keep a subscription each; removing one leaves the other', async () => {
		await activate(context());
		await activate(context({ webhookUrl: TEST_URL }));
		expect((await subscriptions()).map((s) => s.url).sort()).toEqual(
			[PRODUCTION_URL, TEST_URL].sort(),
		);
		await methods.delete.call(context({ webhookUrl: TEST_URL }));
		expect((await subscriptions()).map((s) => s.url)).toEqual([PRODUCTION_URL]);
	});

	it('deactivation unsubscribes', async () => {
		await activate();
		await methods.delete.call(context());
		expect(await subscriptions()).toEqual([]);
	});

	it('changed events replace the old subscription on the next activation', async () => {
		await activate(context({ parameters: { events: ['video.generation.completed'] } }));
		await activate(context({ parameters: { events: ['video.generation.failed'] } }));
		expect(await subscriptions()).toEqual([
			expect.objectContaining({ url: PRODUCTION_URL, events: ['generation.failed'] }),
		]);
	});

	it('manual registration leaves the account’s subscriptions alone', async () => {
		const manual = context({ parameters: { registration: 'manual' } });
		await activate(manual);
		await methods.delete.call(manual);
		expect(await subscriptions()).toEqual([]);
	});

	it('refuses a localhost URL without the private-URL switch, pointing at WEBHOOK_URL', async () => {
		const hook = context({ credentials: { allowPrivateCallbackUrls: false } });
		const failure = activate(hook);
		await expect(failure).rejects.toThrow("This workflow's webhook URL cannot be subscribed");
		await expect(activate(hook)).rejects.toMatchObject({
			description: expect.stringContaining('WEBHOOK_URL'),
		});
		expect(await subscriptions()).toEqual([]);
	});

	it('a rejected API key shows the core’s plain message', async () => {
		const hook = context({ credentials: { apiKey: 'rph_live_not_a_real_key_000' } });
		await expect(activate(hook)).rejects.toThrow(/API key/);
	});
});
