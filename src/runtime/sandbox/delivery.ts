// The webhook sender: POSTs a terminal job's payload to each target exactly as the contract says
// (signed headers, 3 attempts at 0 s, 5 s and 30 s, 10 s per attempt, all divided by the time
// scale), and logs every attempt.
// Rules: the body is serialised once and the same bytes are signed and sent on every attempt;
// retry on 5xx, 429, timeouts and connection errors, never on another 4xx; a generation + status
// goes to a URL once (7-day de-duplication) unless the duplicate fault sends it twice on purpose.
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';

import { WEBHOOK_HEADERS, WEBHOOK_USER_AGENT } from '../../core/contract';
import type { TerminalStatus, WebhookEvent } from '../../core/contract';
import type { Clock, Sleep } from '../../core/ports';
import { signWebhook } from '../../core/webhooks';
import { BLOCKED_ADDRESS_CODE, guardedLookup } from './addressGuard';
import type { DeliveryErrorKind, DeliveryLog, DeliveryOutcome } from './deliveryLog';
import type { FaultInjector } from './faults';
import { PendingWork } from './pendingWork';

/** Seed 000: "3 delivery attempts with exponential backoff (0s, 5s, 30s)". */
export const ATTEMPT_DELAYS_SECONDS = [0, 5, 30] as const;
/** Seed 000: "10-second timeout per attempt". */
export const ATTEMPT_TIMEOUT_SECONDS = 10;
/** Seed 000: "Each generation + status combination is deduplicated with a 7-day window". */
export const DEDUP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** The receiver's answer body is read and thrown away, up to this much. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface Delivery {
	accountId: string;
	generationId: string;
	status: TerminalStatus;
	event: WebhookEvent;
	/** The serialised payload: these bytes are signed and sent. */
	body: string;
	/** The account's API key, the HMAC secret. */
	secret: string;
	url: string;
	source: 'job' | 'subscription';
	subscriptionId: string | null;
}

export interface SenderOptions {
	timeScale: number;
	timeoutMs?: number;
	delayMs: number;
	allowPrivate: boolean;
	faults: FaultInjector;
	log: DeliveryLog;
	sleep: Sleep;
	clock: Clock;
}

interface AttemptResult {
	httpStatus: number | null;
	durationMs: number;
	error: string | null;
	errorKind: DeliveryErrorKind | null;
}

/** Whether another attempt could succeed: server trouble and lost requests, not a refusal. */
export function isRetryable(result: AttemptResult): boolean {
	switch (result.errorKind) {
		case null:
			return false;
		case 'http_status':
			return result.httpStatus === 429 || (result.httpStatus ?? 0) >= 500;
		case 'blocked':
			return false;
		default:
			return true;
	}
}

function describeNetworkError(error: unknown): string {
	const code = (error as { code?: unknown }).code;
	const message = error instanceof Error ? error.message : String(error);
	return typeof code === 'string' ? `${code}: ${message}` : message;
}

export class WebhookSender {
	/** Deliveries queued, waiting between attempts or in flight. */
	readonly pending = new PendingWork();
	private readonly sent = new Map<string, number>();
	private readonly closing = new AbortController();
	private readonly agent: Agent;
	private readonly delaysMs: number[];
	private readonly timeoutMs: number;

	constructor(private readonly options: SenderOptions) {
		this.delaysMs = ATTEMPT_DELAYS_SECONDS.map((seconds) => (seconds * 1000) / options.timeScale);
		// Whole milliseconds: AbortSignal.timeout throws for a fraction (10 s at time scale 60).
		this.timeoutMs = Math.max(
			1,
			Math.round(options.timeoutMs ?? (ATTEMPT_TIMEOUT_SECONDS * 1000) / options.timeScale),
		);
		this.agent = new Agent({ connect: { lookup: guardedLookup(options.allowPrivate) } });
		// One closing signal reaches every delivery waiting between attempts (hundreds in a bulk
		// run): fan-out by design, not the listener leak Node warns about past 10.
		setMaxListeners(0, this.closing.signal);
	}

	/** Queues a delivery; false when this generation + status already went to this URL. */
	enqueue(delivery: Delivery): boolean {
		if (this.closing.signal.aborted) return false;
		const nowMs = this.options.clock();
		this.forgetOld(nowMs);
		const key = `${delivery.generationId}\n${delivery.status}\n${delivery.url}`;
		if (this.sent.has(key)) return false;
		this.sent.set(key, nowMs);
		this.pending.add();
		void this.run(delivery).finally(() => this.pending.done());
		return true;
	}

	/** Stops every wait and request in flight; nothing is sent afterwards. */
	async close(): Promise<void> {
		this.closing.abort();
		this.pending.release();
		await this.agent.destroy();
	}

