// The jobs, and the one place where time passing turns into effects: `settle` applies a job's
// planned events that are due (credits returned on failover to a cheaper provider, the refund on
// failure, the output link on completion, the terminal hook that queues webhooks).
// Rules: `settle` is idempotent and applies each event once, in order, however often and from
// wherever it is called (a GET, a list, a timer); a failed job is refunded exactly once, and the
// refund is tracked by `refundedAtMs`.
import type { CreateVideoRequest, CreateVoiceRequest } from '../../core/contract';
import type { Ledger } from './ledger';
import type { JobPlan } from './lifecycle';

interface JobCommon {
	id: string;
	accountId: string;
	/** Creation order, for newest-first lists. */
	seq: number;
	createdAtMs: number;
	plan: JobPlan;
	/** The provider model the job was first submitted to. */
	startModel: string;
	/** What was debited at submission. */
	charged: number;
	/** What the job costs now: lower after a failover to a cheaper provider, 0 once refunded. */
	credits: number;
	webhookUrl: string | null;
	/** How many of `plan.events` have been applied. */
	appliedEvents: number;
	endedAtMs: number | null;
	refundedAtMs: number | null;
	refundedCredits: number;
	output: { url: string; expiresAtMs: number } | null;
}
export interface VideoJob extends JobCommon {
	kind: 'video';
	request: CreateVideoRequest;
}
export interface VoiceJob extends JobCommon {
	kind: 'voice';
	request: CreateVoiceRequest;
}
export type Job = VideoJob | VoiceJob;

export interface StoreHooks {
	/** The output link of a job completing at `atMs`. */
	outputLink(job: Job, atMs: number): { url: string; expiresAtMs: number };
	/** Called once per job, right after it became completed or failed. */
	onTerminal(job: Job): void;
}

export class JobStore {
	private readonly jobs = new Map<string, Job>();
	private lastSeq = 0;

	constructor(
		private readonly ledger: Ledger,
		private readonly hooks: StoreHooks,
	) {}

	nextSeq(): number {
		return ++this.lastSeq;
	}

	add(job: Job): void {
		this.jobs.set(job.id, job);
	}

	/** The job if it exists and belongs to the account. */
	find(accountId: string, id: string): Job | undefined {
		const job = this.jobs.get(id);
		return job?.accountId === accountId ? job : undefined;
	}

	/** Any account's job by id (for file links, which carry no API key). */
	byId(id: string): Job | undefined {
		return this.jobs.get(id);
	}

	/** Newest first. */
	list(filter: { accountId?: string; kind?: Job['kind'] } = {}): Job[] {
		return [...this.jobs.values()]
			.filter(
				(job) =>
					(filter.accountId === undefined || job.accountId === filter.accountId) &&
					(filter.kind === undefined || job.kind === filter.kind),
			)
			.sort((a, b) => b.seq - a.seq);
	}

	isTerminal(job: Job): boolean {
		return job.endedAtMs !== null;
	}

	/** Applies every planned event of `job` that is due at `nowMs`. */
	settle(job: Job, nowMs: number): void {
		const events = job.plan.events;
		const elapsedMs = nowMs - job.createdAtMs;
		while (job.appliedEvents < events.length && events[job.appliedEvents].atMs <= elapsedMs) {
			const event = events[job.appliedEvents++];
			const atMs = job.createdAtMs + event.atMs;
			switch (event.kind) {
				case 'failover':
					if (event.credits < job.credits) {
						this.ledger.credit(
							job.accountId,
							job.id,
							'failover_adjustment',
							job.credits - event.credits,
							atMs,
							`failover ${event.from} -> ${event.to}: billed at the lower price`,
						);
						job.credits = event.credits;
					}
					break;
				case 'failed':
					job.endedAtMs = atMs;
					this.refund(job, atMs);
					this.hooks.onTerminal(job);
					break;
				case 'completed':
					job.endedAtMs = atMs;
					job.output = this.hooks.outputLink(job, atMs);
					this.hooks.onTerminal(job);
					break;
				default:
					// Submissions, provider errors and polls change what a GET shows, not the books.
					break;
			}
		}
	}

	settleAll(nowMs: number, accountId?: string): void {
		for (const job of this.jobs.values()) {
			if (accountId === undefined || job.accountId === accountId) this.settle(job, nowMs);
		}
	}

	private refund(job: Job, atMs: number): void {
		if (job.refundedAtMs !== null || job.credits === 0) return;
		this.ledger.credit(job.accountId, job.id, 'refund', job.credits, atMs, 'the job failed');
		job.refundedAtMs = atMs;
		job.refundedCredits = job.credits;
		job.credits = 0;
	}
}
