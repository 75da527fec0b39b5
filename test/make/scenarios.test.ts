// Runs each blueprint against the real sandbox on loopback: its HTTP modules, filled with sample
// values, are sent as Make would send them and must be accepted by the contract; the receiving
// scenario is run on real signed deliveries the sandbox made, and must answer a forged one 401.
import {
	createVideoRequestSchema,
	createVoiceRequestSchema,
	videoGenerationSchema,
	voiceGenerationSchema,
} from '../../src/core/contract';
import { createSandbox, type Sandbox } from '../../src/runtime/sandbox';
import { startReceiver, type ReceivedRequest, type Receiver } from '../runtime/sandbox/helpers';
import { loadBlueprint, loadBlueprints, walkModules } from '../support/make/blueprint';
import { contractProblems } from '../support/make/contract';
import { runScenario, type RunOptions } from '../support/make/runner';
import { API_BASE_URL } from '../support/make/structure';

const TIME_SCALE = 1000;

const createFromRow = loadBlueprint('create-video-from-row.blueprint.json');
const receive = loadBlueprint('receive-signed-delivery.blueprint.json');
const createAndPoll = loadBlueprint('create-video-and-poll.blueprint.json');
const voiceAndVideo = loadBlueprint('voice-narration-for-video.blueprint.json');

let sandbox: Sandbox;
let hook: Receiver;

beforeEach(async () => {
	sandbox = await createSandbox({
		timeScale: TIME_SCALE,
		allowPrivateCallbacks: true,
		webhookTimeoutMs: 5000,
	});
	hook = await startReceiver(() => 200);
});

afterEach(async () => {
	await sandbox.close();
	await hook.close();
});

/** The placeholders as a user fills them, pointed at the sandbox and a loopback "Make webhook". */
function fill(): Record<string, string> {
	return {
		[API_BASE_URL]: sandbox.url,
		YOUR_CREATIVEAI_API_KEY: sandbox.apiKey,
		YOUR_MAKE_WEBHOOK_URL: hook.url,
	};
}

/** A sheet row as Google Sheets > Watch Rows hands it on: columns by index. */
function row(key: string, prompt: string, narration = 'Welcome to the open house.') {
	return { '0': key, '1': prompt, '2': narration, __ROW_NUMBER__: 2 };
}

/** What a Custom Webhook with "Get request headers" and "JSON pass-through" outputs. */
function webhookBundle(request: Pick<ReceivedRequest, 'headers' | 'body'>) {
	return {
		value: request.body,
		__IMTHEADERS__: Object.entries(request.headers).map(([name, value]) => ({
			name,
			value: String(value),
		})),
	};
}

function receiveRun(trigger: Record<string, unknown>, dataStore: Map<string, unknown>) {
	return runScenario(receive, { trigger, fill: fill(), dataStore });
}

describe('create a video from a sheet row', () => {
	it('sends a create the contract accepts, with the Bearer key and the row key as Idempotency-Key', async () => {
		const prompt = 'A "sunlit" loft,\nwide shot \\ slow pan';
		const result = await runScenario(createFromRow, {
			trigger: row('row-17', prompt),
			fill: fill(),
		});

		expect(result.errors).toEqual([]);
		expect(result.requests).toHaveLength(1);
		const [request] = result.requests;
		expect(request).toMatchObject({ method: 'POST', url: `${sandbox.url}/v1/video/generations` });
		expect(request.headers).toMatchObject({
			Authorization: `Bearer ${sandbox.apiKey}`,
			'Idempotency-Key': 'row-17',
		});
		const body = createVideoRequestSchema.parse(JSON.parse(request.body!));
		expect(body).toMatchObject({ prompt, webhook_url: hook.url });
		expect(request.status).toBe(202);
		expect(videoGenerationSchema.parse(request.responseBody).status).toBe('pending');
	});

	it('running the same row again returns the same job and charges once', async () => {
		const first = await runScenario(createFromRow, {
			trigger: row('row-3', 'A lake'),
			fill: fill(),
		});
		const again = await runScenario(createFromRow, {
			trigger: row('row-3', 'A lake'),
			fill: fill(),
		});

		const id = (result: typeof first) => (result.requests[0].responseBody as { id: string }).id;
		expect(id(again)).toBe(id(first));
		expect(sandbox.jobs()).toHaveLength(1);
	});

	it('a private callback URL is refused by the service and the module stops with the reason', async () => {
		const strict = await createSandbox({ timeScale: TIME_SCALE });
		try {
			const result = await runScenario(createFromRow, {
				trigger: row('row-1', 'A lake'),
				fill: { ...fill(), [API_BASE_URL]: strict.url, YOUR_CREATIVEAI_API_KEY: strict.apiKey },
			});
			expect(result.requests[0].status).toBe(422);
			expect(result.errors).toEqual([
				expect.objectContaining({ moduleId: 3, handledBy: ['builtin:Break'] }),
			]);
			expect(result.errors[0].message).toMatch(/unsafe_webhook_url/);
			expect(strict.jobs()).toHaveLength(0);
		} finally {
			await strict.close();
		}
	});
});

