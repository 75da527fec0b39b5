// The main job's result: the figures a user checks at a glance, and the table they are printed
// in. Pure: the run fills a DemoSummary, this file only renders it.

export interface DemoSummary {
	/** Manifest rows read, and of those the ones refused before submission. */
	rows: number;
	invalidRows: number;
	/** Distinct jobs the service accepted for the rows. */
	submitted: number;
	completed: number;
	failed: number;
	failedOver: number;
	/** Create answers lost on the way and recovered by resending with the same Idempotency-Key. */
	replayedCreates: number;
	deliveriesVerified: number;
	duplicatesSuppressed: number;
	/** Verified deliveries of jobs already settled by polling (counted once, as polled). */
	lateDeliveries: number;
	forgedRejected: number;
	reconciledByPolling: number;
	filesSaved: number;
	/** Credits taken at submission, given back (failures and cheaper failover), and the net cost. */
	creditsDebited: number;
	creditsRefunded: number;
	creditsNet: number;
	/** True when every row has one job, every job one recorded end and one debit, and nothing is left over. */
	accountedExactlyOnce: boolean;
	/** What broke that promise, or went wrong otherwise; empty on a clean run. */
	problems: string[];
	elapsedMs: number;
	outDir: string;
	journalPath: string;
}

type Row = [label: string, value: string, note?: string];

export function summaryRows(s: DemoSummary): Row[] {
	return [
		[
			'jobs submitted',
			String(s.submitted),
			`${s.rows} rows${s.invalidRows > 0 ? `, ${s.invalidRows} invalid` : ''}`,
		],
		['completed', String(s.completed)],
		['failed', String(s.failed), s.failed > 0 ? 'credits refunded' : undefined],
		['failed over to a backup provider', String(s.failedOver), 'never at a higher price'],
		['deliveries verified', String(s.deliveriesVerified), 'HMAC over the raw body'],
		['duplicates suppressed', String(s.duplicatesSuppressed), 'answered 200, handled once'],
		['forged deliveries rejected', String(s.forgedRejected), 'answered 401'],
		['reconciled by polling', String(s.reconciledByPolling), 'delivery lost or late'],
		['files saved', String(s.filesSaved), `MP4 ftyp checked, in ${s.outDir}`],
		['lost create answers replayed', String(s.replayedCreates), 'same job, not charged twice'],
		[
			'credits spent',
			String(s.creditsNet),
			`${s.creditsDebited} debited - ${s.creditsRefunded} refunded`,
		],
		['credits refunded', String(s.creditsRefunded)],
		['every job accounted for once', s.accountedExactlyOnce ? 'yes' : 'NO'],
	];
}

/** A bordered two-column table with notes, then any problems, one per line. */
export function renderSummary(s: DemoSummary): string {
	const rows = summaryRows(s);
	const labelWidth = Math.max(...rows.map(([label]) => label.length));
	const valueWidth = Math.max(...rows.map(([, value]) => value.length));
	const noteWidth = Math.max(...rows.map(([, , note]) => (note ?? '').length));
	const rule = `+${'-'.repeat(labelWidth + 2)}+${'-'.repeat(valueWidth + 2)}+${'-'.repeat(noteWidth + 2)}+`;
	const lines = [
		`Summary (${(s.elapsedMs / 1000).toFixed(1)} s)`,
		rule,
		...rows.map(
			([label, value, note]) =>
				`| ${label.padEnd(labelWidth)} | ${value.padStart(valueWidth)} | ${(note ?? '').padEnd(noteWidth)} |`,
		),
		rule,
		`journal: ${s.journalPath}`,
	];
	if (s.problems.length > 0) {
		lines.push('Problems:', ...s.problems.map((problem) => `  - ${problem}`));
	}
	return lines.join('\n');
}
