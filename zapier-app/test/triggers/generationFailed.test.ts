import type { Sandbox } from '../../../src/runtime/sandbox';
import { app as App, appTester as newTester, type StepOutput } from '../support/app';
import {
	startHookReceiver,
	startSandbox,
	stopSandbox,
	type HookReceiver,
} from '../support/sandbox';
import { zapierHookBundle } from '../support/zapierRequest';

const failedTrigger = App.triggers.generationFailed.operation;
const completedTrigger = App.triggers.generationCompleted.operation;
const appTester = newTester();

let sandbox: Sandbox;
let receiver: HookReceiver;
let authData: { api_key: string };

beforeAll(async () => {
	// Every provider refuses every job: each one fails, and its credits come back.
	sandbox = await startSandbox({ faults: { providerSubmitErrorRate: 1 } });
	authData = { api_key: sandbox.apiKey };
	receiver = await startHookReceiver();
	await appTester(failedTrigger.performSubscribe, { authData, targetUrl: receiver.url });
});
afterAll(async () => {
	await stopSandbox(sandbox);
	await receiver?.close();
});

describe('Generation Failed', () => {
	it('triggers with the reason when a generation fails', async () => {
		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Cannot be made' },
		});
		const delivery = await receiver.deliveryFor(job.id);
		const items = await appTester<StepOutput[]>(failedTrigger.perform, {
			authData,
			...zapierHookBundle(delivery),
		});
		expect(items).toEqual([
			expect.objectContaining({
				id: job.id,
				status: 'failed',
				output_url: null,
				output_file: null,
				dedup_key: `${job.id}:failed`,
			}),
		]);
		expect(items[0].error_message).toMatch(/Every provider in the failover chain refused the job/);
	});

	it('never lets Generation Completed fire for a failed generation', async () => {
		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Also cannot be made' },
		});
		const delivery = await receiver.deliveryFor(job.id);
		await expect(
			newTester()(completedTrigger.perform, { authData, ...zapierHookBundle(delivery) }),
		).resolves.toEqual([]);
	});

	it('offers recent failed generations as samples', async () => {
		await sandbox.settled();
		const samples = await appTester<StepOutput[]>(failedTrigger.performList, { authData });
		expect(samples.length).toBeGreaterThan(0);
		for (const sample of samples) {
			expect(sample).toMatchObject({ status: 'failed', dedup_key: `${sample.id}:failed` });
		}
	});
});
