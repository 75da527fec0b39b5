// The simulated CreativeAI service behind the HTTP routes: accepting jobs (idempotency, the
// callback-URL policy, the atomic debit, the plan), reading them, the subscriptions, the books,
// and queueing webhooks when a job ends.
// Rules: a create runs synchronously from the idempotency lookup to the stored job (no await in
// between), so two identical requests cannot both debit; dice are rolled only for a job that was
// accepted and paid for, so a refused request never shifts what later jobs do.
import { randomBytes } from 'node:crypto';

import type {
	CreateVideoRequest,
	CreateVoiceRequest,
	CreateWebhookSubscriptionInput,
	ListVideosQuery,
	SubscriptionEvent,
} from '../../core/contract';
import { eventOf } from '../../core/contract';
import type { Clock } from '../../core/ports';
import { checkWebhookUrl } from '../../core/url';
import type { Account, Accounts } from './auth';
import type { WebhookSender } from './delivery';
import type { FaultInjector } from './faults';
import { SandboxHttpError } from './http';
import { fingerprint, IdempotencyRecords } from './idempotency';
import { Ledger } from './ledger';
import { planJob, type JobPlan, type PlanDecisions } from './lifecycle';
import type { MediaExtension, MediaFile } from './media';
import type { ResolvedOptions } from './options';
import { PendingWork } from './pendingWork';
import {
	nextProvider,
	resolveModel,
	VOICE_PRICE_CREDITS,
	VOICE_PROVIDER,
	videoPrice,
	videoRenderSeconds,
	voiceRenderSeconds,
	type ProviderModel,
} from './providers';
import { JobTimers } from './scheduler';
import { signedFileUrl } from './signedLinks';
import { JobStore, type Job } from './store';
import { Subscriptions } from './subscriptions';
import { generationView, webhookPayload } from './views';

/** How often the service polls its provider, in service seconds. */
export const VIDEO_POLL_INTERVAL_SECONDS = 10;
export const VOICE_POLL_INTERVAL_SECONDS = 1;

export const FILE_EXTENSION: Record<Job['kind'], MediaExtension> = { video: 'mp4', voice: 'wav' };

export interface ServiceDeps {
	options: ResolvedOptions;
	clock: Clock;
	faults: FaultInjector;
	accounts: Accounts;
	media: Record<MediaExtension, MediaFile>;
	sender: WebhookSender;
	/** The base of output links; known once the server listens. */
	baseUrl: () => string;
}

export interface CreateResult {
	job: Job;
	/** True when an Idempotency-Key returned an existing job. */
	replayed: boolean;
}

