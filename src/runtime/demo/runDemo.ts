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

import { MemoryDedupStore } from '../../core/dedup';
import { runBatch, type BatchSummary } from '../cli/batchRun';
import { FAULT_PRESETS } from '../cli/faultPresets';
import { phaseLabel } from '../cli/format';
import type { CliStream } from '../cli/io';
import { openJournal, type JournalWriter } from '../cli/journal';
import { startReceiverServer, type ReceiverServer } from '../cli/receiverServer';
import { StatusLine } from '../cli/statusLine';
import { CreativeAiClient } from '../client';
import { createSandbox, type FaultOptions, type Sandbox } from '../sandbox';
import { sleep, systemClock } from '../timers';
import { createUndiciTransport } from '../transport/undici';
import { JobAccounting } from './accounting';
import { buildSummary } from './books';
import { sendForgedDelivery } from './forgedDelivery';
import { reconcileByPolling, recordDelivery } from './jobEnds';
import { batchEventLine, boardChangeLines, statusText } from './progress';
import { findSampleManifest } from './sampleManifest';
import { saveFiles } from './saveFiles';
import { StatusBoard } from './statusBoard';
import type { DemoSummary } from './summary';
import { watchUntilSettled } from './watch';

/** 60: a 3-minute render takes about 3 s. */
export const DEMO_TIME_SCALE = 60;
/** A seed whose dice show every safeguard at work on the sample manifest. */
export const DEMO_SEED = 5;
export const DEMO_CONCURRENCY = 4;
/** The whole run, sandbox start to summary; well under a minute. */
export const DEMO_DEADLINE_MS = 50_000;
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
	const status = options.statusStream && new StatusLine(options.statusStream);
	const emit = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
	const say = (line: string) => {
		const stamped = `[${((systemClock() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`;
		if (status?.live) status.log(stamped);
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
			onEvent: (event) => recordDelivery(event, accounting, journal, say),
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

		const row = (id: string) => accounting.entry(id)?.rowKey ?? id;
		const board = new StatusBoard(
			client,
			(id) => accounting.has(id),
			(id, now, before) => boardChangeLines(row(id), now, before).forEach(say),
		);

		let batchEndedAt: number | undefined;
		const batchRun = runBatch({
			client,
			manifestPath,
			outPath: journalPath,
			journal: keepOpen(journal),
			concurrency: options.concurrency ?? DEMO_CONCURRENCY,
			webhookUrl: receiver.url,
			signal,
			onEvent: (event) => {
				if (event.type === 'submitted') {
					const kind = event.generation.object === 'video.generation' ? 'video' : 'voice';
					accounting.submitted(event.rowKey ?? `line ${event.line}`, event.generation.id, kind);
				}
				const line = batchEventLine(event);
				if (line !== undefined) say(line);
			},
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

		await watchUntilSettled({
			board,
			accounting,
			timeScale,
			batchEndedAt: () => batchEndedAt,
			poll: (id) => {
				say(`${row(id)}: no delivery for ${id}; asking the API (polling fallback)`);
				return reconcileByPolling(client, id, accounting, journal, say, signal);
			},
			onTick: () =>
				status?.update(
					statusText(
						accounting.size,
						board.counts((entry) => phaseLabel(entry.status, entry.phase)),
						receiver?.stats,
					),
				),
			signal,
		});
		await batchRun;
		status?.done();

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
		status?.done();
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

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
