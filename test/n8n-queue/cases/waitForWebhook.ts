// Create → Wait for Webhook in queue mode: 20 executions wait at once (no worker slot held, no
// polling), the worker is SIGKILLed while they wait and started again, and the sandbox's callbacks
// (through the balancer, to either webhook processor) resume every one of them.
import { creativeAiNode, rowsWorkflow } from '../../n8n/harness/workflows';
import { executionRecords } from '../harness/executionData';
import { executionCounts, waitForExecutions } from '../harness/executions';
import { postAll } from '../harness/postCopies';
import { countBy } from '../harness/counting';
import type { QueueCluster } from '../harness/queueCluster';
import { startSandboxBackend } from '../harness/sandboxBackend';
import { waitUntil } from '../harness/waitUntil';

const WAITING = 20;
/** Callbacks leave this long after a job ends: time for all 20 to wait and the worker to restart. */
const CALLBACK_DELAY_MS = 120_000;

export interface WaitFigures {
	waitingAtOnce: number;
	finished: number;
	lost: number;
	resumedPerProcessor: Record<string, number>;
	getsForJobs: number;
	workerRestartSeconds: number;
}

export const waitFigures: Partial<WaitFigures> = {};

export function waitForWebhookCases(cluster: () => QueueCluster): void {
	it(`${WAITING} executions wait for the webhook at once; a worker SIGKILLed and restarted while they wait loses none`, async () => {
		const c = cluster();
		const backend = await startSandboxBackend(c, 'wait for webhook', {
			timeScale: 60,
			faults: { webhookDelayMs: CALLBACK_DELAY_MS },
		});
		try {
			const { sandbox, api } = backend;
			const { definition, path } = rowsWorkflow({
				name: 'Queue: create and wait for webhook',
				responseMode: 'onReceived',
				action: creativeAiNode(
					{ id: backend.credentialId, name: backend.credentialName },
					{
						resource: 'video',
						operation: 'create',
						prompt: '={{ $json.prompt }}',
						model: 'auto',
						waitMode: 'webhook',
						webhookWaitMinutes: 60,
					},
				),
			});
			const workflowId = await c.activateWorkflow(definition);
			const answersBefore = c.haproxy.answers().length;
			const rows = Array.from({ length: WAITING }, (_, i) => ({
				rows: [{ prompt: `Listing ${i}, golden hour` }],
			}));
			expect(await postAll(`${c.webhookBaseUrl}webhook/${path}`, rows)).toEqual(
				Array(WAITING).fill(200),
			);
			await waitUntil(
				`${WAITING} executions waiting`,
				async () => (await executionCounts(c.postgres, workflowId)).byStatus.waiting === WAITING,
				180_000,
			);
			expect(sandbox.jobs()).toHaveLength(WAITING);

			const restartStarted = Date.now();
			await c.killWorker();
			await c.startWorker();
			const workerRestartSeconds = Math.round((Date.now() - restartStarted) / 1000);
			// Every callback must still be ahead: the restart happened while all of them waited.
			expect(sandbox.deliveries()).toHaveLength(0);

			const counts = await waitForExecutions(c.postgres, workflowId, WAITING, 600_000);
			const records = await executionRecords(c.install, c.postgres, workflowId);
			const outputs = records.flatMap((r) => r.output('CreativeAI'));
			const jobIds = sandbox.jobs().map((job) => job.id);
			const resumes = c.haproxy
				.answers()
				.slice(answersBefore)
				.filter((a) => a.path.startsWith('/webhook-waiting/'));
			const figures: WaitFigures = {
				waitingAtOnce: WAITING,
				finished: counts.byStatus.success ?? 0,
				lost: WAITING - (counts.byStatus.success ?? 0),
				resumedPerProcessor: countBy(resumes.map((a) => a.server)),
				getsForJobs: api.requests.filter(
					(r) => r.method === 'GET' && jobIds.some((id) => r.path.includes(id)),
				).length,
				workerRestartSeconds,
			};
			Object.assign(waitFigures, figures);
			console.log(`Wait for webhook: ${JSON.stringify(figures)}`);

			expect(counts).toEqual({ total: WAITING, byStatus: { success: WAITING } });
			expect(outputs.map((o) => o.id).sort()).toEqual([...jobIds].sort());
			expect(outputs.every((o) => o.status === 'completed' || o.status === 'failed')).toBe(true);
			expect(figures.getsForJobs).toBe(0);
			for (const name of c.webhookProcessors) {
				expect(figures.resumedPerProcessor[name] ?? 0).toBeGreaterThan(0);
			}
			await c.deactivateWorkflow(workflowId);
		} finally {
			await backend.close();
		}
	});
}
