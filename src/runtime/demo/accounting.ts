// The main job's books: which row got which job, and how each job's end became known (its webhook
// or the polling fallback). The first report of a job's end counts; any later one (a webhook that
// arrives after polling found the job done) is noted as late and counted nowhere else.
// Rule: a job is "accounted for" exactly when it has one row and one recorded end; everything
// the summary says about jobs is read from here, never counted twice along the way.
import type { TerminalStatus } from '../../core/contract';

export type EndSource = 'webhook' | 'poll';

export interface JobEnd {
	status: TerminalStatus;
	source: EndSource;
	failoverUsed: boolean;
	outputUrl: string | null;
}

export interface JobEntry {
	rowKey: string;
	kind: 'video' | 'voice';
	end?: JobEnd;
}

export class JobAccounting {
	readonly #jobs = new Map<string, JobEntry>();
	readonly #rowOf = new Map<string, string>();
	/** Problems found while recording: the same job for two rows, an end for an unknown job. */
	readonly problems: string[] = [];
	/** Ends reported again after the first (late webhooks of jobs polling already settled). */
	lateReports = 0;

	/** Records that `rowKey` got job `generationId`. */
	submitted(rowKey: string, generationId: string, kind: 'video' | 'voice'): void {
		const earlierRow = this.#rowOf.get(generationId);
		if (earlierRow !== undefined && earlierRow !== rowKey) {
			this.problems.push(`job ${generationId} was given to rows ${earlierRow} and ${rowKey}`);
			return;
		}
		this.#rowOf.set(generationId, rowKey);
		if (!this.#jobs.has(generationId)) this.#jobs.set(generationId, { rowKey, kind });
	}

	/** Records a job's end; false when it was already known (the report is then only counted as late). */
	ended(generationId: string, end: JobEnd): boolean {
		const entry = this.#jobs.get(generationId);
		if (entry === undefined) {
			this.problems.push(`an end was reported for ${generationId}, which no row submitted`);
			return false;
		}
		if (entry.end !== undefined) {
			this.lateReports++;
			return false;
		}
		entry.end = end;
		return true;
	}

	has(generationId: string): boolean {
		return this.#jobs.has(generationId);
	}

	isSettled(generationId: string): boolean {
		return this.#jobs.get(generationId)?.end !== undefined;
	}

	entry(generationId: string): JobEntry | undefined {
		return this.#jobs.get(generationId);
	}

	/** Jobs whose end is not known yet. */
	unsettled(): string[] {
		return [...this.#jobs].filter(([, entry]) => entry.end === undefined).map(([id]) => id);
	}

	entries(): [string, JobEntry][] {
		return [...this.#jobs];
	}

	get size(): number {
		return this.#jobs.size;
	}

	count(predicate: (entry: JobEntry) => boolean): number {
		let n = 0;
		for (const entry of this.#jobs.values()) if (predicate(entry)) n++;
		return n;
	}
}
