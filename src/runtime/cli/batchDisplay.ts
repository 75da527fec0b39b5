// What a person sees while a batch runs: on a terminal, one live status line with the counts and
// a line above it for each row that needs attention; elsewhere, one plain log line per row
// event. Invalid rows and refused submissions are always printed, with their line and field.
import type { GenerationPhase } from '../../core/contract';
import { CreativeAiError, ValidationError } from '../../core/errors';
import type { BatchEvent, BatchSummary } from './batchRun';
import { issuesText } from './batchRun';
import { phaseLabel } from './format';
import type { CliStream } from './io';
import { StatusLine } from './statusLine';

export interface BatchDisplay {
	onEvent(event: BatchEvent): void;
	done(summary: BatchSummary): void;
}

export function createBatchDisplay(stderr: CliStream, startedAtMs: number): BatchDisplay {
	const status = new StatusLine(stderr);
	const counts = {
		read: 0,
		skipped: 0,
		invalid: 0,
		submitted: 0,
		completed: 0,
		failed: 0,
		errors: 0,
	};
	const phases = new Map<string, GenerationPhase | 'pending'>();

	const where = (event: BatchEvent) =>
		`line ${event.line}${event.rowKey === null ? '' : ` (${event.rowKey})`}`;
	const render = () => {
		const running = [...countBy(phases.values())]
			.map(
				([phase, n]) =>
					`${n} ${phase === 'pending' ? 'queued' : phaseLabel('processing', phase).toLowerCase()}`,
			)
			.join(', ');
		const elapsed = Math.round((Date.now() - startedAtMs) / 1000);
		status.update(
			`batch ${elapsed}s | rows ${counts.read} | submitted ${counts.submitted} | completed ${counts.completed} | failed ${counts.failed} | invalid ${counts.invalid} | errors ${counts.errors}${running === '' ? '' : ` | ${running}`}`,
		);
	};
	// Without a live line, every row event is its own log line.
	const note = (line: string) => {
		if (!status.live) status.log(line);
	};

	return {
		onEvent(event) {
			switch (event.type) {
				case 'skipped':
					counts.read++;
					counts.skipped++;
					note(`${where(event)}: already ${event.state.status} in the journal, skipped`);
					break;
				case 'invalid':
					counts.read++;
					counts.invalid++;
					status.log(`${where(event)}: invalid row, not submitted: ${issuesText(event.issues)}`);
					break;
				case 'submitted':
					counts.read++;
					counts.submitted++;
					phases.set(event.generation.id, event.generation.phase ?? 'pending');
					note(
						`${where(event)}: submitted ${event.generation.id}${event.replayed ? ' (the service returned the job it already had for this row: not charged again)' : ''}`,
					);
					break;
				case 'resumed':
					counts.read++;
					phases.set(event.generationId, 'pending');
					note(`${where(event)}: waiting for ${event.generationId}, submitted by an earlier run`);
					break;
				case 'progress':
					phases.set(event.progress.id, event.progress.phase ?? 'pending');
					break;
				case 'finished':
					phases.delete(event.generationId);
					counts[event.status]++;
					if (event.status === 'failed')
						status.log(`${where(event)}: ${event.generationId} failed`);
					else note(`${where(event)}: ${event.generationId} completed`);
					break;
				case 'wait_timeout':
					phases.delete(event.generationId);
					status.log(
						`${where(event)}: ${event.generationId} still running; the next run waits for it`,
					);
					break;
				case 'error':
					if (event.generationId === null) counts.read++;
					else phases.delete(event.generationId);
					counts.errors++;
					status.log(`${where(event)}: ${errorText(event.error)}`);
					break;
			}
			render();
		},
		done(summary) {
			render();
			status.done();
			status.log(summaryText(summary));
		},
	};
}

export function summaryText(summary: BatchSummary): string {
	const parts = [
		`${summary.rows} rows`,
		`${summary.submitted} submitted${summary.replayed > 0 ? ` (${summary.replayed} already known to the service, not charged again)` : ''}`,
	];
	if (summary.resumed > 0) parts.push(`${summary.resumed} resumed from the journal`);
	if (summary.completed + summary.failed > 0) {
		parts.push(`${summary.completed} completed`, `${summary.failed} failed`);
	}
	if (summary.skipped > 0) parts.push(`${summary.skipped} skipped (already in the journal)`);
	if (summary.invalid > 0) parts.push(`${summary.invalid} invalid`);
	if (summary.errors > 0) parts.push(`${summary.errors} errors (run again to retry them)`);
	if (summary.waitTimedOut > 0) parts.push(`${summary.waitTimedOut} still running`);
	return `batch ${summary.aborted ? 'stopped' : 'done'}: ${parts.join(', ')}`;
}

function errorText(error: unknown): string {
	if (error instanceof ValidationError) return `refused: ${issuesText(error.fields)}`;
	if (error instanceof CreativeAiError) return `${error.code}: ${error.message}`;
	return error instanceof Error ? error.message : String(error);
}

function countBy<T>(values: Iterable<T>): Map<T, number> {
	const counts = new Map<T, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}
