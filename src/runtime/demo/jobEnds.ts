// The two ways the main job learns that a job ended: its verified webhook delivery, or, when the
// delivery is overdue, the polling fallback (waitForCompletion by id). Either records the end in
// the books and the per-listing journal.
// Rule: whichever comes first counts (accounting.ts); the other is noted as late and changes
// nothing, so no job is counted twice however the two race.
import type { CreativeAiClient } from '../../core/client';
import type { Generation, TerminalStatus } from '../../core/contract';
import { GenerationFailedError } from '../../core/errors';
import { waitForCompletion } from '../../core/wait';
import type { ReceivedEvent } from '../../core/webhooks';
import type { JournalWriter } from '../cli/journal';
import type { JobAccounting, JobEnd } from './accounting';

/** The polling fallback's shortest gap between GETs of one job. */
export const RECONCILE_POLL_MS = 200;

type Say = (line: string) => void;

/** A delivery that passed the receive pipeline: the job's end, unless polling got there first. */
export async function recordDelivery(
	event: ReceivedEvent,
	accounting: JobAccounting,
	journal: JournalWriter,
	say: Say,
): Promise<void> {
	const { payload } = event;
	const end: JobEnd = {
		status: event.status,
		source: 'webhook',
		failoverUsed: payload.object === 'video.generation' && payload.failover_used === true,
		outputUrl: payload.output_url,
	};
	const row = accounting.entry(event.generationId)?.rowKey ?? event.generationId;
	if (!accounting.ended(event.generationId, end)) {
		say(`${row}: late delivery of ${event.key}, already settled by polling`);
		return;
	}
	await journalEnd(journal, accounting, event.generationId, end, {
		credits: payload.credits,
		errorMessage: payload.error_message ?? null,
	});
	say(`${row}: delivery verified: ${event.event}${end.failoverUsed ? ' (after failover)' : ''}`);
}

/** The polling fallback for one job: reads it by id until it ends, then records that end. */
export async function reconcileByPolling(
	client: CreativeAiClient,
	id: string,
	accounting: JobAccounting,
	journal: JournalWriter,
	say: Say,
	signal: AbortSignal,
): Promise<void> {
	const row = accounting.entry(id)?.rowKey ?? id;
	const kind = accounting.entry(id)?.kind ?? 'video';
	let job: Generation;
	try {
		job = await waitForCompletion(client, id, { kind, intervalMs: RECONCILE_POLL_MS, signal });
	} catch (error) {
		if (!(error instanceof GenerationFailedError)) {
			say(
				`${row}: polling ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
			);
			return;
		}
		// A failed job ends the wait with an error; read it once more for its fields.
		job =
			kind === 'video'
				? await client.getVideo(id, { signal })
				: await client.getVoice(id, { signal });
	}
	const end: JobEnd = {
		status: job.status === 'completed' ? 'completed' : 'failed',
		source: 'poll',
		failoverUsed: job.object === 'video.generation' && job.failover_used,
		outputUrl: job.output_url,
	};
	if (!accounting.ended(id, end)) return;
	await journalEnd(journal, accounting, id, end, {
		credits: job.credits,
		errorMessage: job.error_message,
	});
	say(`${row}: reconciled by polling: ${id} ${end.status}`);
}

/** The journal line of a job's end, in the same journal the batch wrote its submission to. */
function journalEnd(
	journal: JournalWriter,
	accounting: JobAccounting,
	id: string,
	end: JobEnd,
	fields: { credits: number; errorMessage: string | null },
): Promise<void> {
	const entry = accounting.entry(id);
	const status: TerminalStatus = end.status;
	return journal.append({
		row_key: entry?.rowKey ?? null,
		line: null,
		kind: entry?.kind ?? null,
		generation_id: id,
		status,
		source: end.source,
		failover_used: end.failoverUsed,
		credits: fields.credits,
		output_url: end.outputUrl,
		error:
			status === 'failed'
				? { code: 'generation_failed', message: fields.errorMessage ?? 'no reason given' }
				: null,
		at: new Date().toISOString(),
	});
}
