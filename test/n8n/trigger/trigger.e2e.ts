// The CreativeAI Trigger in a real n8n 2.41.1 against the sandbox: subscription on activation,
// one execution per delivery of a chosen event, 401 for forged deliveries, one execution for a
// burst of copies, Remove Duplicates after a restart, and unsubscription on deactivation.
import { randomUUID } from 'node:crypto';

import { signWebhook } from '../../../src/core';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { N8nServer } from './support/n8nServer';
import { packedPackage } from './support/packedPackage';
import {
	activate,
	chain,
	createCredential,
	createWorkflow,
	deactivate,
	eventually,
	executionOutput,
	executionsOf,
	type Workflow,
} from './support/workflows';

const API_KEY = 'rph_live_e2e_trigger_0000000000';
const VIDEO_JOBS = 40;
const VOICE_JOBS = 10;

let sandbox: Sandbox;
let n8n: N8nServer;
let workflow: Workflow;
let webhookUrl: string;

async function subscriptionUrls(): Promise<string[]> {
	const response = await fetch(`${sandbox.url}/v1/webhooks`, {
		headers: { authorization: `Bearer ${API_KEY}` },
	});
	return ((await response.json()) as { data: Array<{ url: string }> }).data.map((s) => s.url);
}

function signedBody(id: string, secret = API_KEY) {
	const body = JSON.stringify({
		id,
		object: 'video.generation',
		status: 'completed',
		model: 'kling-v3',
		output_url: null,
		error_message: null,
		credits: 10,
		completed_at: new Date().toISOString(),
	});
	return { body, headers: signWebhook({ scheme: 'creativeai', secret, body }) };
}

async function post(body: string, headers: Record<string, string>): Promise<number> {
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	await response.arrayBuffer();
	return response.status;
}

/** Every finished execution's trigger item, by delivery key. */
async function deliveryKeysStarted(): Promise<string[]> {
	const keys: string[] = [];
	for (const execution of await executionsOf(n8n, workflow.id)) {
		const output = await executionOutput(n8n, execution.id, n8n.folder);
		for (const item of output['CreativeAI Trigger'] ?? []) keys.push(String(item.json.deliveryKey));
	}
	return keys;
}

async function settledExecutions() {
	let previous = -1;
	return await eventually(
		async () => await executionsOf(n8n, workflow.id),
		(executions) => {
			const done = executions.every((e) => e.status !== 'running' && e.status !== 'new');
			const stable = done && executions.length === previous;
			previous = executions.length;
			return stable;
		},
		1500,
	);
}