describe('receive and check a signed delivery', () => {
	/** Creates a job through the first blueprint and waits for the sandbox's signed delivery. */
	async function realDelivery(): Promise<ReceivedRequest> {
		await runScenario(createFromRow, { trigger: row('row-1', 'A paper boat'), fill: fill() });
		await hook.waitFor(1);
		return hook.requests[0];
	}

	it('answers a genuine delivery 200 once, records it, and a repeat 200 without going further', async () => {
		const delivery = await realDelivery();
		const dataStore = new Map<string, unknown>();

		const first = await receiveRun(webhookBundle(delivery), dataStore);
		expect(first.responses.map((r) => [r.status, r.body])).toEqual([[200, 'accepted']]);
		const payload = JSON.parse(delivery.body) as { id: string; status: string; output_url: string };
		expect(dataStore.get(`${payload.id}:${payload.status}`)).toEqual({
			generation_id: payload.id,
			status: payload.status,
			output_url: payload.output_url,
		});

		const repeat = await receiveRun(webhookBundle(delivery), dataStore);
		expect(repeat.responses.map((r) => [r.status, r.body])).toEqual([
			[200, 'duplicate: already processed'],
		]);
		expect(repeat.ran).not.toContain(6);
		expect(dataStore.size).toBe(1);
	});

	it('answers 401 and touches nothing when the body was changed after signing', async () => {
		const delivery = await realDelivery();
		const dataStore = new Map<string, unknown>();
		const forged = { ...delivery, body: delivery.body.replace('"completed"', '"failed"') };
		expect(forged.body).not.toBe(delivery.body);

		const result = await receiveRun(webhookBundle(forged), dataStore);
		expect(result.responses.map((r) => r.status)).toEqual([401]);
		expect(result.ran).not.toContain(3);
		expect(dataStore.size).toBe(0);
	});

	it('answers 401 to a body re-serialised after signing, though it says the same', async () => {
		const delivery = await realDelivery();
		const reserialised = { ...delivery, body: JSON.stringify(JSON.parse(delivery.body), null, 2) };
		expect(JSON.parse(reserialised.body)).toEqual(JSON.parse(delivery.body));

		const result = await receiveRun(webhookBundle(reserialised), new Map());
		expect(result.responses.map((r) => r.status)).toEqual([401]);
	});

	it("answers 401 to a missing signature, another signature, or another account's key", async () => {
		const delivery = await realDelivery();
		const withoutSignature = {
			...delivery,
			headers: { ...delivery.headers, 'x-creativeai-signature': undefined },
		};
		delete withoutSignature.headers['x-creativeai-signature'];
		const otherSignature = {
			...delivery,
			headers: { ...delivery.headers, 'x-creativeai-signature': `sha256=${'0'.repeat(64)}` },
		};
		for (const request of [withoutSignature, otherSignature]) {
			const result = await receiveRun(webhookBundle(request), new Map());
			expect(result.responses.map((r) => r.status)).toEqual([401]);
		}
		const otherKey = await runScenario(receive, {
			trigger: webhookBundle(delivery),
			fill: { ...fill(), YOUR_CREATIVEAI_API_KEY: 'rph_test_someone_else' },
		});
		expect(otherKey.responses.map((r) => r.status)).toEqual([401]);
	});

	it('finds the signature header in lower case, as sent, or Camel-Cased', async () => {
		const delivery = await realDelivery();
		for (const spelling of ['X-CreativeAI-Signature', 'X-Creativeai-Signature']) {
			const bundle = webhookBundle(delivery);
			for (const header of bundle.__IMTHEADERS__) {
				if (header.name === 'x-creativeai-signature') header.name = spelling;
			}
			const result = await receiveRun(bundle, new Map());
			expect({ spelling, answers: result.responses.map((r) => r.status) }).toEqual({
				spelling,
				answers: [200],
			});
		}
	});
});

