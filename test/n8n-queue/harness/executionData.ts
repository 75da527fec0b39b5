// What each execution of a workflow did, node by node, read from Postgres (execution_data holds
// n8n's run data serialised with `flatted`; n8n's own copy of that package parses it).
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { N8nInstall } from '../../n8n/harness/install';
import type { Postgres } from './postgres';

export interface StoredBinary {
	id?: string;
	mimeType?: string;
	fileName?: string;
}

export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, StoredBinary>;
}

interface NodeRun {
	data?: { main?: Array<RunItem[] | null> };
	error?: { message?: string };
}

export interface ExecutionRecord {
	id: string;
	status: string;
	mode: string;
	/** The JSON of the items a node put out on its first output (last run of that node). */
	output(nodeName: string): Array<Record<string, unknown>>;
	/** The same items with their binary references. */
	items(nodeName: string): RunItem[];
	/** Whether the node ran at all in this execution. */
	ran(nodeName: string): boolean;
}

export async function executionRecords(
	install: N8nInstall,
	postgres: Postgres,
	workflowId: string,
): Promise<ExecutionRecord[]> {
	const flatted = createRequire(join(install.dir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	) as { parse(text: string): unknown };
	const rows = await postgres.query(
		`select e.id, e.status, e.mode, d.data from execution_entity e
		 left join execution_data d on d."executionId" = e.id
		 where e."workflowId" = '${workflowId}' order by e.id`,
	);
	return rows.map(([id, status, mode, data]) => {
		const parsed = (data ? flatted.parse(data) : {}) as {
			resultData?: { runData?: Record<string, NodeRun[]> };
		};
		const runData = parsed.resultData?.runData ?? {};
		const items = (nodeName: string): RunItem[] => {
			const runs = runData[nodeName] ?? [];
			return runs[runs.length - 1]?.data?.main?.[0] ?? [];
		};
		return {
			id,
			status,
			mode,
			ran: (nodeName) => (runData[nodeName]?.length ?? 0) > 0,
			output: (nodeName) => items(nodeName).map((item) => item.json),
			items,
		};
	});
}
