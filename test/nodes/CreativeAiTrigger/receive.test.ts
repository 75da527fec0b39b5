import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CreativeAiTrigger } from '../../../nodes/CreativeAiTrigger/CreativeAiTrigger.node';
import { IGNORED_BODY } from '../../../nodes/CreativeAiTrigger/receive';
import { signedDelivery, type Delivery } from './delivery';
import { webhookContext, type Recorder, type WebhookContextInput } from './fakeContexts';

const trigger = new CreativeAiTrigger();

/** Each test gets a workflow of its own, so the in-process de-duplication starts empty. */
let workflow = 0;
beforeEach(() => workflow++);

async function deliver(
	delivery: Omit<Delivery, 'rawBody'> & { rawBody?: Buffer },
	extra: Partial<WebhookContextInput> = {},
): Promise<{ result: Awaited<ReturnType<CreativeAiTrigger['webhook']>>; recorder: Recorder }> {
	const recorder: Recorder = extra.recorder ?? { answers: [], events: [] };
	const context = webhookContext({
		workflowId: `wf-${workflow}`,
		...delivery,
		...extra,
		recorder,
	});
	const result = await trigger.webhook.call(context);
	return { result, recorder };
}

describe('CreativeAI Trigger webhook()', () => {
	it('starts one execution for a signed delivery, with the event, delivery key and payload', async () => {
		const { result, recorder } = await deliver(signedDelivery());
		expect(recorder.answers).toEqual([]);
		expect(result.webhookResponse).toBe('accepted');
		expect(result.workflowData).toHaveLength(1);
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({
			event: 'video.generation.completed',
			deliveryKey: 'vgen_trigger_0001:completed',
			generationId: 'vgen_trigger_0001',
			status: 'completed',
			outputUrl: 'https://files.example.test/vgen_trigger_0001.mp4',
			payload: { id: 'vgen_trigger_0001', object: 'video.generation', prompt: 'a boat at dawn' },
		});
	});

	it('answers 401 to a delivery signed with another secret and starts nothing', async () => {
		const { result, recorder } = await deliver(signedDelivery({ secret: 'rph_live_someone_else' }));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(recorder.answers.map((a) => a.status)).toEqual([401]);
		expect(recorder.answers[0].body).toBe('invalid signature');
	});

	it('answers 401 to a body altered after signing', async () => {
		const delivery = signedDelivery();
		const altered = Buffer.from(delivery.rawBody.toString().replace('"credits":10', '"credits":0'));
		const { result, recorder } = await deliver({ ...delivery, rawBody: altered });
		expect(result.workflowData).toBeUndefined();
		expect(recorder.answers.map((a) => a.status)).toEqual([401]);
	});

	it('answers 401 to an unsigned delivery', async () => {
		const { headers, rawBody } = signedDelivery();
		const { 'x-creativeai-signature': _dropped, ...unsigned } = headers;
		const { result, recorder } = await deliver({ rawBody, headers: unsigned });
		expect(result.workflowData).toBeUndefined();
		expect(recorder.answers.map((a) => a.status)).toEqual([401]);
	});

	it('answers 401 when n8n kept no raw body', async () => {
		const { headers } = signedDelivery();
		const { result, recorder } = await deliver({ rawBody: undefined, headers });
		expect(result.workflowData).toBeUndefined();
		expect(recorder.answers.map((a) => a.status)).toEqual([401]);
	});

	it('answers 200 to a repeat of the same delivery and starts nothing the second time', async () => {
		const first = await deliver(signedDelivery());
		const second = await deliver(signedDelivery());
		expect(first.result.workflowData).toHaveLength(1);
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(second.recorder.answers).toEqual([
			expect.objectContaining({ status: 200, body: 'duplicate: already processed' }),
		]);
	});

	it('starts a second execution for the same job with another status', async () => {
		await deliver(signedDelivery({ status: 'completed' }));
		const failed = await deliver(signedDelivery({ status: 'failed' }), {
			parameters: { events: ['video.generation.failed'] },
		});
		expect(failed.result.workflowData?.[0][0].json.deliveryKey).toBe('vgen_trigger_0001:failed');
	});

	it('starts one execution for 20 copies of a delivery arriving together', async () => {
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, async () => await deliver(signedDelivery())),
		);
		const started = outcomes.filter((o) => o.result.workflowData !== undefined);
		expect(started).toHaveLength(1);
		// The others arrive while the first holds its claim: "in progress, retry later", and the
		// sender's retry then finds it done.
		const answers = outcomes.flatMap((o) => o.recorder.answers);
		expect(answers).toHaveLength(19);
		for (const answer of answers) {
			expect(answer).toEqual({
				status: 503,
				body: 'in progress: retry later',
				headers: { 'retry-after': '5' },
			});
		}
		const retry = await deliver(signedDelivery());
		expect(retry.recorder.answers.map((a) => a.status)).toEqual([200]);
	});

	it('answers 200 to an event that was not chosen and starts nothing', async () => {
		const { result, recorder } = await deliver(
			signedDelivery({ object: 'voice.generation', status: 'failed', id: 'voice_1' }),
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(recorder.answers).toEqual([
			expect.objectContaining({ status: 200, body: IGNORED_BODY }),
		]);
	});

	it('starts voice and failure executions when those events are chosen', async () => {
		const { result } = await deliver(
			signedDelivery({ object: 'voice.generation', status: 'failed', id: 'voice_2' }),
			{ parameters: { events: ['voice.generation.failed'] } },
		);
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'voice.generation.failed',
			errorMessage: 'provider capacity exhausted',
			outputUrl: null,
		});
	});

	it('checks signatures with the webhook secret when one is set, not the API key', async () => {
		const credentials = { webhookSecret: 'whk_separate_signing_secret' };
		const withKey = await deliver(signedDelivery(), { credentials });
		const withSecret = await deliver(signedDelivery({ secret: 'whk_separate_signing_secret' }), {
			credentials,
		});
		expect(withKey.recorder.answers.map((a) => a.status)).toEqual([401]);
		expect(withSecret.result.workflowData).toHaveLength(1);
	});

	it('keeps test-URL and production deliveries apart', async () => {
		const production = await deliver(signedDelivery(), { mode: 'webhook' });
		const test = await deliver(signedDelivery(), { mode: 'manual' });
		expect(production.result.workflowData).toHaveLength(1);
		expect(test.result.workflowData).toHaveLength(1);
	});

	it('answers 400 to a signed body that is not a job payload, naming no field values', async () => {
		const delivery = signedDelivery();
		const { signWebhook } = await import('../../../src/core');
		const body = '{"hello":"world"}';
		const headers = {
			...delivery.headers,
			...signWebhook({ scheme: 'creativeai', secret: 'rph_live_trigger_test_000000000000', body }),
		};
		const { result, recorder } = await deliver({ rawBody: Buffer.from(body), headers });
		expect(result.workflowData).toBeUndefined();
		expect(recorder.answers).toEqual([
			expect.objectContaining({ status: 400, body: 'invalid payload' }),
		]);
	});
});

