// The main job's summary, and the check that makes "every job accounted for exactly once" true
// rather than hoped for: the books kept while running (accounting.ts) are compared with the
// sandbox's own records: one job per valid row (no row paid for twice), one debit per job, the
// same final status, a saved file per completed job, the forged delivery refused.
// Rule: any disagreement is a problem listed in the summary, and a summary with problems is not
// "accounted".
import type { BatchSummary } from '../cli/batchRun';
import type { ReceiverServer } from '../cli/receiverServer';
import type { Sandbox } from '../sandbox';
import type { JobAccounting } from './accounting';
import type { DemoSummary } from './summary';

export interface SummaryInput {
	accounting: JobAccounting;
	sandbox: Sandbox | undefined;
	receiver: ReceiverServer | undefined;
	batch: BatchSummary | undefined;
	filesSaved: number;
	forgedStatus: number | undefined;
	problems: string[];
	deadline: AbortSignal;
	elapsedMs: number;
	outDir: string;
	journalPath: string;
}

/** Fills the summary and checks the books against the sandbox's own records. */
export function buildSummary(input: SummaryInput): DemoSummary {
	const { accounting, sandbox, receiver, batch } = input;
	const problems = [...accounting.problems, ...input.problems];
	if (input.deadline.aborted) problems.push('the deadline passed before the run finished');
	const ledger = sandbox?.ledger() ?? [];
	const debitsOf = new Map<string, number>();
	let creditsDebited = 0;
	let creditsRefunded = 0;
	for (const entry of ledger) {
		if (entry.kind === 'debit') {
			creditsDebited -= entry.amount;
			if (entry.generation_id !== null) {
				debitsOf.set(entry.generation_id, (debitsOf.get(entry.generation_id) ?? 0) + 1);
			}
		} else if (entry.kind === 'refund' || entry.kind === 'failover_adjustment') {
			creditsRefunded += entry.amount;
		}
	}

	if (batch !== undefined) {
		const validRows = batch.rows - batch.invalid;
		if (accounting.size !== validRows) {
			problems.push(`${validRows} valid rows but ${accounting.size} jobs were recorded`);
		}
	}
	const sandboxJobs = sandbox?.jobs() ?? [];
	if (sandbox !== undefined && sandboxJobs.length !== accounting.size) {
		problems.push(
			`the service holds ${sandboxJobs.length} jobs for ${accounting.size} rows: a row was paid for twice`,
		);
	}
	const truth = new Map(sandboxJobs.map((job) => [job.id, job.status]));
	for (const [id, entry] of accounting.entries()) {
		if (entry.end === undefined) {
			problems.push(`${entry.rowKey}: the end of ${id} was never recorded`);
		} else if (truth.get(id) !== entry.end.status) {
			problems.push(
				`${entry.rowKey}: recorded ${entry.end.status} but the service says ${truth.get(id)}`,
			);
		}
		const debits = debitsOf.get(id) ?? 0;
		if (debits !== 1) problems.push(`${entry.rowKey}: ${id} was debited ${debits} times`);
	}
	const completed = accounting.count((entry) => entry.end?.status === 'completed');
	if (input.filesSaved !== completed && !input.deadline.aborted) {
		problems.push(`${completed} jobs completed but ${input.filesSaved} files were saved`);
	}
	if (input.forgedStatus !== undefined && input.forgedStatus !== 401) {
		problems.push(`the forged delivery was answered ${input.forgedStatus}, not 401`);
	}

	return {
		rows: batch?.rows ?? 0,
		invalidRows: batch?.invalid ?? 0,
		submitted: accounting.size,
		completed,
		failed: accounting.count((entry) => entry.end?.status === 'failed'),
		failedOver: accounting.count((entry) => entry.end?.failoverUsed === true),
		replayedCreates: batch?.replayed ?? 0,
		deliveriesVerified: receiver?.stats.accepted ?? 0,
		duplicatesSuppressed: receiver?.stats.duplicates ?? 0,
		lateDeliveries: accounting.lateReports,
		forgedRejected: receiver?.stats.forged ?? 0,
		reconciledByPolling: accounting.count((entry) => entry.end?.source === 'poll'),
		filesSaved: input.filesSaved,
		creditsDebited,
		creditsRefunded,
		creditsNet: creditsDebited - creditsRefunded,
		accountedExactlyOnce: problems.length === 0,
		problems,
		elapsedMs: input.elapsedMs,
		outDir: input.outDir,
		journalPath: input.journalPath,
	};
}