	private async run(delivery: Delivery): Promise<void> {
		const { sleep, faults } = this.options;
		const signal = this.closing.signal;
		try {
			if (this.options.delayMs > 0) await sleep(this.options.delayMs, signal);
			for (let index = 0; index < this.delaysMs.length; index++) {
				const delayMs = this.delaysMs[index];
				if (delayMs > 0) await sleep(delayMs, signal);
				if (signal.aborted) return;
				const result = await this.attempt(delivery);
				if (signal.aborted) return;
				const last = index === this.delaysMs.length - 1;
				const outcome: DeliveryOutcome =
					result.errorKind === null
						? 'delivered'
						: isRetryable(result) && !last
							? 'retrying'
							: 'gave_up';
				this.record(delivery, index + 1, delayMs, result, outcome, false);
				if (outcome === 'delivered' && faults.webhookDuplicate()) {
					// A restart between sending and recording would send again: the receiver's problem.
					const copy = await this.attempt(delivery, false);
					if (!signal.aborted) {
						this.record(
							delivery,
							index + 1,
							0,
							copy,
							copy.errorKind ? 'gave_up' : 'delivered',
							true,
						);
					}
				}
				if (outcome !== 'retrying') return;
			}
		} catch (error) {
			// Only an aborted sleep or a bug lands here; a bug is logged rather than crashing the
			// sandbox, so the test that triggered it sees why nothing arrived.
			if (signal.aborted) return;
			const result = {
				httpStatus: null,
				durationMs: 0,
				error: `internal error: ${describeNetworkError(error)}`,
				errorKind: 'connection' as const,
			};
			this.record(delivery, 0, 0, result, 'gave_up', false);
		}
	}

	private async attempt(delivery: Delivery, mayDrop = true): Promise<AttemptResult> {
		if (mayDrop && this.options.faults.webhookDrop()) {
			return {
				httpStatus: null,
				durationMs: 0,
				error: 'lost before reaching the receiver (webhookDropRate fault)',
				errorKind: 'dropped',
			};
		}
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': WEBHOOK_USER_AGENT,
			[WEBHOOK_HEADERS.event]: delivery.event,
			[WEBHOOK_HEADERS.deliveryId]: delivery.generationId,
			...signWebhook({ scheme: 'creativeai', secret: delivery.secret, body: delivery.body }),
		};
		const timeout = AbortSignal.timeout(this.timeoutMs);
		const signal = AbortSignal.any([this.closing.signal, timeout]);
		const startedAt = performance.now();
		const elapsed = () => Math.round(performance.now() - startedAt);
		try {
			const response = await request(delivery.url, {
				method: 'POST',
				headers,
				body: delivery.body,
				signal,
				dispatcher: this.agent,
			});
			await response.body.dump({ limit: MAX_RESPONSE_BYTES });
			const ok = response.statusCode >= 200 && response.statusCode < 300;
			return {
				httpStatus: response.statusCode,
				durationMs: elapsed(),
				error: ok ? null : `the receiver answered HTTP ${response.statusCode}`,
				errorKind: ok ? null : 'http_status',
			};
		} catch (error) {
			if (timeout.aborted && !this.closing.signal.aborted) {
				return {
					httpStatus: null,
					durationMs: elapsed(),
					error: `no answer within ${Math.round(this.timeoutMs)} ms`,
					errorKind: 'timeout',
				};
			}
			const blocked = (error as { code?: unknown }).code === BLOCKED_ADDRESS_CODE;
			return {
				httpStatus: null,
				durationMs: elapsed(),
				error: describeNetworkError(error),
				errorKind: blocked ? 'blocked' : 'connection',
			};
		}
	}

	private record(
		delivery: Delivery,
		attempt: number,
		delayMs: number,
		result: AttemptResult,
		outcome: DeliveryOutcome,
		duplicate: boolean,
	): void {
		this.options.log.append({
			at: new Date(this.options.clock()).toISOString(),
			generation_id: delivery.generationId,
			status: delivery.status,
			event: delivery.event,
			url: delivery.url,
			attempt,
			http_status: result.httpStatus,
			duration_ms: result.durationMs,
			error: result.error,
			error_kind: result.errorKind,
			outcome,
			delay_ms: delayMs,
			duplicate,
			source: delivery.source,
			subscription_id: delivery.subscriptionId,
			account_id: delivery.accountId,
		});
	}

	private forgetOld(nowMs: number): void {
		for (const [key, atMs] of this.sent) {
			if (nowMs - atMs < DEDUP_WINDOW_MS) break;
			this.sent.delete(key);
		}
	}
}
