// Every webhook attempt the sandbox makes, kept in memory for GET /admin/deliveries and the
// sandbox object, and appended as one JSON line per attempt to an optional file.
// Rules: entries never hold the secret or the signature; file writes are queued in order and
// `flush()` waits for them, so a closed sandbox leaves a complete file.
import { appendFile } from 'node:fs/promises';

import type { TerminalStatus, WebhookEvent } from '../../core/contract';

/** What happened after this attempt. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'gave_up';
/** Why an attempt did not deliver. */
export type DeliveryErrorKind = 'http_status' | 'timeout' | 'connection' | 'blocked' | 'dropped';

export interface DeliveryLogEntry {
	at: string;
	generation_id: string;
	status: TerminalStatus;
	event: WebhookEvent;
	url: string;
	/** 1, 2 or 3; a duplicate repeats the number of the attempt it copies. */
	attempt: number;
	http_status: number | null;
	duration_ms: number;
	error: string | null;
	error_kind: DeliveryErrorKind | null;
	outcome: DeliveryOutcome;
	/** The wait before this attempt, in real ms (the scaled 0 s, 5 s, 30 s schedule). */
	delay_ms: number;
	/** True for the extra copy the `webhookDuplicateRate` fault sends. */
	duplicate: boolean;
	source: 'job' | 'subscription';
	subscription_id: string | null;
	account_id: string;
}

export interface DeliveryFilter {
	generationId?: string;
	accountId?: string;
}

export class DeliveryLog {
	private readonly entries: DeliveryLogEntry[] = [];
	private writes: Promise<void> = Promise.resolve();
	private writeError: unknown = null;

	constructor(private readonly path?: string) {}

	append(entry: DeliveryLogEntry): void {
		this.entries.push(entry);
		const path = this.path;
		if (path === undefined) return;
		const line = `${JSON.stringify(entry)}\n`;
		this.writes = this.writes.then(() =>
			appendFile(path, line).catch((error: unknown) => {
				this.writeError ??= error;
			}),
		);
	}

	list(filter: DeliveryFilter = {}): DeliveryLogEntry[] {
		return this.entries.filter(
			(entry) =>
				(filter.generationId === undefined || entry.generation_id === filter.generationId) &&
				(filter.accountId === undefined || entry.account_id === filter.accountId),
		);
	}

	/** Waits for queued file writes; rejects with the first write error, if any. */
	async flush(): Promise<void> {
		await this.writes;
		if (this.writeError !== null) throw this.writeError;
	}
}
