// The main job: the seeds' real-estate bulk playbook, end to end, against a local sandbox with
// faults on. Submit one listing video per manifest row (bounded concurrency, derived
// Idempotency-Keys), take completions from signed webhooks through the core's receive pipeline,
// fall back to polling for any job whose delivery never came, save every video, show that a
// forged delivery is refused, and check the books.
// Rules: every job is accounted for exactly once (accounting.ts), and the summary says so only
// when the sandbox's own records agree (one job and one debit per row, same outcomes); the run
// never outlives its deadline: everything waits on one AbortSignal, and what is still open when
// it fires is reported as a problem, not waited for.
import { setMaxListeners } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

import type { CreativeAiClient as CoreClient } from '../../core/client';
import type { Generation } from '../../core/contract';
import { MemoryDedupStore } from '../../core/dedup';
import { GenerationFailedError } from '../../core/errors';
import { waitForCompletion } from '../../core/wait';
import type { ReceivedEvent } from '../../core/webhooks';
import { CreativeAiClient } from '../client';
import { runBatch, type BatchEvent, type BatchSummary } from '../cli/batchRun';
import { downloadOutput } from '../cli/download';
import { FAULT_PRESETS } from '../cli/faultPresets';
import { phaseLabel } from '../cli/format';
import { webhookTimeoutMsFor } from '../cli/sandboxTiming';
import type { CliStream } from '../cli/io';
import { openJournal, type JournalWriter } from '../cli/journal';
import { startReceiverServer, type ReceiverServer } from '../cli/receiverServer';
import { StatusLine } from '../cli/statusLine';
import { createSandbox, type FaultOptions, type Sandbox } from '../sandbox';
import { sleep, systemClock } from '../timers';
import { createUndiciTransport } from '../transport/undici';
import { JobAccounting, type JobEnd } from './accounting';
import { sendForgedDelivery } from './forgedDelivery';
import { findSampleManifest } from './sampleManifest';
import { StatusBoard, type BoardEntry } from './statusBoard';
import type { DemoSummary } from './summary';

/** 60: a 3-minute render takes about 3 s. */
export const DEMO_TIME_SCALE = 60;
export const DEMO_SEED = 5;
export const DEMO_CONCURRENCY = 4;
/** The whole run, sandbox start to summary; well under a minute. */
export const DEMO_DEADLINE_MS = 50_000;
/** How often the status board refreshes. */
const TICK_MS = 250;
/** The polling fallback's shortest gap between GETs of one job. */
const RECONCILE_POLL_MS = 200;
/**
 * A job seen finished is overdue a delivery once the sender's whole schedule (attempts at 0 s,
 * 5 s and 30 s, 10 s timeout each) has passed in service time, plus this margin in real time.
 */
const DELIVERY_SCHEDULE_SERVICE_SECONDS = 30 + 10;
const DELIVERY_MARGIN_MS = 500;
/**
 * Jobs the board cannot see (voice jobs are not in the video list) are polled once this many
 * service seconds have passed since the batch ended: two of the longest renders, then the
 * delivery schedule.
 */
const UNSEEN_GRACE_SERVICE_SECONDS = 2 * 240 * 1.2 + DELIVERY_SCHEDULE_SERVICE_SECONDS;
/** After the last job settles, how long late deliveries (retries, duplicates) may still land. */
const LATE_DELIVERY_WAIT_MS = 3_000;

export interface DemoOptions {
	/** Folder for the saved videos and the results journal; created if missing. */
	out: string;
	/** Where progress lines go (default: stderr). */
	log?: (line: string) => void;
	/** A terminal to draw a live status line on; ignored unless it is a TTY. */
	statusStream?: CliStream;
	manifestPath?: string;
	timeScale?: number;
	seed?: number;
	faults?: FaultOptions;
	concurrency?: number;
	deadlineMs?: number;
}

