// Chaos, end to end: 1,000 video jobs submitted with submitBatch through the Node client against a
// sandbox that drops, duplicates and delays webhooks, fails API calls with 429/5xx, loses create
// answers, refuses provider submissions and runs out of capacity mid-render, all from a fixed
// seed. Every job's webhook_url points at a loopback receiver built on receiveWebhook with a
// MemoryDedupStore; the jobs whose deliveries the sandbox gave up on are then polled by id and
// processed through the same store. The claim: every job is processed exactly once, none lost and
// none twice, and the client's retries never made a job (or a charge) the caller did not ask for.
import { CLAIM_LEASE_MS, COMPLETED_TTL_MS, MemoryDedupStore } from '../../src/core/dedup';
import { submitBatchAll } from '../../src/core/batch';
import type { TerminalStatus } from '../../src/core/contract';
import type { Transport } from '../../src/core/ports';
import { deliveryKey } from '../../src/core/webhooks';
import { CreativeAiClient } from '../../src/runtime/client';
import { createSandbox, type Sandbox } from '../../src/runtime/sandbox';
import { systemClock } from '../../src/runtime/timers';
import { createUndiciTransport, type UndiciTransport } from '../../src/runtime/transport/undici';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhookReceiver';

// 1,000 jobs, their renders and every retry well inside a minute on a 2-core machine.
jest.setTimeout(60_000);

const JOB_COUNT = 1_000;
const CONCURRENCY = 32;
const SEED = 20_260_310;
/**
 * kling-v3's 3-minute render takes 1.44 s (±10 %); a failover adds seedance's 1.1 s. A service
 * second lasts exactly 8 ms, so the sandbox's event times are whole milliseconds.
 */
const TIME_SCALE = 125;
const INITIAL_CREDITS = 10_000;
/**
 * Generous per-attempt webhook timeout (the scaled default would be 83 ms): a loaded 2-core box
 * must not turn a delivery the receiver handled into a spurious give-up. Lost deliveries come
 * from the drop fault, on purpose.
 */
const WEBHOOK_TIMEOUT_MS = 5_000;
/** With 7 % of creates failing or losing their answer, 8 retries make a spent budget ~1e-9. */
const MAX_RETRIES = 8;
const PROMPT = 'A paper boat on a pond';

interface Processing {
	status: TerminalStatus;
	via: 'webhook' | 'polling';
}

