// The credit ledger: one balance per account and every movement with its reason, so a test (or
// a user at GET /admin/ledger) can check that a failed job cost nothing and a completed one cost
// exactly its final price.
// Rules: a debit checks and takes in one synchronous step (no await between them), so two
// concurrent submissions can never both spend the last credits; balances never go below zero.

export type LedgerEntryKind = 'grant' | 'debit' | 'failover_adjustment' | 'refund';

export interface LedgerEntry {
	id: string;
	at: string;
	account_id: string;
	generation_id: string | null;
	kind: LedgerEntryKind;
	/** Signed: negative for a debit, positive for a grant, adjustment or refund. */
	amount: number;
	balance_after: number;
	note: string;
}

export class Ledger {
	private readonly balances = new Map<string, number>();
	private readonly log: LedgerEntry[] = [];

	/** Opens an account with a starting grant. */
	open(accountId: string, credits: number, atMs: number): void {
		if (this.balances.has(accountId)) throw new Error(`account ${accountId} is already open`);
		this.balances.set(accountId, 0);
		this.record(accountId, null, 'grant', credits, atMs, 'starting credits');
	}

	balance(accountId: string): number {
		const balance = this.balances.get(accountId);
		if (balance === undefined) throw new Error(`unknown account ${accountId}`);
		return balance;
	}

	/** Takes `amount` if the balance covers it; false (and nothing recorded) when it does not. */
	tryDebit(accountId: string, generationId: string, amount: number, atMs: number, note: string) {
		if (this.balance(accountId) < amount) return false;
		this.record(accountId, generationId, 'debit', -amount, atMs, note);
		return true;
	}

	/** Gives credits back (a refund or a failover to a cheaper provider). */
	credit(
		accountId: string,
		generationId: string,
		kind: 'failover_adjustment' | 'refund',
		amount: number,
		atMs: number,
		note: string,
	): void {
		if (!(amount > 0)) throw new Error(`a ${kind} must be positive, got ${amount}`);
		this.record(accountId, generationId, kind, amount, atMs, note);
	}

	entries(accountId?: string): LedgerEntry[] {
		return this.log.filter((entry) => accountId === undefined || entry.account_id === accountId);
	}

	private record(
		accountId: string,
		generationId: string | null,
		kind: LedgerEntryKind,
		amount: number,
		atMs: number,
		note: string,
	): void {
		const balanceAfter = this.balance(accountId) + amount;
		this.balances.set(accountId, balanceAfter);
		this.log.push({
			id: `le_${this.log.length + 1}`,
			at: new Date(atMs).toISOString(),
			account_id: accountId,
			generation_id: generationId,
			kind,
			amount,
			balance_after: balanceAfter,
			note,
		});
	}
}