/** Runs the main job and resolves with its summary; never rejects for a job's or the run's trouble. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
	const startedAt = systemClock();
	const outDir = resolve(options.out);
	const journalPath = join(outDir, 'results.jsonl');
	const timeScale = options.timeScale ?? DEMO_TIME_SCALE;
	const deadlineMs = options.deadlineMs ?? DEMO_DEADLINE_MS;
	const manifestPath = options.manifestPath ?? findSampleManifest();
	const status = new StatusLine(
		options.statusStream ?? ({ isTTY: false, write: () => true } as never),
	);
	const emit = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
	const say = (line: string) => {
		const stamped = `[${((systemClock() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`;
		if (status.live) status.log(stamped);
		else emit(stamped);
	};

	const deadline = new AbortController();
	const deadlineTimer = setTimeout(
		() => deadline.abort(new Error(`the ${deadlineMs / 1000} s deadline passed`)),
		deadlineMs,
	);
	const signal = deadline.signal;
	// Every call and wait in flight listens on it: more than Node's default of 10.
	setMaxListeners(100, signal);
	const accounting = new JobAccounting();
	const problems: string[] = [];
	const opened: { close(): Promise<void> }[] = [];

	let sandbox: Sandbox | undefined;
	let receiver: ReceiverServer | undefined;
	let batch: BatchSummary | undefined;
	let filesSaved = 0;
	let forgedStatus: number | undefined;
	try {
		await mkdir(outDir, { recursive: true });
		// A fresh sandbox knows none of an earlier run's jobs, so an earlier journal would only
		// make this run skip every row.
		await rm(journalPath, { force: true });
		sandbox = await createSandbox({
			timeScale,
			seed: options.seed ?? DEMO_SEED,
			faults: options.faults ?? FAULT_PRESETS.moderate,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: webhookTimeoutMsFor(timeScale),
		});
		opened.push(sandbox);
		const transport = createUndiciTransport();
		opened.push(transport);
		const client = new CreativeAiClient({
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.url,
			transport,
			userAgent: 'creativeai-demo/0.1.0',
		});
		const journal = await openJournal(journalPath);
		opened.push(journal);

		receiver = await startReceiverServer({
			secrets: sandbox.apiKey,
			store: new MemoryDedupStore({ clock: systemClock }),
			clock: systemClock,
			onEvent: (event) => onDelivery(event, accounting, journal, say),
			onResult: (result) => {
				if (result.outcome === 'duplicate') say(`duplicate delivery of ${result.key} suppressed`);
				if (result.outcome === 'rejected')
					say(`delivery rejected: ${result.reason} (${result.status})`);
			},
		});
		opened.push(receiver);

		say(
			`sandbox ${sandbox.url}: time scale ${timeScale}x, faults on (seed ${sandbox.options.seed})`,
		);
		say(
			'loopback callbacks ALLOWED (allowPrivateCallbacks: true): this demo receives its webhooks on 127.0.0.1',
		);
		say(`webhook receiver ${receiver.url}; manifest ${relative(process.cwd(), manifestPath)}`);

		const board = new StatusBoard(
			client,
			(id) => accounting.has(id),
			(id, now, before) => onBoardChange(id, now, before, accounting, say),
		);
		const drawStatus = () => status.update(statusText(board, accounting, receiver));

		let batchEndedAt: number | undefined;
		const batchRun = runBatch({
			client,
			manifestPath,
			outPath: journalPath,
			journal: keepOpen(journal),
			concurrency: options.concurrency ?? DEMO_CONCURRENCY,
			webhookUrl: receiver.url,
			signal,
			onEvent: (event) => onBatchEvent(event, accounting, say),
		}).then(
			(summary) => {
				batch = summary;
				batchEndedAt = systemClock();
			},
			(error: unknown) => {
				problems.push(`the batch stopped: ${messageOf(error)}`);
				batchEndedAt = systemClock();
			},
		);

		const reconciling = new Map<string, Promise<void>>();
		const overdueMs = (DELIVERY_SCHEDULE_SERVICE_SECONDS * 1000) / timeScale + DELIVERY_MARGIN_MS;
		const unseenGraceMs = (UNSEEN_GRACE_SERVICE_SECONDS * 1000) / timeScale;
		while (!signal.aborted) {
			await board.refresh(signal);
			drawStatus();
			const now = systemClock();
			for (const id of accounting.unsettled()) {
				if (reconciling.has(id)) continue;
				const seenAt = board.get(id)?.finishedSeenAt;
				const overdue =
					(seenAt !== undefined && now - seenAt > overdueMs) ||
					(batchEndedAt !== undefined &&
						board.get(id) === undefined &&
						now - batchEndedAt > unseenGraceMs);
				if (!overdue) continue;
				say(`${rowOf(accounting, id)}: no delivery for ${id}; asking the API (polling fallback)`);
				reconciling.set(id, reconcile(client, id, accounting, journal, say, signal));
			}
			if (batchEndedAt !== undefined && accounting.unsettled().length === 0) break;
			await sleep(TICK_MS, signal).catch(() => undefined);
		}
		await batchRun;
		await Promise.all(reconciling.values());
		status.done();

		if (!signal.aborted) {
			await settleLateDeliveries(sandbox, signal);
			filesSaved = await saveFiles(accounting, outDir, say, problems, signal);
			const target = accounting.entries().find(([, entry]) => entry.end?.status === 'completed');
			forgedStatus = await sendForgedDelivery(receiver.url, target?.[0] ?? 'vgen_unknown');
			say(
				`sent a forged delivery (signed with the wrong key) for ${target?.[0] ?? 'an unknown job'}: receiver answered ${forgedStatus}`,
			);
		}
	} catch (error) {
		problems.push(`the run stopped: ${messageOf(error)}`);
	} finally {
		clearTimeout(deadlineTimer);
		status.done();
	}

	try {
		return buildSummary({
			accounting,
			sandbox,
			receiver,
			batch,
			filesSaved,
			forgedStatus,
			problems,
			deadline: signal,
			elapsedMs: systemClock() - startedAt,
			outDir,
			journalPath,
		});
	} finally {
		for (const resource of opened.reverse()) await resource.close().catch(() => undefined);
	}
}

/** A delivery that passed the pipeline: the job's end, unless polling already recorded it. */
async function onDelivery(
	event: ReceivedEvent,
	accounting: JobAccounting,
	journal: JournalWriter,
	say: (line: string) => void,
): Promise<void> {
	const { payload } = event;
	const end: JobEnd = {
		status: event.status,
		source: 'webhook',
		failoverUsed: payload.object === 'video.generation' && payload.failover_used === true,
		outputUrl: payload.output_url,
	};
	const entry = accounting.entry(event.generationId);
	if (!accounting.ended(event.generationId, end)) {
		say(
			`${entry?.rowKey ?? event.generationId}: late delivery of ${event.key}, already settled by polling`,
		);
		return;
	}
	await journal.append({
		row_key: entry?.rowKey ?? null,
		line: null,
		kind: entry?.kind ?? null,
		generation_id: event.generationId,
		status: event.status,
		source: 'webhook',
		failover_used: end.failoverUsed,
		credits: payload.credits,
		output_url: payload.output_url,
		error:
			event.status === 'failed'
				? { code: 'generation_failed', message: payload.error_message ?? 'failed' }
				: null,
		at: new Date().toISOString(),
	});
	say(
		`${entry?.rowKey}: delivery verified: ${event.event}${end.failoverUsed ? ' (after failover)' : ''}`,
	);
}

