// The bulk playbook's submitter, shared by `creativeai batch`, the main job and the bench: stream
// a manifest, submit one job per row with bounded concurrency (the core's submitBatch), append
// each row's progress to the results journal, optionally wait for each job to end.
// Rules that must not break:
// - Never pay twice for a row: rows the journal already records as submitted or ended are not
//   submitted again, and every submission carries the row's derived Idempotency-Key, so a job
//   the service accepted but the journal never heard of (a crash in between) comes back as the
//   same job (rowIdempotency.ts).
// - Never skip a row that was not submitted: "already done" means the journal holds that same
//   Idempotency-Key (same batch, row key and request), not merely the same row key, which another
//   manifest sharing the journal, or an edited row, reuses for a different job.
// - One bad or refused row never stops the others; it is journaled with its line and the field.
// - The journal is the record: if a line cannot be written the batch stops (anything accepted
//   meanwhile is recovered by its key on the next run), rather than run on unrecorded.
import { setMaxListeners } from 'node:events';

import { submitBatch } from '../../core/batch';
import type { CreativeAiClient } from '../../core/client';
import { endpoints, type Generation } from '../../core/contract';
import {
	AbortedError,
	CreativeAiError,
	GenerationFailedError,
	ValidationError,
	WaitTimeoutError,
} from '../../core/errors';
import type { FieldIssue } from '../../core/errors';
import { waitForCompletion, type WaitProgress } from '../../core/wait';
import {
	DONE_STATUSES,
	openJournal,
	readJournal,
	type JournalRecord,
	type JournalWriter,
	type RowState,
} from './journal';
import { readManifest, type ManifestRow } from './manifest';
import { defaultBatchId, rowIdempotencyKey } from './rowIdempotency';

export const DEFAULT_CONCURRENCY = 4;
/** The header the service sets when an Idempotency-Key returned an earlier job. */
const REPLAYED_HEADER = 'idempotent-replayed';

export interface BatchWaitOptions {
	/** Shortest gap between polls of one job. */
	intervalMs?: number;
	/** Per job; the row is left `submitted` (and picked up by the next run) when it passes. */
	timeoutMs?: number;
}

export interface RunBatchOptions {
	client: CreativeAiClient;
	manifestPath: string;
	/** The results journal (JSONL), appended to; its rows are the resume point. */
	outPath: string;
	concurrency?: number;
	/** Part of every row's Idempotency-Key; default the manifest's file name. */
	batchId?: string;
	/** Sent as every job's webhook_url (checked against the URL policy by the caller). */
	webhookUrl?: string;
	/** Wait for each job to end, holding its concurrency slot meanwhile. */
	wait?: BatchWaitOptions;
	signal?: AbortSignal;
	onEvent?: (event: BatchEvent) => void;
	/** Where lines go; default a file journal at `outPath`. Closed by runBatch either way. */
	journal?: JournalWriter;
}

interface RowRef {
	line: number;
	rowKey: string | null;
}

export type BatchEvent =
	| (RowRef & { type: 'skipped'; state: RowState })
	| (RowRef & { type: 'invalid'; issues: FieldIssue[] })
	| (RowRef & {
			type: 'submitted';
			generation: Generation;
			replayed: boolean;
			idempotencyKey: string;
	  })
	| (RowRef & { type: 'resumed'; generationId: string })
	| (RowRef & { type: 'progress'; progress: WaitProgress })
	| (RowRef & { type: 'finished'; generationId: string; status: 'completed' | 'failed' })
	| (RowRef & { type: 'wait_timeout'; generationId: string })
	| (RowRef & { type: 'error'; generationId: string | null; error: unknown });

export interface BatchSummary {
	/** Rows read from the manifest, valid or not. */
	rows: number;
	/** Rows whose Idempotency-Key the journal already had as submitted or ended. */
	skipped: number;
	invalid: number;
	/** Rows the service accepted in this run (new jobs and replays). */
	submitted: number;
	/** Of those, jobs the service already had for the row's key: not charged again. */
	replayed: number;
	/** Rows submitted by an earlier run whose job this run waited for. */
	resumed: number;
	completed: number;
	failed: number;
	/** Rows refused or lost (an API error): the next run tries them again with the same key. */
	errors: number;
	waitTimedOut: number;
	/** Journal lines that could not be read (a torn line after a crash). */
	unreadableJournalLines: number;
	/** The batch was stopped by its signal before every row was handled. */
	aborted: boolean;
}

