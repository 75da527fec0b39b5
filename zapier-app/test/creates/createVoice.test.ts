import type { Sandbox } from '../../../src/runtime/sandbox';
import { app as App, appTester as newTester } from '../support/app';
import {
	startHookReceiver,
	startSandbox,
	stopSandbox,
	type HookReceiver,
} from '../support/sandbox';
import { zapierHookBundle } from '../support/zapierRequest';

const appTester = newTester();
const createVoice = App.creates.createVoice.operation;

let sandbox: Sandbox;
let receiver: HookReceiver;
let authData: { api_key: string };

beforeAll(async () => {
	sandbox = await startSandbox();
	authData = { api_key: sandbox.apiKey };
	receiver = await startHookReceiver();
	await appTester(App.triggers.generationCompleted.operation.performSubscribe, {
		authData,
		targetUrl: receiver.url,
	});
});
afterAll(async () => {
	await stopSandbox(sandbox);
	await receiver?.close();
});

describe('Create Voice', () => {
	it('returns the accepted voice job at once when not waiting', async () => {
		const job = await appTester(createVoice.perform, {
			authData,
			inputData: { text: 'Hello from the sandbox', voice: 'alloy', language: 'en', speed: '1.25' },
		});
		expect(job).toMatchObject({ object: 'voice.generation', status: 'pending', speed: 1.25 });
		expect(job.id).toMatch(/^voice_/);
	});

	it('waits by callback and resumes with the finished audio as link and file', async () => {
		const inputData = { text: 'Your order has shipped.', wait_for_result: 'yes' };
		const accepted = await appTester(createVoice.perform, { authData, inputData });
		const delivery = await receiver.deliveryFor(accepted.id);
		const result = await appTester(createVoice.performResume, {
			authData,
			inputData,
			outputData: accepted,
			...zapierHookBundle(delivery),
		});
		expect(result).toMatchObject({
			id: accepted.id,
			object: 'voice.generation',
			status: 'completed',
		});
		expect(result.output_url).toMatch(/\.wav\?/);
		expect(JSON.parse(String(result.output_file).split('|||')[1])).toMatchObject({
			bundle: { url: result.output_url },
		});
	});

	it('names the field a bad input is wrong in', async () => {
		await expect(
			appTester(createVoice.perform, { authData, inputData: { text: 'Hi', speed: '9' } }),
		).rejects.toThrow(/speed: must be at most 4/);
	});
});
