// The CreativeAI Trigger in queue mode: 200 jobs completing and failing, their deliveries spread
// round-robin over two webhook processors, some answered 500 by the balancer after n8n took them
// (so the sandbox retries onto the other processor, which the in-process claim cannot see), and
// some sent twice by the sandbox on purpose. What must hold: every event that reached n8n gets
// past the database step exactly once. What is measured: how many copies each layer stopped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signWebhook } from '../../../src/core';
import { CreativeAiClient } from '../../../src/runtime/client';
import { executionRecords } from '../harness/executionData';
import { waitForQuiet } from '../harness/executions';
import { postgresCredential } from '../harness/postgresClaim';
import { countBy, percentiles } from '../harness/counting';
import type { QueueCluster } from '../harness/queueCluster';
import { startSandboxBackend, type SandboxBackend } from '../harness/sandboxBackend';
import type { WorkflowDefinition } from '../../n8n/harness/restClient';
import { postgresClaimNode, type NodeSpec } from '../harness/workflows';

const JOBS = 200;
const COPIES = 20;
/** The trigger's webhook id in examples/n8n/trigger-download-remove-duplicates.json. */
const EXAMPLE_WEBHOOK_ID = '9a0c6f0e-5b1e-4c39-9d0c-1f2a3b4c5d03';
const VOICE_JOBS = 50;
const VIDEO_MODELS = ['kling-v3', 'seedance-1.5-pro', 'kling-o3-pro'] as const;
/** 3-minute renders take 6 s (the gaps between delivery attempts stay the real 5 s and 30 s). */
const TIME_SCALE = 30;
/** How long the balancer answers 500 to webhooks once the first delivery has arrived. */
const FAILING_WINDOW_MS = 2_000;
const EXAMPLE = join(
	__dirname,
	'..',
	'..',
	'..',
	'examples',
	'n8n',
	'trigger-download-remove-duplicates.json',
);
/** Jobs are created in steps, so their ends (and deliveries) spread over about 10 s. */
const CREATE_STEP = 10;
const CREATE_STEP_GAP_MS = 500;
const KEY = '={{ $json.deliveryKey }}';

export interface TriggerFigures {
	jobs: number;
	events: number;
	attemptsSent: number;
	retries: number;
	sandboxDuplicates: number;
	reachedN8n: number;
	perProcessor: Record<string, number>;
	answersFromN8n: Record<string, number>;
	answered500ByBalancer: number;
	answersSeenBySandbox: Record<string, number>;
	/** How long webhook processors took to answer a delivery (HAProxy's %Tr), in ms. */
	answerMs: { p50: number; p95: number; max: number };
	executionsStarted: number;
	stoppedByTriggerClaim: number;
	passedRemoveDuplicates: number;
	stoppedByRemoveDuplicates: number;
	passedPostgresClaim: number;
	stoppedByPostgresClaim: number;
	executionErrors: number;
	executionsNeverQueued: number;
	keysPastRemoveDuplicatesMoreThanOnce: number;
}

export const triggerFigures: Partial<TriggerFigures> = {};

export interface BurstFigures {
	copies: number;
	perProcessor: Record<string, number>;
	executionsStarted: number;
	passedRemoveDuplicates: number;
	passedPostgresClaim: number;
}

export const burstFigures: { roundRobin?: BurstFigures; byDelivery?: BurstFigures } = {};

/** The 200-job case leaves its workflow active for the burst case. */
let active: { backend: SandboxBackend; workflowId: string } | undefined;

/**
 * The shipped example (CreativeAI Trigger with Download Output → Remove Duplicates → your step),
 * with an atomic Postgres claim after its last step, to count what got past each layer.
 */
function exampleWithClaim(backend: SandboxBackend, claim: NodeSpec): WorkflowDefinition {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowDefinition;
	const nodes = example.nodes.map((node) =>
		node.credentials?.creativeAiApi
			? {
					...node,
					credentials: {
						creativeAiApi: { id: backend.credentialId, name: backend.credentialName },
					},
				}
			: node,
	);
	const last = nodes[nodes.length - 1];
	return {
		...example,
		nodes: [...nodes, { id: 'claim', position: [last.position[0] + 240, 0], ...claim }],
		connections: {
			...example.connections,
			[last.name]: { main: [[{ node: claim.name, type: 'main', index: 0 }]] },
		},
	};
}