type RowOutcome =
	'invalid' | 'submitted' | 'completed' | 'failed' | 'error' | 'wait_timeout' | 'aborted';

/** A journal write failed: the batch must stop. */
class JournalFailure extends Error {}

/**
 * Runs the batch to the end (or until `signal` aborts) and resolves with its summary. Rejects
 * with a ManifestError when the manifest cannot be read on, and with the write error when the
 * journal cannot be written; rows handled before that are in the journal.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchSummary> {
	const { client, manifestPath, wait, onEvent } = options;
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const batchId = options.batchId ?? defaultBatchId(manifestPath);
	const index = await readJournal(options.outPath);
	const journal = options.journal ?? (await openJournal(options.outPath));
	const summary: BatchSummary = {
		rows: 0,
		skipped: 0,
		invalid: 0,
		submitted: 0,
		replayed: 0,
		resumed: 0,
		completed: 0,
		failed: 0,
		errors: 0,
		waitTimedOut: 0,
		unreadableJournalLines: index.unreadableLines,
		aborted: false,
	};
	const stopper = new AbortController();
	// Every row in flight listens on it (the client's call, the wait): more than Node's default 10.
	setMaxListeners(concurrency * 4 + 16, stopper.signal);
	const stop = (reason: unknown) => stopper.abort(reason);
	if (options.signal?.aborted) stop(options.signal.reason);
	options.signal?.addEventListener('abort', () => stop(options.signal?.reason), { once: true });
	let fatal: { error: unknown } | undefined;

	const at = () => new Date(client.ports.clock()).toISOString();
	const emit = (event: BatchEvent) => onEvent?.(event);
	const record = async (entry: Omit<JournalRecord, 'at'>): Promise<void> => {
		try {
			await journal.append({ ...entry, at: at() });
		} catch (error) {
			throw new JournalFailure(
				`cannot write the results journal ${options.outPath}: ${messageOf(error)}`,
				{ cause: error },
			);
		}
	};

	const keyOf = (row: ManifestRow & { ok: true }) =>
		rowIdempotencyKey(batchId, row.rowKey, row.request);

	/** The rows to hand to submitBatch: counted, and those already done left out. */
	async function* pending(): AsyncGenerator<ManifestRow> {
		for await (const row of readManifest(manifestPath)) {
			summary.rows++;
			const state = row.ok ? index.jobs.get(keyOf(row)) : undefined;
			const resumable = state?.status === 'submitted' && wait !== undefined;
			if (state !== undefined && DONE_STATUSES.has(state.status) && !resumable) {
				summary.skipped++;
				emit({ type: 'skipped', line: row.line, rowKey: row.rowKey, state });
				continue;
			}
			yield row;
		}
	}

	async function handle(
		row: ManifestRow,
		_index: number,
		signal: AbortSignal | undefined,
	): Promise<RowOutcome> {
		const ref: RowRef = { line: row.line, rowKey: row.rowKey };
		const base = { row_key: row.rowKey, line: row.line };
		if (!row.ok) {
			await record({
				...base,
				kind: null,
				generation_id: null,
				status: 'invalid',
				source: 'manifest',
				error: { code: 'validation_error', message: issuesText(row.issues), fields: row.issues },
			});
			emit({ ...ref, type: 'invalid', issues: row.issues });
			return 'invalid';
		}
		const { kind } = row.request;
		const idempotencyKey = keyOf(row);
		const prior = index.jobs.get(idempotencyKey);
		let generation: Generation | string;
		if (prior?.status === 'submitted' && prior.generationId !== null) {
			// Submitted by an earlier run: wait for that job; never submit the row again.
			generation = prior.generationId;
			summary.resumed++;
			emit({ ...ref, type: 'resumed', generationId: prior.generationId });
		} else {
			const endpoint = kind === 'video' ? endpoints.createVideo : endpoints.createVoice;
			const body =
				options.webhookUrl === undefined
					? row.request.input
					: { ...row.request.input, webhook_url: options.webhookUrl };
			let replayed: boolean;
			try {
				const response = await client.send(endpoint, { body, idempotencyKey, signal });
				generation = response.data;
				replayed = response.headers[REPLAYED_HEADER] === 'true';
			} catch (error) {
				if (signal?.aborted) return 'aborted';
				await record({
					...base,
					kind,
					generation_id: null,
					status: 'error',
					source: 'submit',
					idempotency_key: idempotencyKey,
					error: errorRecord(error),
				});
				emit({ ...ref, type: 'error', generationId: null, error });
				return 'error';
			}
			await record({
				...base,
				kind,
				...generationFields(generation),
				status: 'submitted',
				source: 'submit',
				idempotency_key: idempotencyKey,
				replayed,
				error: null,
			});
			summary.submitted++;
			if (replayed) summary.replayed++;
			emit({ ...ref, type: 'submitted', generation, replayed, idempotencyKey });
		}
		if (wait === undefined) return 'submitted';
		return waitForRow(row.rowKey, idempotencyKey, ref, kind, generation, signal);
	}

	async function waitForRow(
		rowKey: string,
		idempotencyKey: string,
		ref: RowRef,
		kind: 'video' | 'voice',
		generation: Generation | string,
		signal: AbortSignal | undefined,
	): Promise<RowOutcome> {
		const id = typeof generation === 'string' ? generation : generation.id;
		const base = {
			row_key: rowKey,
			line: ref.line,
			kind,
			source: 'poll' as const,
			idempotency_key: idempotencyKey,
		};
		try {
			const done = await waitForCompletion(client, generation, {
				kind,
				intervalMs: wait?.intervalMs,
				timeoutMs: wait?.timeoutMs,
				signal,
				onProgress: (progress) => emit({ ...ref, type: 'progress', progress }),
			});
			await record({ ...base, ...generationFields(done), status: 'completed', error: null });
			emit({ ...ref, type: 'finished', generationId: id, status: 'completed' });
			return 'completed';
		} catch (error) {
			if (error instanceof JournalFailure) throw error;
			if (signal?.aborted) return 'aborted';
			if (error instanceof GenerationFailedError) {
				await record({
					...base,
					generation_id: id,
					status: 'failed',
					error: errorRecord(error),
				});
				emit({ ...ref, type: 'finished', generationId: id, status: 'failed' });
				return 'failed';
			}
			// Still running (a timeout) or unreachable for now: the row stays `submitted`, so the
			// next run waits for this same job instead of submitting a new one.
			await record({ ...base, generation_id: id, status: 'submitted', error: errorRecord(error) });
			if (error instanceof WaitTimeoutError) {
				emit({ ...ref, type: 'wait_timeout', generationId: id });
				return 'wait_timeout';
			}
			emit({ ...ref, type: 'error', generationId: id, error });
			return 'error';
		}
	}

	try {
		const results = submitBatch(pending(), handle, {
			concurrency,
			order: 'completion',
			signal: stopper.signal,
		});
		for await (const result of results) {
			if (result.ok) {
				tally(summary, result.value);
				continue;
			}
			if (result.error instanceof JournalFailure) {
				fatal ??= { error: result.error };
				stop(result.error);
			} else if (!(result.error instanceof AbortedError)) {
				// handle() turns every per-row failure into an outcome; anything else is a bug
				// worth stopping for rather than a row to skip.
				fatal ??= { error: result.error };
				stop(result.error);
			}
		}
	} finally {
		await journal.close();
	}
	if (fatal !== undefined) throw fatal.error;
	summary.aborted = stopper.signal.aborted;
	return summary;
}

