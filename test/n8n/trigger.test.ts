// The CreativeAI Trigger in a real n8n 2.41.1 against the sandbox: subscription on activation,
// one execution per delivery of a chosen event, 401 for forged deliveries, one execution for a
// burst of copies, Remove Duplicates after a restart, and unsubscription on deactivation.
import { randomUUID } from 'node:crypto';

import { signWebhook } from '../../src/core';
import type { Sandbox } from '../../src/runtime/sandbox';
import { startN8nHarness, type N8nHarness } from './harness';

const VIDEO_JOBS = 40;
const VOICE_JOBS = 10; // every fifth job
const TRIGGER = 'CreativeAI Trigger';

let h: N8nHarness;
let sandbox: Sandbox;
let workflowId: string;
let webhookUrl: string;

async function subscriptionUrls(): Promise<string[]> {
	const response = await fetch(`${sandbox.url}/v1/webhooks`, {
		headers: { authorization: `Bearer ${sandbox.apiKey}` },
	});
	return ((await response.json()) as { data: Array<{ url: string }> }).data.map((s) => s.url);
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

function signedBody(id: string, secret = sandbox.apiKey) {
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

/** Once no execution is running and the count has held for one more look. */
async function settledExecutions() {
	let previous = -1;
	return await eventually(
		async () => {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			return await h.rest.allExecutions(workflowId);
		},
		(executions) => {
			const stable =
				executions.every((e) => !['new', 'running'].includes(e.status)) &&
				executions.length === previous;
			previous = executions.length;
			return stable;
		},
	);
}

/** The trigger item of every execution: its delivery key and how far it got. */
async function startedDeliveries(): Promise<Array<{ key: string; processed: number }>> {
	const started = [];
	for (const execution of await h.rest.allExecutions(workflowId)) {
		const result = await h.executionResult(execution.id);
		for (const item of result.nodeOutput(TRIGGER)) {
			started.push({
				key: String(item.json.deliveryKey),
				processed: result.nodeOutput('Processed').length,
			});
		}
	}
	return started;
}

beforeAll(async () => {
	h = await startN8nHarness();
	({ sandbox } = await h.startSandbox({
		timeScale: 60,
		maxWaitSeconds: 300,
		webhookTimeoutMs: 10_000,
		faults: { providerStallRate: 0.3, webhookDuplicateRate: 0.3 },
	}));
	const credentialId = await h.rest.createCredential(
		'CreativeAI (sandbox, direct)',
		'creativeAiApi',
		{
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.url,
			webhookSecret: '',
			allowPrivateCallbackUrls: true,
		},
	);
	const webhookId = randomUUID();
	const created = await h.rest.createWorkflow({
		name: 'CreativeAI Trigger e2e',
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: 'CUSTOM.creativeAiTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {
					events: ['video.generation.completed', 'video.generation.failed'],
					registration: 'automatic',
					options: {},
				},
				credentials: { creativeAiApi: { id: credentialId, name: 'CreativeAI (sandbox, direct)' } },
			},
			{
				id: randomUUID(),
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					dedupeValue: '={{ $json.deliveryKey }}',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Processed',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, 0],
				parameters: {},
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
			'Remove Duplicates': { main: [[{ node: 'Processed', type: 'main', index: 0 }]] },
		},
	});
	workflowId = created.id;
	webhookUrl = `${h.n8n.url}/webhook/${webhookId}/webhook`;
	await h.rest.activateWorkflow(created.id, created.versionId);
}, 600_000);

afterAll(async () => await h?.stop());

