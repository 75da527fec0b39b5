import { CreativeAi } from '../../../../nodes/CreativeAi/CreativeAi.node';
import { JOB_ID_KEY, WRONG_JOB_BODY } from '../../../../nodes/CreativeAi/helpers/webhookWait';
import { createSandbox, type Sandbox } from '../../../../src/runtime/sandbox';
import { signedDelivery } from '../../CreativeAiTrigger/delivery';
import { API_KEY, webhookContext, type Recorder } from '../../CreativeAiTrigger/fakeContexts';
import { executeContext } from './executeContext';

const node = new CreativeAi();

describe('Create with Wait for Webhook', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await createSandbox({ apiKeys: [API_KEY], allowPrivateCallbacks: true });
	});
	afterEach(async () => await sandbox.close());

	const credentials = () => ({
		apiKey: API_KEY,
		baseUrl: sandbox.url,
		allowPrivateCallbackUrls: true,
	});
	const videoCreate = (extra: Record<string, unknown> = {}) => ({
		resource: 'video',
		operation: 'create',
		prompt: 'a lighthouse in fog',
		model: 'auto',
		waitMode: 'webhook',
		...extra,
	});

	it('submits the execution’s resume URL, exactly as n8n gives it, and puts the execution to wait', async () => {
		const resumeUrl = 'http://127.0.0.1:5678/webhook-waiting/4711?signature=abc%2Bdef';
		const before = Date.now();
		const { context, record } = executeContext({
			parameters: videoCreate({ webhookWaitMinutes: 90 }),
			credentials: credentials(),
			resumeUrl,
		});
		const [[item]] = await node.execute.call(context);
		const [job] = sandbox.jobs();
		expect(job.webhook_url).toBe(resumeUrl);
		expect(item.json).toMatchObject({ id: job.id, status: 'pending' });
		expect(record.customData).toEqual({ [JOB_ID_KEY]: job.id, creativeAiJobKind: 'video' });
		const waitMs = record.waitTill!.getTime() - before;
		expect(waitMs).toBeGreaterThanOrEqual(90 * 60_000);
		expect(waitMs).toBeLessThan(91 * 60_000);
	});

	it('refuses several items before submitting anything, pointing at Poll Until Done', async () => {
		const { context, record } = executeContext({
			items: 2,
			parameters: videoCreate(),
			credentials: credentials(),
		});
		const failure = node.execute.call(context);
		await expect(failure).rejects.toThrow(
			'Wait for Webhook handles one item per execution, and this node received several',
		);
		await expect(node.execute.call(context)).rejects.toMatchObject({
			description: expect.stringContaining('Poll Until Done'),
		});
		expect(sandbox.jobs()).toEqual([]);
		expect(record.waitTill).toBeUndefined();
	});

	it('refuses a resume URL on localhost unless private callback URLs are allowed, naming WEBHOOK_URL', async () => {
		const { context } = executeContext({
			parameters: videoCreate(),
			credentials: { ...credentials(), allowPrivateCallbackUrls: false },
		});
		await expect(node.execute.call(context)).rejects.toMatchObject({
			message: "n8n's resume URL cannot be used as the job's webhook",
			description: expect.stringContaining('WEBHOOK_URL'),
		});
		expect(sandbox.jobs()).toEqual([]);
	});

	it('refuses a Webhook URL of the user’s own in this mode', async () => {
		const { context } = executeContext({
			parameters: videoCreate({ additionalFields: { webhookUrl: 'https://example.com/hook' } }),
			credentials: credentials(),
		});
		await expect(node.execute.call(context)).rejects.toThrow(
			'Wait for Webhook sets the Webhook URL itself',
		);
	});

	it('works for voice too', async () => {
		const { context, record } = executeContext({
			parameters: { resource: 'voice', operation: 'create', text: 'Hello', waitMode: 'webhook' },
			credentials: credentials(),
		});
		await node.execute.call(context);
		expect(record.customData.creativeAiJobKind).toBe('voice');
		expect(sandbox.jobs()[0].webhook_url).toContain('/webhook-waiting/');
	});
});

describe('the resume webhook', () => {
	async function callBack(
		delivery: ReturnType<typeof signedDelivery>,
		customData: Record<string, string> = { [JOB_ID_KEY]: 'vgen_waiting_1' },
	) {
		const recorder: Recorder = { answers: [], events: [] };
		const context = webhookContext({ ...delivery, recorder, customData, parameters: {} });
		return { result: await node.webhook.call(context), recorder };
	}

	it('resumes the execution with the finished job on a signed delivery', async () => {
		const { result, recorder } = await callBack(signedDelivery({ id: 'vgen_waiting_1' }));
		expect(recorder.answers).toEqual([]);
		expect(result.workflowData?.[0]).toEqual([
			{ json: expect.objectContaining({ id: 'vgen_waiting_1', status: 'completed' }) },
		]);
	});

	it('keeps the execution waiting on a forged callback (401, no resume)', async () => {
		const { result, recorder } = await callBack(
			signedDelivery({ id: 'vgen_waiting_2', secret: 'rph_live_forger_0000' }),
			{ [JOB_ID_KEY]: 'vgen_waiting_2' },
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(recorder.answers.map((a) => a.status)).toEqual([401]);
	});

	it('keeps the execution waiting on a genuine delivery for another job', async () => {
		const { result, recorder } = await callBack(signedDelivery({ id: 'vgen_other_job' }), {
			[JOB_ID_KEY]: 'vgen_waiting_3',
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(recorder.answers).toEqual([
			expect.objectContaining({ status: 400, body: WRONG_JOB_BODY }),
		]);
	});

	it('resumes with a failed job as it is, so the workflow can branch on status', async () => {
		const { result } = await callBack(signedDelivery({ id: 'vgen_waiting_4', status: 'failed' }), {
			[JOB_ID_KEY]: 'vgen_waiting_4',
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({
			status: 'failed',
			error_message: 'provider capacity exhausted',
		});
	});

	it('does not resume twice on a repeated callback', async () => {
		const delivery = signedDelivery({ id: 'vgen_waiting_5' });
		const customData = { [JOB_ID_KEY]: 'vgen_waiting_5' };
		await callBack(delivery, customData);
		const { result, recorder } = await callBack(delivery, customData);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(recorder.answers.map((a) => a.status)).toEqual([200]);
	});
});
