// How n8n's own de-duplication behaves when executions of one workflow run at the same time on a
// worker (what queue mode does), with n8n's nodes only: copies of one event reach several webhook
// processors, so more than one execution may start, and the database step after the trigger is
// the last line. n8n 2.41.1's Remove Duplicates keeps every seen value of a workflow in ONE row
// (read, append, write back, no lock), so concurrent executions can both pass, and can overwrite
// each other's records. A Postgres INSERT ... ON CONFLICT DO NOTHING claim is atomic per key.
import { executionRecords } from '../harness/executionData';
import { waitForExecutions } from '../harness/executions';
import { postAll } from '../harness/postCopies';
import { postgresCredential } from '../harness/postgresClaim';
import type { QueueCluster } from '../harness/queueCluster';
import { chain, postgresClaimNode, removeDuplicatesNode, webhookNode } from '../harness/workflows';

const COPIES = 20;
const DISTINCT = 100;
const KEY = '={{ $json.body.key }}';

export interface RaceFigures {
	removeDuplicates: { copies: number; started: number; passed: number };
	removeDuplicatesDistinct: {
		keys: number;
		passedFirst: number;
		passedAgain: number;
		failed: number;
	};
	postgresClaim: { copies: number; started: number; passed: number };
}

export const raceFigures: Partial<RaceFigures> = {};

async function passedCount(
	cluster: QueueCluster,
	workflowId: string,
	node: string,
	passed: (item: Record<string, unknown>) => boolean,
): Promise<{ passed: number; failed: number; ids: string[] }> {
	const records = await executionRecords(cluster.install, cluster.postgres, workflowId);
	const passing = records.filter((r) => r.output(node).some(passed));
	return {
		passed: passing.length,
		failed: records.filter((r) => r.status === 'error').length,
		ids: passing.map((r) => r.id),
	};
}

export function removeDuplicatesRaceCases(cluster: () => QueueCluster): void {
	it(`${COPIES} copies of one event at once: how many executions get past Remove Duplicates`, async () => {
		const c = cluster();
		const workflowId = await c.activateWorkflow(
			chain('Race: Webhook → Remove Duplicates', [
				webhookNode('race-remove-duplicates'),
				removeDuplicatesNode(KEY),
			]),
		);
		const url = `${c.webhookBaseUrl}webhook/race-remove-duplicates`;
		const statuses = await postAll(url, Array(COPIES).fill({ key: 'race-event-1' }));
		expect(statuses).toEqual(Array(COPIES).fill(200));
		await waitForExecutions(c.postgres, workflowId, COPIES, 120_000);
		const { passed } = await passedCount(c, workflowId, 'Remove Duplicates', () => true);
		raceFigures.removeDuplicates = { copies: COPIES, started: COPIES, passed };
		console.log(`Remove Duplicates, ${COPIES} simultaneous copies: ${passed} passed`);
		expect(passed).toBeGreaterThanOrEqual(1);
		await c.deactivateWorkflow(workflowId);
	});

	it(`${DISTINCT} different events at once, then the same ${DISTINCT} again: records lost to concurrent writes`, async () => {
		const c = cluster();
		const workflowId = await c.activateWorkflow(
			chain('Race: Webhook → Remove Duplicates (distinct keys)', [
				webhookNode('race-remove-duplicates-distinct'),
				removeDuplicatesNode(KEY),
			]),
		);
		const url = `${c.webhookBaseUrl}webhook/race-remove-duplicates-distinct`;
		const bodies = Array.from({ length: DISTINCT }, (_, i) => ({ key: `event-${i}` }));
		expect(await postAll(url, bodies)).toEqual(Array(DISTINCT).fill(200));
		await waitForExecutions(c.postgres, workflowId, DISTINCT, 180_000);
		const first = await passedCount(c, workflowId, 'Remove Duplicates', () => true);
		expect(await postAll(url, bodies)).toEqual(Array(DISTINCT).fill(200));
		await waitForExecutions(c.postgres, workflowId, 2 * DISTINCT, 180_000);
		const both = await passedCount(c, workflowId, 'Remove Duplicates', () => true);
		raceFigures.removeDuplicatesDistinct = {
			keys: DISTINCT,
			passedFirst: first.passed,
			passedAgain: both.passed - first.passed,
			failed: both.failed,
		};
		console.log(
			`Remove Duplicates, ${DISTINCT} distinct keys twice: ${JSON.stringify(raceFigures.removeDuplicatesDistinct)}`,
		);
		expect(both.passed).toBeGreaterThanOrEqual(1);
		await c.deactivateWorkflow(workflowId);
	});

	it(`${COPIES} copies of one event at once: exactly one execution gets past a Postgres claim`, async () => {
		const c = cluster();
		const credentialId = await postgresCredential(c);
		const workflowId = await c.activateWorkflow(
			chain('Race: Webhook → Postgres claim', [
				webhookNode('race-postgres-claim'),
				postgresClaimNode(KEY, credentialId),
			]),
		);
		const url = `${c.webhookBaseUrl}webhook/race-postgres-claim`;
		expect(await postAll(url, Array(COPIES).fill({ key: 'race-event-1' }))).toEqual(
			Array(COPIES).fill(200),
		);
		const counts = await waitForExecutions(c.postgres, workflowId, COPIES, 120_000);
		expect(counts.byStatus).toEqual({ success: COPIES });
		const { passed } = await passedCount(
			c,
			workflowId,
			'Claim In Postgres',
			(item) => item.delivery_key === 'race-event-1',
		);
		raceFigures.postgresClaim = { copies: COPIES, started: COPIES, passed };
		expect(passed).toBe(1);
		await c.deactivateWorkflow(workflowId);
	});
}