describe('CreativeAI Trigger Download Output', () => {
	let server: Server;
	let baseUrl: string;
	const MP4 = Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypisom'),
		Buffer.alloc(12),
	]);

	beforeAll(async () => {
		// A file host and the API: vgen_dl's link works; vgen_gone's link has expired, and reading
		// the job again gives the same dead link.
		server = createServer((request, response) => {
			if (request.url === '/files/vgen_dl.mp4') {
				response.writeHead(200, { 'content-type': 'video/mp4' }).end(MP4);
			} else if (request.url === '/v1/video/generations/vgen_gone') {
				response.writeHead(200, { 'content-type': 'application/json' }).end(
					JSON.stringify({
						id: 'vgen_gone',
						object: 'video.generation',
						status: 'completed',
						model: 'kling-v3',
						model_actual: 'kling-v3',
						failover_used: false,
						output_url: `${baseUrl}/files/expired.mp4`,
						error_message: null,
						credits: 10,
						created_at: '2026-12-05T11:59:00.000Z',
						completed_at: '2026-12-05T12:00:00.000Z',
					}),
				);
			} else {
				response.writeHead(403).end('expired');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	const downloading = { options: { downloadOutput: true, binaryPropertyName: 'video' } };
	const api = () => ({ baseUrl });

	it('answers the sender before fetching the file, then attaches it as binary data', async () => {
		const delivery = signedDelivery({ id: 'vgen_dl', outputUrl: `${baseUrl}/files/vgen_dl.mp4` });
		const { result, recorder } = await deliver(delivery, {
			parameters: downloading,
			credentials: api(),
		});
		expect(recorder.events).toEqual(['answered 200', `request GET ${baseUrl}/files/vgen_dl.mp4`]);
		expect(result.noWebhookResponse).toBe(true);
		const [[item]] = result.workflowData!;
		expect(item.binary?.video).toMatchObject({ fileName: 'vgen_dl.mp4', mimeType: 'video/mp4' });
		expect(Buffer.from(item.binary!.video.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('still starts the execution when the download fails, saying how to fetch the file', async () => {
		const delivery = signedDelivery({ id: 'vgen_gone', outputUrl: `${baseUrl}/files/expired.mp4` });
		const { result, recorder } = await deliver(delivery, {
			parameters: downloading,
			credentials: api(),
		});
		expect(recorder.answers.map((a) => a.status)).toEqual([200]);
		expect(recorder.events).toEqual([
			'answered 200',
			`request GET ${baseUrl}/files/expired.mp4`,
			`request GET ${baseUrl}/v1/video/generations/vgen_gone`,
		]);
		const [[item]] = result.workflowData!;
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toBe(
			"Downloading the output of job vgen_gone failed: the file host answered HTTP 403. Fetch the file with the CreativeAI node's Download and job vgen_gone.",
		);
	});

	it('downloads nothing for a failed job', async () => {
		const { result } = await deliver(signedDelivery({ status: 'failed' }), {
			parameters: { ...downloading, events: ['video.generation.failed'] },
		});
		expect(result.webhookResponse).toBe('accepted');
		expect(result.workflowData?.[0][0].binary).toBeUndefined();
	});
});