/** The polling fallback for one job: waitForCompletion by id, then the end is recorded as polled. */
async function reconcile(
	client: CoreClient,
	id: string,
	accounting: JobAccounting,
	journal: JournalWriter,
	say: (line: string) => void,
	signal: AbortSignal,
): Promise<void> {
	const entry = accounting.entry(id);
	const kind = entry?.kind ?? 'video';
	let job: Generation;
	try {
		job = await waitForCompletion(client, id, { kind, intervalMs: RECONCILE_POLL_MS, signal });
	} catch (error) {
		if (!(error instanceof GenerationFailedError)) {
			say(`${entry?.rowKey}: polling ${id} failed: ${messageOf(error)}`);
			return;
		}
		job =
			kind === 'video'
				? await client.getVideo(id, { signal })
				: await client.getVoice(id, { signal });
	}
	const status = job.status === 'completed' ? 'completed' : 'failed';
	const failoverUsed = job.object === 'video.generation' && job.failover_used;
	if (!accounting.ended(id, { status, source: 'poll', failoverUsed, outputUrl: job.output_url }))
		return;
	await journal.append({
		row_key: entry?.rowKey ?? null,
		line: null,
		kind,
		generation_id: id,
		status,
		source: 'poll',
		failover_used: failoverUsed,
		credits: job.credits,
		output_url: job.output_url,
		error:
			status === 'failed'
				? { code: 'generation_failed', message: job.error_message ?? 'failed' }
				: null,
		at: new Date().toISOString(),
	});
	say(`${entry?.rowKey}: reconciled by polling: ${id} ${status}`);
}

