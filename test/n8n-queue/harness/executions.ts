// What n8n's database says about executions: the ground truth for "ran once", read straight
// from Postgres (execution_entity), not from any process's memory.
import type { Postgres } from './postgres';
import { waitUntil } from './waitUntil';

/** Statuses of an execution that has not ended (yet). */
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

export interface ExecutionCounts {
	total: number;
	byStatus: Record<string, number>;
}

export async function executionCounts(
	postgres: Postgres,
	workflowId: string,
): Promise<ExecutionCounts> {
	const rows = await postgres.query(
		`select status, count(*) from execution_entity where "workflowId" = '${workflowId}' group by status`,
	);
	const byStatus = Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
	const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
	return { total, byStatus };
}

/** Waits until at least `count` executions of the workflow exist and none is still running. */
export async function waitForExecutions(
	postgres: Postgres,
	workflowId: string,
	count: number,
	timeoutMs: number,
): Promise<ExecutionCounts> {
	let last: ExecutionCounts = { total: 0, byStatus: {} };
	try {
		await waitUntil(
			`${count} finished executions of workflow ${workflowId}`,
			async () => {
				last = await executionCounts(postgres, workflowId);
				const open = UNFINISHED.reduce((sum, status) => sum + (last.byStatus[status] ?? 0), 0);
				return last.total >= count && open === 0;
			},
			timeoutMs,
		);
	} catch (error) {
		throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last.byStatus)}`);
	}
	return last;
}

/**
 * Waits until the workflow's executions have stopped changing: none running and the same counts
 * for `quietMs` (for cases where how many start is what is being measured). A row left `new`
 * (a webhook processor created it, then failed to enqueue it) never changes again, so it does not
 * hold this up; the caller reports it.
 */
export async function waitForQuiet(
	postgres: Postgres,
	workflowId: string,
	quietMs: number,
	timeoutMs: number,
): Promise<ExecutionCounts> {
	let last: ExecutionCounts = { total: -1, byStatus: {} };
	let stableSince = Date.now();
	await waitUntil(
		`executions of workflow ${workflowId} to settle`,
		async () => {
			const now = await executionCounts(postgres, workflowId);
			const changed = JSON.stringify(now.byStatus) !== JSON.stringify(last.byStatus);
			if (changed || (now.byStatus.running ?? 0) > 0) stableSince = Date.now();
			last = now;
			return Date.now() - stableSince >= quietMs;
		},
		timeoutMs,
	);
	return last;
}
