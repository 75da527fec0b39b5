import type { Sandbox } from '../../../src/runtime/sandbox';
import { app as App, appTester as newTester, type StepOutput } from '../support/app';
import {
	startHookReceiver,
	startSandbox,
	stopSandbox,
	type HookReceiver,
} from '../support/sandbox';
import { zapierHookBundle } from '../support/zapierRequest';

const trigger = App.triggers.generationCompleted.operation;

let sandbox: Sandbox;
let receiver: HookReceiver;
let authData: { api_key: string };

beforeAll(async () => {
	sandbox = await startSandbox();
	authData = { api_key: sandbox.apiKey };
	receiver = await startHookReceiver();
});
afterAll(async () => {
	await stopSandbox(sandbox);
	await receiver?.close();
});

async function subscriptions(): Promise<Array<{ id: string; url: string; events: string[] }>> {
	const response = await fetch(`${sandbox.url}/v1/webhooks`, {
		headers: { authorization: `Bearer ${sandbox.apiKey}` },
	});
	return ((await response.json()) as { data: Array<{ id: string; url: string; events: string[] }> })
		.data;
}

describe('Generation Completed, through its whole life against the sandbox', () => {
	const appTester = newTester();

	it('subscribes, triggers once per delivery, and unsubscribes', async () => {
		const subscription = await appTester<{ id: string }>(trigger.performSubscribe, {
			authData,
			targetUrl: receiver.url,
		});
		expect(await subscriptions()).toEqual([
			expect.objectContaining({
				id: subscription.id,
				url: receiver.url,
				events: ['generation.completed'],
			}),
		]);

		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Trigger me' },
		});
		const delivery = await receiver.deliveryFor(job.id);
		const hook = { authData, targetUrl: receiver.url, ...zapierHookBundle(delivery) };
		expect(hook.rawRequest.headers['Http-X-Creativeai-Signature']).toMatch(/^sha256=/);

		const items = await appTester<StepOutput[]>(trigger.perform, hook);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			id: job.id,
			status: 'completed',
			object: 'video.generation',
			dedup_key: `${job.id}:completed`,
		});
		expect(items[0].output_url).toMatch(/\/files\//);
		expect(items[0].output_file).toMatch(/^hydrate\|\|\|/);

		// The sender's retry, or a second copy of the same delivery: nothing runs twice.
		await expect(appTester(trigger.perform, hook)).resolves.toEqual([]);

		await appTester(trigger.performUnsubscribe, { authData, subscribeData: subscription });
		expect(await subscriptions()).toEqual([]);
		const after = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'After unsubscribing' },
		});
		await sandbox.settled();
		expect(sandbox.deliveries({ generationId: after.id })).toEqual([]);
	});

	it('can be turned off when its subscription is already gone', async () => {
		await expect(
			appTester(trigger.performUnsubscribe, {
				authData,
				subscribeData: { id: 'wh_000000000000000000000000' },
			}),
		).resolves.toMatchObject({ deleted: true });
	});

	it("lets a verified delivery through, as the API reports it, while Zapier's cache is down", async () => {
		const subscription = await appTester<{ id: string }>(trigger.performSubscribe, {
			authData,
			targetUrl: receiver.url,
		});
		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Cache outage' },
		});
		const delivery = await receiver.deliveryFor(job.id);
		await appTester(trigger.performUnsubscribe, { authData, subscribeData: subscription });
		// A z whose cache fails and whose request is plain fetch, so the re-read reaches the sandbox.
		const z = {
			cache: {
				get: () => Promise.reject(new Error('cache unavailable')),
				set: () => Promise.reject(new Error('cache unavailable')),
			},
			console: { log: () => undefined },
			hash: () => 'hash',
			dehydrateFile: () => 'hydrate|||file|||hydrate',
			errors: { Error },
			request: async (options: {
				url: string;
				method: string;
				headers: Record<string, string>;
				body?: string;
			}) => {
				const response = await fetch(options.url, options);
				return {
					status: response.status,
					headers: response.headers,
					content: await response.text(),
				};
			},
		};
		const run = trigger.perform as unknown as (
			z: unknown,
			bundle: unknown,
		) => Promise<StepOutput[]>;
		const items = await run(z, { authData, ...zapierHookBundle(delivery) });
		expect(items).toEqual([expect.objectContaining({ id: job.id, status: 'completed' })]);
	});

	it('offers recent completed generations as samples, shaped like deliveries', async () => {
		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Sample for the editor' },
		});
		await sandbox.settled();
		const samples = await appTester<StepOutput[]>(trigger.performList, { authData });
		expect(samples.length).toBeGreaterThan(0);
		expect(samples.length).toBeLessThanOrEqual(3);
		expect(samples[0]).toMatchObject({
			id: job.id,
			status: 'completed',
			dedup_key: `${job.id}:completed`,
		});
		for (const sample of samples) {
			expect(sample.status).toBe('completed');
			// The delivery shape: no polling fields such as phase or progress.
			expect(sample).not.toHaveProperty('phase');
			expect(sample).not.toHaveProperty('progress');
		}
	});
});