function tally(summary: BatchSummary, outcome: RowOutcome): void {
	if (outcome === 'invalid') summary.invalid++;
	else if (outcome === 'error') summary.errors++;
	else if (outcome === 'wait_timeout') summary.waitTimedOut++;
	else if (outcome === 'completed') summary.completed++;
	else if (outcome === 'failed') summary.failed++;
	// 'submitted' was counted when the service accepted the row; 'aborted' counts nowhere.
}

/** The generation's fields worth keeping per row. */
function generationFields(generation: Generation): Partial<JournalRecord> & {
	generation_id: string;
} {
	const fields: Partial<JournalRecord> & { generation_id: string } = {
		generation_id: generation.id,
		credits: generation.credits,
		output_url: generation.output_url,
	};
	if (generation.object === 'video.generation') {
		fields.model_actual = generation.model_actual;
		fields.failover_used = generation.failover_used;
	}
	return fields;
}

function errorRecord(error: unknown): NonNullable<JournalRecord['error']> {
	if (error instanceof ValidationError) {
		return { code: error.code, message: error.message, fields: error.fields };
	}
	if (error instanceof CreativeAiError) return { code: error.code, message: error.message };
	return { code: 'unexpected', message: messageOf(error) };
}

export function issuesText(issues: readonly FieldIssue[]): string {
	return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