describe('1,000 jobs through webhook chaos', () => {
	let sandbox: Sandbox;
	let receiver: WebhookReceiver;
	let undici: UndiciTransport;
	/** Every time a job's terminal event was processed, by generation id. */
	const processed = new Map<string, Processing[]>();
	const record = (id: string, status: TerminalStatus, via: Processing['via']) => {
		processed.set(id, [...(processed.get(id) ?? []), { status, via }]);
	};

	beforeAll(async () => {
		sandbox = await createSandbox({
			timeScale: TIME_SCALE,
			seed: SEED,
			initialCredits: INITIAL_CREDITS,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
			faults: {
				apiErrorRate: 0.05,
				apiLostResponseRate: 0.02,
				providerSubmitErrorRate: 0.05,
				midRenderCapacityRate: 0.1,
				webhookDropRate: 0.2,
				webhookDuplicateRate: 0.1,
			},
		});
		undici = createUndiciTransport();
	});

	afterAll(async () => {
		await sandbox.close();
		await receiver?.close();
		await undici.close();
	});

	it('processes every job exactly once, with one charge per job and refunds only for failures', async () => {
		const store = new MemoryDedupStore({ clock: systemClock });
		receiver = await startWebhookReceiver({
			secrets: sandbox.apiKey,
			store,
			onEvent: (event) => record(event.generationId, event.status, 'webhook'),
		});
		// Counts what the client had to get through: error answers it retried, and creates whose
		// retry found the job a lost answer had already made (the sandbox says so in a header).
		let errorAnswers = 0;
		let replayedCreates = 0;
		const counting: Transport = async (request) => {
			const response = await undici(request);
			if (response.status >= 400) errorAnswers++;
			if (response.headers['idempotent-replayed'] === 'true') replayedCreates++;
			return response;
		};
		const client = new CreativeAiClient({
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.url,
			transport: counting,
			retry: { maxRetries: MAX_RETRIES },
		});

		// Submit.
		const items = Array.from({ length: JOB_COUNT }, (_, index) => index);
		const results = await submitBatchAll(
			items,
			(index) =>
				client.createVideo({
					model: 'kling-v3',
					prompt: `${PROMPT} #${index}`,
					duration: 5,
					webhook_url: receiver.url,
				}),
			{ concurrency: CONCURRENCY },
		);
		const failures = results.filter((result) => !result.ok);
		expect(failures).toEqual([]);
		const submittedIds = results.flatMap((result) => (result.ok ? [result.value.id] : []));
		expect(new Set(submittedIds).size).toBe(JOB_COUNT);

		// Let every render end and every delivery finish (delivered, or given up after 3 attempts).
		await sandbox.settled();
		const deliveries = sandbox.deliveries();
		const jobDeliveries = deliveries.filter((entry) => entry.source === 'job');
		const gaveUpIds = new Set(
			jobDeliveries.filter((entry) => entry.outcome === 'gave_up').map((e) => e.generation_id),
		);
		const deliveredIds = new Set(
			jobDeliveries.filter((entry) => entry.outcome === 'delivered').map((e) => e.generation_id),
		);

		// Reconcile: the jobs the receiver never processed are exactly those the sandbox gave up on.
		const unprocessed = submittedIds.filter((id) => !processed.has(id));
		expect(new Set(unprocessed)).toEqual(
			new Set([...gaveUpIds].filter((id) => !deliveredIds.has(id))),
		);
		for (const id of unprocessed) {
			const job = await client.getVideo(id);
			expect(job.status === 'completed' || job.status === 'failed').toBe(true);
			const status = job.status as TerminalStatus;
			// Through the same store as the receiver, so a late delivery would be a duplicate.
			const key = deliveryKey({ id, status });
			if ((await store.claim(key, CLAIM_LEASE_MS)) === 'claimed') {
				record(id, status, 'polling');
				await store.complete(key, COMPLETED_TTL_MS);
			}
		}

		// Every job processed exactly once, with the status the service holds.
		const jobs = sandbox.jobs();
		const statusById = new Map(jobs.map((job) => [job.id, job.status]));
		const lost = submittedIds.filter((id) => !processed.has(id));
		const processedTwice = [...processed].filter(([, times]) => times.length > 1);
		const wrongStatus = [...processed].filter(
			([id, times]) => times[0].status !== statusById.get(id),
		);
		expect(lost).toEqual([]);
		expect(processedTwice).toEqual([]);
		expect(wrongStatus).toEqual([]);
		expect(processed.size).toBe(JOB_COUNT);

		// The client's retries (429/5xx, lost answers) made no extra job and no extra charge.
		expect(errorAnswers).toBeGreaterThan(0);
		expect(replayedCreates).toBeGreaterThan(0);
		expect(jobs).toHaveLength(JOB_COUNT);
		expect(new Set(jobs.map((job) => job.id))).toEqual(new Set(submittedIds));
		const ledger = sandbox.ledger();
		const debits = ledger.filter((entry) => entry.kind === 'debit');
		expect(debits).toHaveLength(JOB_COUNT);
		expect(new Set(debits.map((entry) => entry.generation_id))).toEqual(new Set(submittedIds));
		const failedIds = jobs.filter((job) => job.status === 'failed').map((job) => job.id);
		const refunds = ledger.filter((entry) => entry.kind === 'refund');
		expect(refunds.map((entry) => entry.generation_id).sort()).toEqual([...failedIds].sort());
		// What each job costs in the end: its final price when completed, nothing when failed.
		const netById = new Map<string, number>();
		for (const entry of ledger) {
			if (entry.generation_id === null) continue;
			netById.set(entry.generation_id, (netById.get(entry.generation_id) ?? 0) - entry.amount);
		}
		const wrongCharge = jobs.filter(
			(job) => netById.get(job.id) !== (job.status === 'failed' ? 0 : job.credits),
		);
		expect(wrongCharge).toEqual([]);

		// The faults really happened, and the receiver did its part.
		const outcomes = receiver.deliveries.map((d) => d.outcome);
		const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
		const failedOver = jobs.filter((job) => 'failover_used' in job && job.failover_used).length;
		const midRenderFailovers = jobs.filter((job) =>
			job.events.some((event) => event.kind === 'capacity_error'),
		).length;
		const reconciled = [...processed.values()].filter((times) => times[0].via === 'polling');
		expect(count('duplicate')).toBeGreaterThan(0);
		expect(count('rejected') + count('failed') + count('unavailable')).toBe(0);
		expect(failedOver).toBeGreaterThan(0);
		expect(midRenderFailovers).toBeGreaterThan(0);
		expect(failedIds.length).toBeGreaterThan(0);
		expect(reconciled.length).toBeGreaterThan(0);

		console.log(
			JSON.stringify({
				submitted: submittedIds.length,
				completed: jobs.filter((job) => job.status === 'completed').length,
				failed: failedIds.length,
				failed_over: failedOver,
				deliveries_attempted: deliveries.length,
				deliveries_verified: count('accepted') + count('duplicate'),
				duplicates_suppressed: count('duplicate'),
				gave_up: gaveUpIds.size,
				reconciled_by_polling: reconciled.length,
				processed_twice: processedTwice.length,
				lost: lost.length,
				api_errors_retried: errorAnswers,
				creates_replayed: replayedCreates,
			}),
		);
	});
});
