// The main job's live view of its jobs: one list call (GET /v1/video/generations, newest first)
// per tick instead of one GET per job, remembering each job's last phase and when it was first
// seen finished. It drives the progress display and tells the reconciler which finished jobs
// are overdue a delivery. It never decides a job's outcome: that is the webhook's or the
// polling fallback's to record (accounting.ts).
import type { CreativeAiClient } from '../../core/client';
import type { GenerationPhase, GenerationStatus, VideoGeneration } from '../../core/contract';

/** The contract's largest page: the demo's manifest fits in one. */
const PAGE_LIMIT = 100;

export interface BoardEntry {
	status: GenerationStatus;
	phase: GenerationPhase | null;
	progress: number | null;
	modelActual: string | null;
	failoverUsed: boolean;
	/** When this board first saw the job completed or failed (ms since the epoch). */
	finishedSeenAt?: number;
}

export type BoardChange = (id: string, now: BoardEntry, before: BoardEntry | undefined) => void;

export class StatusBoard {
	readonly #entries = new Map<string, BoardEntry>();

	constructor(
		private readonly client: CreativeAiClient,
		private readonly isTracked: (id: string) => boolean,
		private readonly onChange: BoardChange,
	) {}

	/** One list call; a failed call (after the client's retries) leaves the board as it was. */
	async refresh(signal?: AbortSignal): Promise<void> {
		let page: VideoGeneration[];
		try {
			page = (await this.client.listVideos({ limit: PAGE_LIMIT }, { signal })).data;
		} catch {
			return;
		}
		const now = this.client.ports.clock();
		for (const job of page) {
			if (!this.isTracked(job.id)) continue;
			const before = this.#entries.get(job.id);
			const finished = job.status === 'completed' || job.status === 'failed';
			const entry: BoardEntry = {
				status: job.status,
				phase: job.phase ?? null,
				progress: job.progress ?? null,
				modelActual: job.model_actual,
				failoverUsed: job.failover_used,
				finishedSeenAt: before?.finishedSeenAt ?? (finished ? now : undefined),
			};
			this.#entries.set(job.id, entry);
			if (
				before === undefined ||
				before.status !== entry.status ||
				before.phase !== entry.phase ||
				before.modelActual !== entry.modelActual
			) {
				this.onChange(job.id, entry, before);
			}
		}
	}

	get(id: string): BoardEntry | undefined {
		return this.#entries.get(id);
	}

	/** Jobs per label, for the live status line. */
	counts(label: (entry: BoardEntry) => string): Map<string, number> {
		const counts = new Map<string, number>();
		for (const entry of this.#entries.values()) {
			const key = label(entry);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
		return counts;
	}
}