describe('CreativeAI Trigger in a real n8n', () => {
	it('activation subscribes the production URL', async () => {
		expect(await eventually(subscriptionUrls, (urls) => urls.length > 0)).toEqual([webhookUrl]);
	});

	it('50 jobs completing and failing start exactly one execution per delivery of a chosen event', async () => {
		const create = async (path: string, body: object) => {
			const response = await fetch(`${sandbox.url}${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			expect(response.status).toBe(202);
			await response.arrayBuffer();
		};
		// Jobs are created a quarter second apart, so they end over some seconds rather than in one
		// instant: on SQLite, n8n's Remove Duplicates fails on a unique index when several executions
		// record the same workflow's history at the same moment (an n8n limitation, noted in the docs).
		for (let i = 0; i < VIDEO_JOBS + VOICE_JOBS; i++) {
			await (i % 5 === 4
				? create('/api/generate/voice', { text: `e2e voice ${i}` })
				: create('/v1/video/generations', { prompt: `e2e video ${i}`, duration: 5 }));
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await sandbox.settled();
		const videoJobs = sandbox.jobs().filter((job) => job.id.startsWith('vgen_'));
		const failed = videoJobs.filter((job) => job.status === 'failed').length;
		expect(failed).toBeGreaterThan(0);
		expect(failed).toBeLessThan(VIDEO_JOBS);
		// n8n answers each delivery before its execution is written: wait for them all, then let
		// any extra one show up before counting.
		await eventually(
			async () => (await h.rest.allExecutions(workflowId)).length,
			(count) => count >= VIDEO_JOBS,
		);
		await settledExecutions();
		const started = await startedDeliveries();
		expect(started.map((s) => s.key).sort()).toEqual(
			videoJobs.map((job) => `${job.id}:${job.status}`).sort(),
		);
		expect(started.every((s) => s.processed === 1)).toBe(true);

		// Every delivery, voice ones included, ended in 200: nothing was left to the sender's retries.
		const toUs = sandbox.deliveries().filter((d) => d.url === webhookUrl);
		const answered = new Map<string, number | null>();
		for (const d of toUs)
			if (!d.duplicate) answered.set(`${d.generation_id}:${d.status}`, d.http_status);
		expect(answered.size).toBe(VIDEO_JOBS + VOICE_JOBS);
		expect([...answered.values()].every((status) => status === 200)).toBe(true);
		console.log(
			`trigger e2e: ${VIDEO_JOBS + VOICE_JOBS} jobs (${failed} video failed), ${toUs.length} delivery attempts ` +
				`(${toUs.filter((d) => d.duplicate).length} duplicate copies), ${started.length} executions, 0 for voice`,
		);
	}, 600_000);

	it('forged, altered and unsigned deliveries get 401 and start nothing', async () => {
		const before = (await settledExecutions()).length;
		const forged = signedBody('vgen_forged_1', 'rph_live_not_the_key_000000');
		const genuine = signedBody('vgen_altered_1');
		const altered = genuine.body.replace('"credits":10', '"credits":0');
		expect(await post(forged.body, forged.headers)).toBe(401);
		expect(await post(altered, genuine.headers)).toBe(401);
		expect(await post(genuine.body, {})).toBe(401);
		expect((await settledExecutions()).length).toBe(before);
	}, 120_000);

	it('20 copies of one delivery sent at the same moment start one execution', async () => {
		const id = `vgen_burst_${randomUUID().slice(0, 8)}`;
		const { body, headers } = signedBody(id);
		const statuses = await Promise.all(
			Array.from({ length: 20 }, async () => await post(body, headers)),
		);
		expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
		await settledExecutions();
		const started = (await startedDeliveries()).filter((s) => s.key === `${id}:completed`);
		expect(started).toHaveLength(1);
		console.log(
			`trigger e2e burst: 20 copies answered ${statuses.filter((s) => s === 200).length}x 200, ` +
				`${statuses.filter((s) => s === 503).length}x 503 (in progress); executions: 1`,
		);
	}, 120_000);

	it('the same delivery after an n8n restart gets no further than Remove Duplicates', async () => {
		const id = `vgen_restart_${randomUUID().slice(0, 8)}`;
		const { body, headers } = signedBody(id);
		expect(await post(body, headers)).toBe(200);
		await settledExecutions();
		await h.restart();
		expect(
			await eventually(
				async () => await post(body, headers),
				(s) => s !== 404,
			),
		).toBe(200);
		await settledExecutions();
		const runs = (await startedDeliveries()).filter((s) => s.key === `${id}:completed`);
		expect(runs.map((run) => run.processed).sort()).toEqual([0, 1]);
	}, 300_000);

	it('deactivation unsubscribes', async () => {
		await h.rest.deactivateWorkflow(workflowId);
		expect(await eventually(subscriptionUrls, (urls) => !urls.includes(webhookUrl))).toEqual([]);
	}, 60_000);
});
