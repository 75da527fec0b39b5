// What the main job shows while it runs: a line per batch event and per phase change (the seeds'
// "Queued, Preparing, Rendering, Encoding, Finishing" with progress), failovers as they happen,
// and the one-line live status drawn on a terminal. Pure formatting: callers decide where lines go.
import type { BatchEvent } from '../cli/batchRun';
import { issuesText } from '../cli/batchRun';
import { phaseLabel } from '../cli/format';
import type { ReceiverStats } from '../cli/receiverServer';
import type { BoardEntry } from './statusBoard';

/** The line for a batch event worth showing, if any. */
export function batchEventLine(event: BatchEvent): string | undefined {
	const row = event.rowKey ?? `line ${event.line}`;
	switch (event.type) {
		case 'submitted':
			return `${row}: submitted ${event.generation.id}${event.replayed ? ' (answer was lost; resent with the same Idempotency-Key: same job, charged once)' : ''}`;
		case 'invalid':
			return `${row}: line ${event.line} invalid, not submitted: ${issuesText(event.issues)}`;
		case 'error':
			return `${row}: could not be submitted: ${event.error instanceof Error ? event.error.message : String(event.error)}`;
		default:
			return undefined;
	}
}

/** Lines for a job the status board saw change: a failover, then its new phase. */
export function boardChangeLines(
	row: string,
	now: BoardEntry,
	before: BoardEntry | undefined,
): string[] {
	const lines: string[] = [];
	if (before !== undefined && before.modelActual !== now.modelActual && now.failoverUsed) {
		lines.push(
			`${row}: provider ${before.modelActual} hit capacity; failed over to ${now.modelActual}`,
		);
	}
	if (before === undefined || before.status !== now.status || before.phase !== now.phase) {
		const progress =
			now.progress !== null && now.status === 'processing' ? ` ${now.progress}%` : '';
		lines.push(`${row}: ${phaseLabel(now.status, now.phase)}${progress}`);
	}
	return lines;
}

/** `jobs 10: 6 rendering, 2 encoding, 2 completed | deliveries 2 verified, 1 duplicates`. */
export function statusText(
	jobs: number,
	phases: Map<string, number>,
	stats: Readonly<ReceiverStats> | undefined,
): string {
	const byPhase = [...phases].map(([label, n]) => `${n} ${label.toLowerCase()}`).join(', ');
	return `jobs ${jobs}: ${byPhase || 'submitting'} | deliveries ${stats?.accepted ?? 0} verified, ${stats?.duplicates ?? 0} duplicates`;
}
