// Create → Poll until done in queue mode: one execution with 20 rows runs on the worker, every
// item finishes with its MP4, and the binary data (kept in the database, as queue mode needs) is
// readable afterwards through main.
import { creativeAiNode, rowsWorkflow } from '../../n8n/harness/workflows';
import { executionRecords } from '../harness/executionData';
import { waitForExecutions } from '../harness/executions';
import { postAll } from '../harness/postCopies';
import type { QueueCluster } from '../harness/queueCluster';
import { startSandboxBackend } from '../harness/sandboxBackend';
import { countWorkerStarts } from './smoke';

const ITEMS = 20;

export function createAndPollCases(cluster: () => QueueCluster): void {
	it(`creates and polls ${ITEMS} items on the worker: all finish, each MP4 readable afterwards`, async () => {
		const c = cluster();
		const backend = await startSandboxBackend(c, 'create and poll', { timeScale: 100 });
		try {
			const { sandbox } = backend;
			const { definition, path } = rowsWorkflow({
				name: 'Queue: create and poll 20 items',
				responseMode: 'onReceived',
				action: creativeAiNode(
					{ id: backend.credentialId, name: backend.credentialName },
					{
						resource: 'video',
						operation: 'create',
						prompt: '={{ $json.prompt }}',
						model: 'auto',
						waitMode: 'poll',
						maxWaitMinutes: 10,
						downloadOutput: true,
						binaryPropertyName: 'video',
						options: { pollIntervalSeconds: 1, concurrency: ITEMS },
					},
				),
			});
			const workflowId = await c.activateWorkflow(definition);
			const startsBefore = countWorkerStarts(c.workerLog());
			const rows = Array.from({ length: ITEMS }, (_, i) => ({
				prompt: `Product ${i} on a turntable`,
			}));
			expect(await postAll(`${c.webhookBaseUrl}webhook/${path}`, [{ rows }])).toEqual([200]);

			const counts = await waitForExecutions(c.postgres, workflowId, 1, 600_000);
			expect(counts).toEqual({ total: 1, byStatus: { success: 1 } });
			expect(countWorkerStarts(c.workerLog()) - startsBefore).toBe(1);
			const [record] = await executionRecords(c.install, c.postgres, workflowId);
			const items = record.items('CreativeAI');
			expect(items.map((item) => item.json.prompt)).toEqual(rows.map((row) => row.prompt));
			expect(items.map((item) => item.json.status)).toEqual(Array(ITEMS).fill('completed'));
			expect(new Set(items.map((item) => item.json.id))).toEqual(
				new Set(sandbox.jobs().map((job) => job.id)),
			);
			for (const item of items) {
				const binary = item.binary?.video;
				expect(binary?.mimeType).toBe('video/mp4');
				expect(binary?.id).toMatch(/^database:/);
				const bytes = await c.rest.binaryData(String(binary?.id));
				expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
			}
			await c.deactivateWorkflow(workflowId);
		} finally {
			await backend.close();
		}
	});
}