function newId(prefix: string): string {
	return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export class SandboxService {
	readonly ledger = new Ledger();
	readonly store: JobStore;
	readonly subscriptions = new Subscriptions();
	/** Jobs not yet ended: `settled()` waits for these and the deliveries. */
	readonly runningJobs = new PendingWork();
	private readonly idempotency = new IdempotencyRecords();
	private readonly timers: JobTimers;
	private readonly linkSecret = randomBytes(32);

	constructor(private readonly deps: ServiceDeps) {
		this.store = new JobStore(this.ledger, {
			outputLink: (job, atMs) => this.outputLink(job, atMs),
			onTerminal: (job) => this.onTerminal(job),
		});
		this.timers = new JobTimers(deps.clock, (job) => {
			this.store.settle(job, deps.clock());
			return this.store.isTerminal(job);
		});
		const nowMs = deps.clock();
		for (const account of deps.accounts.all()) {
			this.ledger.open(account.id, deps.options.initialCredits, nowMs);
		}
	}

	get now(): number {
		return this.deps.clock();
	}

	get fileLinkSecret(): Uint8Array {
		return this.linkSecret;
	}

	createVideo(account: Account, request: CreateVideoRequest, key?: string): CreateResult {
		return this.create(account, 'video', request, key, (id, nowMs) => {
			const startModel = resolveModel(request.model);
			const charged = videoPrice(startModel);
			if (!this.debit(account, id, charged, nowMs, `video on ${startModel}`)) return undefined;
			const plan = this.plan({
				startModel,
				credits: charged,
				failover: request.failover,
				renderSeconds: (model) => videoRenderSeconds(model as ProviderModel, request),
				nextProvider: (current, tried, maxCredits) => {
					const next = nextProvider(current as ProviderModel, tried, maxCredits);
					return next && { model: next, credits: videoPrice(next) };
				},
				pollIntervalSeconds: VIDEO_POLL_INTERVAL_SECONDS,
			});
			return { kind: 'video', request, startModel, charged, plan };
		});
	}

	createVoice(account: Account, request: CreateVoiceRequest, key?: string): CreateResult {
		return this.create(account, 'voice', request, key, (id, nowMs) => {
			const charged = VOICE_PRICE_CREDITS;
			if (!this.debit(account, id, charged, nowMs, 'voice')) return undefined;
			const plan = this.plan({
				startModel: VOICE_PROVIDER,
				credits: charged,
				// Voice has a single provider: a refusal fails the job whatever this says.
				failover: true,
				renderSeconds: () => voiceRenderSeconds(request.text, request.speed),
				nextProvider: () => undefined,
				pollIntervalSeconds: VOICE_POLL_INTERVAL_SECONDS,
			});
			return { kind: 'voice', request, startModel: VOICE_PROVIDER, charged, plan };
		});
	}

	/** The job as of now; 404 when the account has no such job of that kind. */
	get(account: Account, kind: Job['kind'], id: string) {
		const job = this.store.find(account.id, id);
		if (!job || job.kind !== kind) {
			throw new SandboxHttpError(
				404,
				'not_found',
				`No ${kind} generation with id "${id}" exists for this API key.`,
				{
					param: 'id',
				},
			);
		}
		return this.view(job);
	}

	listVideos(account: Account, query: ListVideosQuery & { limit: number }) {
		this.store.settleAll(this.now, account.id);
		let jobs = this.store.list({ accountId: account.id, kind: 'video' });
		if (query.starting_after !== undefined) {
			const index = jobs.findIndex((job) => job.id === query.starting_after);
			if (index < 0) {
				throw new SandboxHttpError(
					400,
					'validation_error',
					`starting_after: no video generation "${query.starting_after}" in this list.`,
					{
						param: 'starting_after',
					},
				);
			}
			jobs = jobs.slice(index + 1);
		}
		const views = jobs
			.map((job) => this.view(job))
			.filter((view) => query.status === undefined || view.status === query.status);
		return {
			object: 'list' as const,
			data: views.slice(0, query.limit),
			has_more: views.length > query.limit,
		};
	}

	account(account: Account) {
		this.store.settleAll(this.now, account.id);
		return { object: 'account' as const, credits_balance: this.ledger.balance(account.id) };
	}

	createSubscription(account: Account, input: CreateWebhookSubscriptionInput) {
		const url = this.checkCallbackUrl(input.url, 'url');
		return this.subscriptions.create(
			account.id,
			url,
			input.events as SubscriptionEvent[],
			this.now,
		);
	}

	deleteSubscription(account: Account, id: string): void {
		if (!this.subscriptions.delete(account.id, id)) {
			throw new SandboxHttpError(
				404,
				'not_found',
				`No webhook subscription with id "${id}" exists for this API key.`,
				{
					param: 'id',
				},
			);
		}
	}

	/**
	 * Settles and renders one job as of `atMs` (default now). A new job is answered as of its
	 * creation, so the 202 always shows it `pending`, however fast the time scale runs.
	 */
	view(job: Job, atMs = this.now) {
		this.store.settle(job, atMs);
		return generationView(job, atMs, this.deps.media.wav.durationSeconds);
	}

	/** Applies everything due now, for every account (admin reads and injected clocks). */
	settleAll(): void {
		this.store.settleAll(this.now);
	}

	close(): void {
		this.timers.clear();
		this.runningJobs.release();
	}

	/** Idempotency, callback URL, then `accept` (debit and plan), all without awaiting. */
	private create(
		account: Account,
		kind: Job['kind'],
		request: CreateVideoRequest | CreateVoiceRequest,
		key: string | undefined,
		accept: (
			id: string,
			nowMs: number,
		) =>
			| (Pick<Job, 'startModel' | 'charged' | 'plan'> & {
					kind: Job['kind'];
					request: typeof request;
			  })
			| undefined,
	): CreateResult {
		const nowMs = this.now;
		const print = fingerprint(kind, request);
		if (key !== undefined) {
			const found = this.idempotency.lookup(account.id, key, print, nowMs);
			if (found.kind === 'conflict') {
				throw new SandboxHttpError(
					409,
					'idempotency_conflict',
					'This Idempotency-Key was already used with a different request body. Use a new key for a new job.',
					{ param: 'Idempotency-Key' },
				);
			}
			if (found.kind === 'replay') {
				const job = this.store.find(account.id, found.generationId);
				if (job) return { job, replayed: true };
			}
		}
		const webhookUrl =
			request.webhook_url === undefined
				? null
				: this.checkCallbackUrl(request.webhook_url, 'webhook_url');
		const id = newId(kind === 'video' ? 'vgen' : 'voice');
		const accepted = accept(id, nowMs);
		if (!accepted) {
			throw new SandboxHttpError(
				402,
				'insufficient_credits',
				`This job costs more credits than the account has (balance ${this.ledger.balance(account.id)}). Nothing was created or charged.`,
			);
		}
		const job = {
			...accepted,
			id,
			accountId: account.id,
			seq: this.store.nextSeq(),
			createdAtMs: nowMs,
			credits: accepted.charged,
			webhookUrl,
			appliedEvents: 0,
			endedAtMs: null,
			refundedAtMs: null,
			refundedCredits: 0,
			output: null,
		} as Job;
		this.store.add(job);
		if (key !== undefined) this.idempotency.remember(account.id, key, print, id, nowMs);
		this.runningJobs.add();
		this.store.settle(job, nowMs);
		this.timers.schedule(job);
		return { job, replayed: false };
	}

	private debit(
		account: Account,
		id: string,
		credits: number,
		nowMs: number,
		note: string,
	): boolean {
		return this.ledger.tryDebit(account.id, id, credits, nowMs, note);
	}

	private plan(
		input: Omit<
			Parameters<typeof planJob>[0],
			'decisions' | 'msPerServiceSecond' | 'maxWaitSeconds'
		>,
	): JobPlan {
		const { faults, options } = this.deps;
		const decisions: PlanDecisions = {
			submitError: (model) => faults.providerSubmitError(model),
			capacityAt: (model) => faults.midRenderCapacity(model),
			pollError: (pollIndex) => faults.providerPollError(pollIndex),
			stall: () => faults.providerStall(),
			variation: () => faults.renderVariation(),
		};
		return planJob({
			...input,
			decisions,
			msPerServiceSecond: 1000 / options.timeScale,
			maxWaitSeconds: options.maxWaitSeconds,
		});
	}

	/** The normalised URL, or a 422 naming `param` with the policy's reason. */
	private checkCallbackUrl(url: string, param: string): string {
		const verdict = checkWebhookUrl(url, { allowPrivate: this.deps.options.allowPrivateCallbacks });
		if (verdict.ok) return verdict.url;
		throw new SandboxHttpError(422, 'unsafe_webhook_url', verdict.message, {
			param,
			fields: [{ field: param, message: verdict.message }],
		});
	}

	private outputLink(job: Job, atMs: number) {
		const expiresUnix = Math.floor(atMs / 1000) + Math.round(this.deps.options.linkTtlSeconds);
		const fileName = `${job.id}.${FILE_EXTENSION[job.kind]}`;
		return {
			url: signedFileUrl(this.deps.baseUrl(), this.linkSecret, fileName, expiresUnix),
			expiresAtMs: expiresUnix * 1000,
		};
	}

	/** Queues the payload to the job's URL and to every matching subscription. */
	private onTerminal(job: Job): void {
		const payload = webhookPayload(job, this.deps.media.wav.durationSeconds);
		const body = JSON.stringify(payload);
		const event = eventOf(payload);
		const account = this.deps.accounts.all().find((candidate) => candidate.id === job.accountId);
		if (account) {
			const base = {
				accountId: account.id,
				generationId: job.id,
				status: payload.status,
				event,
				body,
				secret: account.apiKey,
			};
			if (job.webhookUrl !== null) {
				this.deps.sender.enqueue({
					...base,
					url: job.webhookUrl,
					source: 'job',
					subscriptionId: null,
				});
			}
			for (const subscription of this.subscriptions.matching(account.id, payload.status)) {
				this.deps.sender.enqueue({
					...base,
					url: subscription.url,
					source: 'subscription',
					subscriptionId: subscription.id,
				});
			}
		}
		this.runningJobs.done();
	}
}