beforeAll(async () => {
	sandbox = await createSandbox({
		apiKeys: [API_KEY],
		allowPrivateCallbacks: true,
		timeScale: 60,
		maxWaitSeconds: 120,
		webhookTimeoutMs: 10_000,
		faults: { providerStallRate: 0.3, webhookDuplicateRate: 0.3 },
	});
	n8n = await N8nServer.start({ extensions: packedPackage() });
	const credential = await createCredential(n8n, {
		apiKey: API_KEY,
		baseUrl: sandbox.url,
		allowPrivateCallbackUrls: true,
	});
	const webhookId = randomUUID();
	workflow = await createWorkflow(
		n8n,
		'CreativeAI Trigger e2e',
		[
			{
				name: 'CreativeAI Trigger',
				type: 'CUSTOM.creativeAiTrigger',
				typeVersion: 1,
				webhookId,
				parameters: {
					events: ['video.generation.completed', 'video.generation.failed'],
					registration: 'automatic',
					options: {},
				},
				credentials: { creativeAiApi: credential },
			},
			{
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					dedupeValue: '={{ $json.deliveryKey }}',
				},
			},
			{ name: 'Processed', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		chain('CreativeAI Trigger', 'Remove Duplicates', 'Processed'),
	);
	webhookUrl = `${n8n.url}/webhook/${webhookId}/webhook`;
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
});

describe('CreativeAI Trigger in a real n8n', () => {
	it('activation subscribes the production URL', async () => {
		await activate(n8n, workflow);
		expect(await eventually(subscriptionUrls, (urls) => urls.length > 0)).toEqual([webhookUrl]);
	});

	it('50 jobs completing and failing start exactly one execution per delivery of a chosen event', async () => {
		const create = async (path: string, body: object) => {
			const response = await fetch(`${sandbox.url}${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			expect(response.status).toBe(202);
			return ((await response.json()) as { id: string }).id;
		};
		await Promise.all([
			...Array.from({ length: VIDEO_JOBS }, (_, i) =>
				create('/v1/video/generations', { prompt: `e2e video ${i}`, duration: 5 }),
			),
			...Array.from({ length: VOICE_JOBS }, (_, i) =>
				create('/api/generate/voice', { text: `e2e voice ${i}` }),
			),
		]);
		await sandbox.settled();
		await settledExecutions();

		const jobs = sandbox.jobs();
		const videoJobs = jobs.filter((job) => job.id.startsWith('vgen_'));
		const expected = videoJobs.map((job) => `${job.id}:${job.status}`).sort();
		const started = (await deliveryKeysStarted()).sort();
		expect(started).toEqual(expected);
		expect(new Set(videoJobs.map((job) => job.status))).toEqual(new Set(['completed', 'failed']));

		const toUs = sandbox.deliveries().filter((d) => d.url === webhookUrl);
		const duplicatesSent = toUs.filter((d) => d.duplicate).length;
		const lastAnswers = new Map<string, number | null>();
		for (const d of toUs)
			if (!d.duplicate) lastAnswers.set(`${d.generation_id}:${d.status}`, d.http_status);
		// Every delivery, voice ones included, ends in a 2xx: nothing is left to the sender's retries.
		expect([...lastAnswers.values()].every((status) => status === 200)).toBe(true);
		expect(lastAnswers.size).toBe(VIDEO_JOBS + VOICE_JOBS);
		console.log(
			`trigger e2e: ${VIDEO_JOBS + VOICE_JOBS} jobs, ${toUs.length} delivery attempts (${duplicatesSent} duplicate copies), ` +
				`${started.length} executions (${videoJobs.filter((j) => j.status === 'failed').length} for failures), voice deliveries ignored`,
		);
	}, 600_000);

	it('forged, altered and unsigned deliveries get 401 and start nothing', async () => {
		const before = (await executionsOf(n8n, workflow.id)).length;
		const forged = signedBody('vgen_forged_1', 'rph_live_not_the_key_000000');
		const genuine = signedBody('vgen_altered_1');
		const altered = genuine.body.replace('"credits":10', '"credits":0');
		expect(await post(forged.body, forged.headers)).toBe(401);
		expect(await post(altered, genuine.headers)).toBe(401);
		expect(await post(genuine.body, {})).toBe(401);
		await settledExecutions();
		expect((await executionsOf(n8n, workflow.id)).length).toBe(before);
	}, 120_000);

	it('20 copies of one delivery sent at the same moment start one execution', async () => {
		const id = `vgen_burst_${randomUUID().slice(0, 8)}`;
		const { body, headers } = signedBody(id);
		const statuses = await Promise.all(
			Array.from({ length: 20 }, async () => await post(body, headers)),
		);
		expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
		await settledExecutions();
		const started = (await deliveryKeysStarted()).filter((key) => key === `${id}:completed`);
		expect(started).toHaveLength(1);
		console.log(`trigger e2e burst: answers ${JSON.stringify(countBy(statuses))}, executions 1`);
	}, 120_000);

	it('the same delivery after an n8n restart gets no further than Remove Duplicates', async () => {
		const id = `vgen_restart_${randomUUID().slice(0, 8)}`;
		const { body, headers } = signedBody(id);
		expect(await post(body, headers)).toBe(200);
		await settledExecutions();
		await n8n.restart();
		await eventually(subscriptionUrls, (urls) => urls.includes(webhookUrl));
		expect(
			await eventually(
				async () => await post(body, headers),
				(status) => status !== 404,
			),
		).toBe(200);
		const executions = await settledExecutions();
		const outputs = await Promise.all(
			executions.map(async (e) => await executionOutput(n8n, e.id, n8n.folder)),
		);
		const forThisDelivery = outputs.filter((output) =>
			(output['CreativeAI Trigger'] ?? []).some(
				(item) => item.json.deliveryKey === `${id}:completed`,
			),
		);
		expect(forThisDelivery).toHaveLength(2);
		const processed = forThisDelivery.map((output) => (output.Processed ?? []).length);
		expect(processed.sort()).toEqual([0, 1]);
	}, 300_000);

	it('deactivation unsubscribes', async () => {
		await deactivate(n8n, workflow);
		expect(await eventually(subscriptionUrls, (urls) => !urls.includes(webhookUrl))).toEqual([]);
	}, 60_000);
});

function countBy(values: number[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}