export function triggerAtScaleCases(cluster: () => QueueCluster): void {
	afterAll(async () => {
		await active?.backend.close();
		active = undefined;
	});

	it(`${JOBS} jobs: every delivered event gets past the database step exactly once, over both webhook processors`, async () => {
		const c = cluster();
		const backend = await startSandboxBackend(c, 'trigger at scale', {
			timeScale: TIME_SCALE,
			realRetryGaps: true,
			faults: { providerSubmitErrorRate: 0.25, webhookDuplicateRate: 0.15 },
		});
		try {
			const { sandbox } = backend;
			const workflowId = await c.activateWorkflow(
				exampleWithClaim(backend, postgresClaimNode(KEY, await postgresCredential(c))),
			);
			active = { backend, workflowId };
			await backend.subscribed(1);

			const answersBefore = c.haproxy.answers().length;
			const client = new CreativeAiClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url });
			const jobs = [];
			for (let first = 0; first < JOBS; first += CREATE_STEP) {
				const step = Array.from({ length: CREATE_STEP }, (_, k) => {
					const i = first + k;
					return i % (JOBS / VOICE_JOBS) === 0
						? client.createVoice({ text: `Line ${i} of the queue-mode run.` })
						: client.createVideo({
								model: VIDEO_MODELS[i % VIDEO_MODELS.length],
								prompt: `Queue-mode clip ${i}`,
								failover: false,
							});
				});
				jobs.push(...(await Promise.all(step)));
				await new Promise((resolve) => setTimeout(resolve, CREATE_STEP_GAP_MS));
			}
			expect(new Set(jobs.map((j) => j.id)).size).toBe(JOBS);

			// A stretch of 500s from the balancer once deliveries start: n8n has already taken them.
			await waitFor(() => sandbox.deliveries().length > 0, 60_000);
			await c.haproxy.setWebhookAnswersFail(true);
			await new Promise((resolve) => setTimeout(resolve, FAILING_WINDOW_MS));
			await c.haproxy.setWebhookAnswersFail(false);
			await sandbox.settled();
			await waitForQuiet(c.postgres, workflowId, 5_000, 300_000);

			const deliveries = sandbox.deliveries().filter((d) => d.source === 'subscription');
			const eventKeys = new Set(deliveries.map((d) => `${d.generation_id}:${d.status}`));
			const answers = c.haproxy
				.answers()
				.slice(answersBefore)
				.filter((a) => c.webhookProcessors.includes(a.server));
			const perProcessor = countBy(answers.map((a) => a.server));
			const acceptedByN8n = answers.filter((a) => a.upstreamStatus === 200).length;
			const records = await executionRecords(c.install, c.postgres, workflowId);
			const pastRemoveDuplicates = records.flatMap((r) =>
				r.output('Remove Duplicates').map((item) => String(item.deliveryKey)),
			);
			const pastClaim = records.flatMap((r) => claimedKeys(r.output('Claim In Postgres')));
			const figures: TriggerFigures = {
				jobs: JOBS,
				events: eventKeys.size,
				attemptsSent: deliveries.length,
				retries: deliveries.filter((d) => d.attempt > 1 && !d.duplicate).length,
				sandboxDuplicates: deliveries.filter((d) => d.duplicate).length,
				reachedN8n: answers.length,
				perProcessor,
				answersFromN8n: countBy(answers.map((a) => String(a.upstreamStatus))),
				answered500ByBalancer: answers.filter(
					(a) => a.upstreamStatus === 200 && a.sentStatus === 500,
				).length,
				answerMs: percentiles(answers.map((a) => a.responseMs)),
				answersSeenBySandbox: countBy(deliveries.map((d) => String(d.http_status ?? d.error_kind))),
				executionsStarted: records.length,
				stoppedByTriggerClaim: acceptedByN8n - records.length,
				passedRemoveDuplicates: pastRemoveDuplicates.length,
				stoppedByRemoveDuplicates: records.length - pastRemoveDuplicates.length,
				passedPostgresClaim: pastClaim.length,
				stoppedByPostgresClaim: pastRemoveDuplicates.length - pastClaim.length,
				executionErrors: records.filter((r) => r.status === 'error').length,
				executionsNeverQueued: records.filter((r) => r.status === 'new').length,
				keysPastRemoveDuplicatesMoreThanOnce:
					pastRemoveDuplicates.length - new Set(pastRemoveDuplicates).size,
			};
			Object.assign(triggerFigures, figures);
			console.log(`Trigger at scale: ${JSON.stringify(figures, null, 1)}`);

			expect(figures.events).toBe(JOBS);
			for (const share of Object.values(perProcessor)) expect(share).toBeGreaterThan(0);
			expect(figures.executionErrors).toBe(0);
			expect(figures.executionsNeverQueued).toBe(0);
			// Every event got past the database step, and exactly once.
			expect([...pastClaim].sort()).toEqual([...eventKeys].sort());
			// Remove Duplicates let every event through at least once.
			expect(new Set(pastRemoveDuplicates)).toEqual(eventKeys);
		} finally {
			// The burst case below goes on with this workflow and closes the sandbox.
			if (active === undefined) await backend.close();
		}
	});

	it(`${COPIES} copies of one signed delivery at the same moment through the balancer: one gets past the database step`, async () => {
		const c = cluster();
		if (active === undefined) throw new Error('the 200-job case did not leave the workflow active');
		const { backend, workflowId } = active;
		try {
			const burst = async (baseUrl: string, generationId: string): Promise<BurstFigures> => {
				const before = new Set(
					(await executionRecords(c.install, c.postgres, workflowId)).map((r) => r.id),
				);
				const answersBefore = c.haproxy.answers().length;
				const body = JSON.stringify({
					id: generationId,
					object: 'video.generation',
					status: 'failed',
					model: 'kling-v3',
					output_url: null,
					error_message: 'Provider kling-v3 answered HTTP 503 at submission and failover is off.',
					credits: 0,
					completed_at: new Date().toISOString(),
				});
				const headers = {
					'content-type': 'application/json',
					'x-creativeai-delivery-id': generationId,
					...signWebhook({ scheme: 'creativeai', secret: backend.sandbox.apiKey, body }),
				};
				// The query only marks these requests in the balancer's log (late deliveries of the
				// 200-job case may still be arriving).
				const url = `${baseUrl}/webhook/${EXAMPLE_WEBHOOK_ID}/webhook?burst=${generationId}`;
				const statuses = await Promise.all(
					Array.from({ length: COPIES }, async () => {
						const response = await fetch(url, { method: 'POST', headers, body });
						await response.arrayBuffer();
						return response.status;
					}),
				);
				expect(statuses).toEqual(Array(COPIES).fill(200));
				await waitForQuiet(c.postgres, workflowId, 5_000, 180_000);
				const records = (await executionRecords(c.install, c.postgres, workflowId)).filter(
					(r) =>
						!before.has(r.id) &&
						r.output('CreativeAI Trigger').some((item) => item.generationId === generationId),
				);
				const answers = c.haproxy
					.answers()
					.slice(answersBefore)
					.filter((a) => a.path.includes(generationId));
				return {
					copies: COPIES,
					perProcessor: countBy(answers.map((a) => a.server)),
					executionsStarted: records.length,
					passedRemoveDuplicates: records.filter((r) => r.output('Remove Duplicates').length > 0)
						.length,
					passedPostgresClaim: records.filter(
						(r) => claimedKeys(r.output('Claim In Postgres')).length > 0,
					).length,
				};
			};

			const roundRobin = await burst(c.haproxy.url, 'vgen_burst0000000000000001');
			const byDelivery = await burst(c.haproxy.byDeliveryUrl, 'vgen_burst0000000000000002');
			Object.assign(burstFigures, { roundRobin, byDelivery });
			console.log(`Burst through the balancer: ${JSON.stringify(burstFigures)}`);
			// Round-robin: the claim in each webhook processor lets at most one copy through each.
			expect(roundRobin.executionsStarted).toBeGreaterThanOrEqual(1);
			expect(roundRobin.executionsStarted).toBeLessThanOrEqual(c.webhookProcessors.length);
			expect(roundRobin.passedPostgresClaim).toBe(1);
			expect(roundRobin.passedRemoveDuplicates).toBeGreaterThanOrEqual(1);
			// Balanced by delivery id: every copy reaches one process, whose claim starts one execution.
			expect(Object.keys(byDelivery.perProcessor)).toHaveLength(1);
			expect(byDelivery.executionsStarted).toBe(1);
			expect(byDelivery.passedRemoveDuplicates).toBe(1);
			expect(byDelivery.passedPostgresClaim).toBe(1);
			await c.deactivateWorkflow(workflowId);
		} finally {
			active = undefined;
			await backend.close();
		}
	});
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Keys the claim returned (a claim that found its key taken returns n8n's `{ success: true }`). */
function claimedKeys(items: Array<Record<string, unknown>>): string[] {
	return items.flatMap((item) =>
		typeof item.delivery_key === 'string' ? [item.delivery_key] : [],
	);
}