function onBatchEvent(
	event: BatchEvent,
	accounting: JobAccounting,
	say: (line: string) => void,
): void {
	const row = event.rowKey ?? `line ${event.line}`;
	if (event.type === 'submitted') {
		accounting.submitted(
			row,
			event.generation.id,
			event.generation.object === 'video.generation' ? 'video' : 'voice',
		);
		say(
			`${row}: submitted ${event.generation.id}${event.replayed ? ' (answer was lost; resent with the same Idempotency-Key: same job, charged once)' : ''}`,
		);
	} else if (event.type === 'invalid') {
		say(
			`${row}: line ${event.line} invalid, not submitted: ${event.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
		);
	} else if (event.type === 'error') {
		say(`${row}: could not be submitted: ${messageOf(event.error)}`);
	}
}

function onBoardChange(
	id: string,
	now: BoardEntry,
	before: BoardEntry | undefined,
	accounting: JobAccounting,
	say: (line: string) => void,
): void {
	const row = rowOf(accounting, id);
	if (before !== undefined && before.modelActual !== now.modelActual && now.failoverUsed) {
		say(`${row}: provider ${before.modelActual} hit capacity; failed over to ${now.modelActual}`);
	}
	if (before === undefined || before.status !== now.status || before.phase !== now.phase) {
		const progress =
			now.progress !== null && now.status === 'processing' ? ` ${now.progress}%` : '';
		say(`${row}: ${phaseLabel(now.status, now.phase)}${progress}`);
	}
}

function statusText(
	board: StatusBoard,
	accounting: JobAccounting,
	receiver: ReceiverServer | undefined,
): string {
	const phases = [...board.counts((entry) => phaseLabel(entry.status, entry.phase))]
		.map(([label, n]) => `${n} ${label.toLowerCase()}`)
		.join(', ');
	const stats = receiver?.stats;
	return `jobs ${accounting.size}: ${phases || 'submitting'} | deliveries ${stats?.accepted ?? 0} verified, ${stats?.duplicates ?? 0} duplicates`;
}

/** Downloads every completed job's video as `<row key>.mp4`; the container is checked on the way. */
async function saveFiles(
	accounting: JobAccounting,
	outDir: string,
	say: (line: string) => void,
	problems: string[],
	signal: AbortSignal,
): Promise<number> {
	const completed = accounting.entries().filter(([, entry]) => entry.end?.status === 'completed');
	const saved = await Promise.all(
		completed.map(async ([id, entry]) => {
			const url = entry.end?.outputUrl;
			if (url === null || url === undefined) {
				problems.push(`${entry.rowKey}: job ${id} completed without an output URL`);
				return false;
			}
			try {
				const file = await downloadOutput(url, outDir, entry.rowKey, entry.kind, signal);
				say(
					`${entry.rowKey}: saved ${relative(process.cwd(), file.path)} (${file.bytes} bytes, ftyp checked)`,
				);
				return true;
			} catch (error) {
				problems.push(`${entry.rowKey}: ${messageOf(error)}`);
				return false;
			}
		}),
	);
	return saved.filter(Boolean).length;
}

interface SummaryInput {
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
function buildSummary(input: SummaryInput): DemoSummary {
	const { accounting, sandbox, receiver, batch } = input;
	const problems = [...accounting.problems, ...input.problems];
	if (input.deadline.aborted)
		problems.push(`the ${DEMO_DEADLINE_MS / 1000} s deadline passed before the run finished`);
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

/** Waits, at most LATE_DELIVERY_WAIT_MS, for the sandbox to finish sending (retries, duplicates). */
async function settleLateDeliveries(sandbox: Sandbox, signal: AbortSignal): Promise<void> {
	const giveUp = new AbortController();
	const stop = () => giveUp.abort();
	signal.addEventListener('abort', stop, { once: true });
	try {
		await Promise.race([
			sandbox.idleDeliveries(),
			sleep(LATE_DELIVERY_WAIT_MS, giveUp.signal).catch(() => undefined),
		]);
	} finally {
		giveUp.abort();
		signal.removeEventListener('abort', stop);
	}
}

/** The batch closes the journal it is given; the demo keeps writing to it afterwards. */
function keepOpen(journal: JournalWriter): JournalWriter {
	return { append: (record) => journal.append(record), close: async () => undefined };
}

function rowOf(accounting: JobAccounting, id: string): string {
	return accounting.entry(id)?.rowKey ?? id;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
