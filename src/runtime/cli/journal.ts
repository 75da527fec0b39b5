// The results journal of a batch: one JSON line per row event, appended as it happens
// (`submitted` when the service accepts a job, `completed`/`failed` when it ends, `invalid` or
// `error` when it could not be submitted). The last line for a job's Idempotency-Key is that
// job's state, so the file doubles as the per-row tracking log and as the resume point of the
// next run.
// Rules: append-only, one write per line, so a crash loses at most the line being written, and a
// torn last line is closed off before anything is appended after it; reading tolerates such a
// line rather than refusing to resume. The index is keyed by the Idempotency-Key (batch id, row
// key and request), never by the row key alone: two manifests sharing one journal, or an edited
// row, reuse row keys for jobs that were never submitted.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { z } from 'zod/v4';

export const journalStatusSchema = z.enum(['submitted', 'completed', 'failed', 'invalid', 'error']);
export type JournalStatus = z.infer<typeof journalStatusSchema>;

export const journalRecordSchema = z.object({
	row_key: z.string().nullable(),
	/** The manifest line the row starts on. */
	line: z.number().int().nullable(),
	kind: z.enum(['video', 'voice']).nullable(),
	generation_id: z.string().nullable(),
	status: journalStatusSchema,
	/** Where this line's status came from. */
	source: z.enum(['submit', 'poll', 'webhook', 'manifest']),
	idempotency_key: z.string().nullable().optional(),
	/** True when the service answered an earlier job for this key instead of making a new one. */
	replayed: z.boolean().optional(),
	model_actual: z.string().nullable().optional(),
	failover_used: z.boolean().optional(),
	credits: z.number().optional(),
	output_url: z.string().nullable().optional(),
	error: z
		.object({
			code: z.string(),
			message: z.string(),
			fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
		})
		.nullable(),
	at: z.string(),
});
export type JournalRecord = z.infer<typeof journalRecordSchema>;

/** Statuses after which a row is not submitted again: it has a job, or had one that ended. */
export const DONE_STATUSES: ReadonlySet<JournalStatus> = new Set([
	'submitted',
	'completed',
	'failed',
]);

export interface RowState {
	status: JournalStatus;
	generationId: string | null;
	kind: 'video' | 'voice' | null;
}

export interface JournalIndex {
	/** The last state recorded for each job, by its Idempotency-Key. */
	jobs: Map<string, RowState>;
	/** Lines that were not a journal record (a torn last line after a crash, an edit). */
	unreadableLines: number;
}

/** Reads the journal at `path` (an absent file is an empty journal). */
export async function readJournal(path: string): Promise<JournalIndex> {
	const jobs = new Map<string, RowState>();
	// A line without a key (an end written by an older version, or by the main job's webhook
	// receiver) belongs to the job whose submit line named the same generation id.
	const keyOfGeneration = new Map<string, string>();
	let unreadableLines = 0;
	const input = createReadStream(path);
	const opened = await new Promise<boolean>((resolve, reject) => {
		input.once('open', () => resolve(true));
		input.once('error', (error: NodeJS.ErrnoException) =>
			error.code === 'ENOENT' ? resolve(false) : reject(error),
		);
	});
	if (!opened) return { jobs, unreadableLines };
	const lines = createInterface({ input, crlfDelay: Infinity });
	for await (const text of lines) {
		if (text.trim() === '') continue;
		const record = parseRecord(text);
		if (record === undefined) {
			unreadableLines++;
			continue;
		}
		const generationId = record.generation_id;
		const key =
			record.idempotency_key ??
			(generationId === null ? undefined : keyOfGeneration.get(generationId));
		// No key and no known job (an invalid row): nothing was submitted, nothing to skip.
		if (key === undefined) continue;
		if (generationId !== null) keyOfGeneration.set(generationId, key);
		jobs.set(key, {
			status: record.status,
			generationId: generationId ?? jobs.get(key)?.generationId ?? null,
			kind: record.kind,
		});
	}
	return { jobs, unreadableLines };
}

function parseRecord(text: string): JournalRecord | undefined {
	try {
		const parsed = journalRecordSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

export interface JournalWriter {
	append(record: JournalRecord): Promise<void>;
	close(): Promise<void>;
}

const NEWLINE = 0x0a;

/** Opens `path` for appending (creating it), after closing off a torn last line if there is one. */
export async function openJournal(path: string): Promise<JournalWriter> {
	const handle = await open(path, 'a+');
	try {
		await closeTornLine(handle);
	} catch (error) {
		await handle.close();
		throw error;
	}
	let writes: Promise<void> = Promise.resolve();
	let closed = false;
	return {
		append(record) {
			if (closed) return Promise.reject(new Error('the results journal is closed'));
			const line = `${JSON.stringify(record)}\n`;
			const write = writes.then(async () => {
				await handle.write(line);
			});
			// A failed write fails its own append; later appends still run in order.
			writes = write.catch(() => undefined);
			return write;
		},
		async close() {
			if (closed) return;
			closed = true;
			await writes;
			await handle.close();
		},
	};
}

async function closeTornLine(handle: FileHandle): Promise<void> {
	const { size } = await handle.stat();
	if (size === 0) return;
	const last = Buffer.alloc(1);
	await handle.read(last, 0, 1, size - 1);
	if (last[0] !== NEWLINE) await handle.write('\n');
}
