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
const createVideo = App.creates.createVideo.operation;

/** The URL createAppTester's z.generateCallbackUrl() returns. */
const TESTER_CALLBACK_URL = 'https://auth-json-server.zapier-staging.com/echo';

let sandbox: Sandbox;
let receiver: HookReceiver;
let authData: { api_key: string };

beforeAll(async () => {
	sandbox = await startSandbox();
	authData = { api_key: sandbox.apiKey };
	// createAppTester's callback URL is fixed and unreachable here, so the same signed payload is
	// captured through an account-level subscription (the contract sends both the same body).
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

describe('Create Video without waiting', () => {
	it('returns the accepted job at once, with no callback', async () => {
		const job = await appTester(createVideo.perform, {
			authData,
			inputData: {
				prompt: 'A paper boat on a rainy street',
				duration: '5',
				wait_for_result: 'false',
			},
		});
		expect(job).toMatchObject({ object: 'video.generation', status: 'pending', output_file: null });
		expect(job.id).toMatch(/^vgen_/);
		await receiver.deliveryFor(job.id);
		await sandbox.idleDeliveries();
		expect(sandbox.deliveries({ generationId: job.id }).map((d) => d.source)).toEqual([
			'subscription',
		]);
	});

	it('starts one job for two runs with the same Idempotency Key, charged once', async () => {
		const before = sandbox.balance();
		const inputData = { prompt: 'Same row, replayed', idempotency_key: 'row-17' };
		const first = await appTester(createVideo.perform, { authData, inputData });
		const replay = await appTester(createVideo.perform, { authData, inputData });
		expect(replay.id).toBe(first.id);
		expect(before - sandbox.balance()).toBe(first.credits);
	});

	it('starts a second job for a replay without a key', async () => {
		const inputData = { prompt: 'No key given' };
		const first = await appTester(createVideo.perform, { authData, inputData });
		const replay = await appTester(createVideo.perform, { authData, inputData });
		expect(replay.id).not.toBe(first.id);
	});

	it('names the field a bad input is wrong in', async () => {
		await expect(
			appTester(createVideo.perform, {
				authData,
				inputData: { prompt: 'Too long', duration: '600' },
			}),
		).rejects.toThrow(/duration: must be at most 60 seconds/);
	});

	it('makes an image-to-video when an Image URL is given', async () => {
		const job = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'Make it move', image_url: 'https://images.example.com/cat.png' },
		});
		const seen = sandbox.jobs().find((j) => j.id === job.id) as { image_url?: unknown };
		expect(seen.image_url).toBe('https://images.example.com/cat.png');
	});
});

describe('Create Video, waiting for the result', () => {
	it('submits with the callback URL and resumes with the finished video, as link and file', async () => {
		const accepted = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'A lighthouse at dusk', wait_for_result: 'true' },
		});
		expect(accepted.status).toBe('pending');
		const delivery = await receiver.deliveryFor(accepted.id);
		await sandbox.idleDeliveries();
		const callbacks = sandbox
			.deliveries({ generationId: accepted.id })
			.filter((d) => d.source === 'job');
		expect(callbacks[0]?.url).toBe(TESTER_CALLBACK_URL);

		const result = await appTester(createVideo.performResume, {
			authData,
			inputData: { prompt: 'A lighthouse at dusk', wait_for_result: 'true' },
			outputData: accepted,
			...zapierHookBundle(delivery),
		});
		expect(result).toMatchObject({ id: accepted.id, status: 'completed' });
		expect(result.output_url).toMatch(/\/files\/.+\.mp4\?/);
		// A dehydrated file: Zapier downloads it (hydrators.downloadOutput) only if a step uses it.
		const pointer = JSON.parse(String(result.output_file).split('|||')[1]);
		expect(pointer).toMatchObject({
			method: 'hydrators.downloadOutput',
			bundle: { url: result.output_url },
		});
	});

	it('returns the accepted job while the editor loads a sample, without waiting', async () => {
		const job = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'Sample run', wait_for_result: 'true' },
			meta: { isLoadingSample: true },
		});
		expect(job.status).toBe('pending');
		await receiver.deliveryFor(job.id);
		await sandbox.idleDeliveries();
		expect(sandbox.deliveries({ generationId: job.id }).map((d) => d.source)).toEqual([
			'subscription',
		]);
	});

	it('refuses a callback whose body was changed after signing, naming the job', async () => {
		const accepted = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'Forgery target', wait_for_result: 'true' },
		});
		const delivery = await receiver.deliveryFor(accepted.id);
		const forged = { ...delivery, body: delivery.body.replace('"completed"', '"completed" ') };
		await expect(
			appTester(createVideo.performResume, {
				authData,
				outputData: accepted,
				...zapierHookBundle(forged),
			}),
		).rejects.toThrow(new RegExp(`not signed by CreativeAI.*${accepted.id}`));
	});

	it('refuses a genuine callback about another job', async () => {
		const mine = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'Mine', wait_for_result: 'true' },
		});
		const other = await appTester(createVideo.perform, {
			authData,
			inputData: { prompt: 'Other' },
		});
		const delivery = await receiver.deliveryFor(other.id);
		await expect(
			appTester(createVideo.performResume, {
				authData,
				outputData: mine,
				...zapierHookBundle(delivery),
			}),
		).rejects.toThrow(/about another generation/);
	});

	it('explains why a waiting replay with the same key cannot return the first job', async () => {
		const inputData = { prompt: 'Waiting replay', idempotency_key: 'row-99' };
		const before = sandbox.balance();
		const first = await appTester(createVideo.perform, { authData, inputData });
		// A waiting run sends its own callback URL, so its request differs from the first run's.
		await expect(
			appTester(createVideo.perform, {
				authData,
				inputData: { ...inputData, wait_for_result: 'true' },
			}),
		).rejects.toThrow(/nothing was started or charged again/);
		expect(before - sandbox.balance()).toBe(first.credits);
	});
});

describe('Create Video, waiting for a job that fails', () => {
	let failing: Sandbox;
	let failingReceiver: HookReceiver;
	beforeAll(async () => {
		failing = await startSandbox({ faults: { providerSubmitErrorRate: 1 } });
		failingReceiver = await startHookReceiver();
		await appTester(App.triggers.generationFailed.operation.performSubscribe, {
			authData: { api_key: failing.apiKey },
			targetUrl: failingReceiver.url,
		});
	});
	afterAll(async () => {
		await stopSandbox(failing);
		await failingReceiver?.close();
		process.env.CREATIVEAI_BASE_URL = sandbox.url;
	});

	it('stops the zap with the failure reason and the job id', async () => {
		const auth = { api_key: failing.apiKey };
		const accepted = await appTester(createVideo.perform, {
			authData: auth,
			inputData: { prompt: 'Doomed', wait_for_result: 'true' },
		});
		const delivery = await failingReceiver.deliveryFor(accepted.id);
		await expect(
			appTester(createVideo.performResume, {
				authData: auth,
				outputData: accepted,
				...zapierHookBundle(delivery),
			}),
		).rejects.toThrow(new RegExp(`Generation ${accepted.id} failed: Every provider`));
	});
});
