// The infrastructure itself, with n8n's own Webhook node only: a production webhook called
// through the balancer lands on both webhook processors, runs on the worker (not on main), and
// every call is one execution in Postgres.
import { waitForExecutions } from '../harness/executions';
import type { QueueCluster } from '../harness/queueCluster';
import { chain, webhookNode } from '../harness/workflows';

const CALLS = 20;
const PATH = 'queue-smoke';

const smokeWorkflow = chain('Queue smoke: Webhook → No Op', [
	webhookNode(PATH),
	{ name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
]);

export function smokeCases(cluster: () => QueueCluster): void {
	it(`a Webhook-node workflow called ${CALLS} times through the balancer runs ${CALLS} times on the worker, received by both webhook processors`, async () => {
		const { haproxy, postgres, webhookBaseUrl, webhookProcessors } = cluster();
		const workflowId = await cluster().activateWorkflow(smokeWorkflow);
		const before = await haproxy.webhookStats();
		const workerStartsBefore = countWorkerStarts(cluster().workerLog());

		const statuses = await Promise.all(
			Array.from({ length: CALLS }, async (_, i) => {
				const response = await fetch(`${webhookBaseUrl}webhook/${PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ call: i }),
				});
				await response.arrayBuffer();
				return response.status;
			}),
		);
		expect(statuses).toEqual(Array(CALLS).fill(200));

		const counts = await waitForExecutions(postgres, workflowId, CALLS, 120_000);
		expect(counts).toEqual({ total: CALLS, byStatus: { success: CALLS } });

		const after = await haproxy.webhookStats();
		const received = webhookProcessors.map(
			(name) => after[name].requests - (before[name]?.requests ?? 0),
		);
		expect(received.reduce((a, b) => a + b, 0)).toBe(CALLS);
		for (const share of received) expect(share).toBeGreaterThan(0);
		expect(countWorkerStarts(cluster().workerLog()) - workerStartsBefore).toBe(CALLS);
		await cluster().deactivateWorkflow(workflowId);
	});
}

/** The worker logs one line per execution it picks up from the queue. */
export function countWorkerStarts(log: string): number {
	return log.match(/Worker started execution/g)?.length ?? 0;
}