describe('create a video and poll until it is done', () => {
	/** Make's Sleep, compressed by the sandbox's time scale (a 60 s sleep takes 60 ms). */
	const sleep: RunOptions['sleep'] = (seconds) =>
		new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / TIME_SCALE));

	it('reads the job until it finishes, records it once, and skips the remaining rounds', async () => {
		const result = await runScenario(createAndPoll, {
			trigger: row('row-5', 'A paper boat on a pond'),
			fill: fill(),
			sleep,
		});

		expect(result.errors).toEqual([]);
		const [create, ...reads] = result.requests;
		expect(createVideoRequestSchema.parse(JSON.parse(create.body!)).webhook_url).toBeUndefined();
		const id = (create.responseBody as { id: string }).id;
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.length).toBeLessThan(25);
		for (const read of reads) {
			expect(read).toMatchObject({
				method: 'GET',
				url: `${sandbox.url}/v1/video/generations/${id}`,
				status: 200,
			});
			expect(videoGenerationSchema.parse(read.responseBody).id).toBe(id);
		}
		const last = reads[reads.length - 1].responseBody as { status: string; output_url: string };
		expect(last.status).toBe('completed');
		expect(result.dataStore.get(id)).toEqual({
			generation_id: id,
			status: 'completed',
			output_url: last.output_url,
		});
		// Every round after the finish stops at the data store check: 25 checks, one sleep per read.
		expect(result.ran.filter((moduleId) => moduleId === 5)).toHaveLength(25);
		expect(result.ran.filter((moduleId) => moduleId === 6)).toHaveLength(reads.length);
		expect(result.ran.filter((moduleId) => moduleId === 8)).toHaveLength(1);
	});

	it('skips a read the service answers with a 5xx and keeps polling', async () => {
		// Seed 1 with 30 % injected 502/503 answers: the create gets through, some reads do not.
		const flaky = await createSandbox({
			timeScale: TIME_SCALE,
			seed: 1,
			faults: { apiErrorRate: 0.3, apiErrorStatuses: [502, 503] },
		});
		try {
			const result = await runScenario(createAndPoll, {
				trigger: row('row-6', 'A paper boat on a pond'),
				fill: { ...fill(), [API_BASE_URL]: flaky.url, YOUR_CREATIVEAI_API_KEY: flaky.apiKey },
				sleep,
			});
			const [create, ...reads] = result.requests;
			expect(create.status).toBe(202);
			expect(reads.some((read) => read.status >= 500)).toBe(true);
			expect(result.stoppedBy).toBeUndefined();
			const id = (create.responseBody as { id: string }).id;
			expect(result.dataStore.get(id)).toMatchObject({ generation_id: id, status: 'completed' });
		} finally {
			await flaky.close();
		}
	});
});

describe('voice narration and a video for a sheet row', () => {
	it('submits both jobs under keys of their own, pairs them, and both deliveries verify', async () => {
		const result = await runScenario(voiceAndVideo, {
			trigger: row('row-9', 'Drone shot of the house', 'Four bedrooms, "sea views" and a garden.'),
			fill: fill(),
		});

		expect(result.errors).toEqual([]);
		const [voice, video] = result.requests;
		expect(voice).toMatchObject({
			method: 'POST',
			url: `${sandbox.url}/api/generate/voice`,
			status: 202,
		});
		expect(voice.headers['Idempotency-Key']).toBe('row-9-voice');
		expect(createVoiceRequestSchema.parse(JSON.parse(voice.body!)).text).toBe(
			'Four bedrooms, "sea views" and a garden.',
		);
		expect(video).toMatchObject({ url: `${sandbox.url}/v1/video/generations`, status: 202 });
		expect(video.headers['Idempotency-Key']).toBe('row-9-video');
		createVideoRequestSchema.parse(JSON.parse(video.body!));
		const voiceJob = voiceGenerationSchema.parse(voice.responseBody);
		const videoJob = videoGenerationSchema.parse(video.responseBody);
		expect(result.dataStore.get('row-9')).toEqual({ voice_id: voiceJob.id, video_id: videoJob.id });

		await hook.waitFor(2);
		const received = new Map<string, unknown>();
		for (const delivery of hook.requests) {
			const run = await receiveRun(webhookBundle(delivery), received);
			expect(run.responses.map((r) => r.status)).toEqual([200]);
		}
		expect([...received.keys()].sort()).toEqual(
			[`${videoJob.id}:completed`, `${voiceJob.id}:completed`].sort(),
		);
	});
});

it('every HTTP module in make/ is sent, and the contract accepts the request and its answer', async () => {
	const sleep: RunOptions['sleep'] = (seconds) =>
		new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / TIME_SCALE));
	for (const [name, blueprint] of loadBlueprints()) {
		const httpModules = [...walkModules(blueprint.flow)]
			.filter(({ module }) => module.module === 'http:MakeRequest')
			.map(({ module }) => module.id);
		if (httpModules.length === 0) continue;
		const result = await runScenario(blueprint, {
			trigger: row(`${name}-row`, 'A paper boat on a pond'),
			fill: fill(),
			sleep,
		});
		expect({ name, sent: [...new Set(result.requests.map((r) => r.moduleId))].sort() }).toEqual({
			name,
			sent: httpModules.sort(),
		});
		for (const request of result.requests) {
			expect({ name, module: request.moduleId, problems: contractProblems(request) }).toEqual({
				name,
				module: request.moduleId,
				problems: [],
			});
		}
	}
});
