// Idempotency-Key records: the same key with the same request returns the first job, the same key
// with a different request is a conflict. Keys are scoped to the account, kept 24 h (real time,
// never scaled: it is a promise to clients that retry), and remembered only for creates that
// succeeded, so a refused request (402, 422) can be retried with its key once fixed.
// Rule: requests are compared by their canonical JSON after validation and defaults, so key order,
// `"5s"` versus `5` and an omitted default do not make a retry look like a new request.
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** JSON with object keys sorted at every level; undefined members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const members = Object.keys(value)
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.sort()
		.map(
			(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
		);
	return `{${members.join(',')}}`;
}

/** What the request was: the endpoint and its canonical body, hashed. */
export function fingerprint(endpoint: string, body: unknown): string {
	return createHash('sha256')
		.update(`${endpoint}\n${canonicalJson(body)}`)
		.digest('hex');
}

export type IdempotencyLookup =
	{ kind: 'new' } | { kind: 'replay'; generationId: string } | { kind: 'conflict' };

interface IdempotencyRecord {
	fingerprint: string;
	generationId: string;
	atMs: number;
}

export class IdempotencyRecords {
	private readonly records = new Map<string, IdempotencyRecord>();

	lookup(accountId: string, key: string, print: string, nowMs: number): IdempotencyLookup {
		this.prune(nowMs);
		const record = this.records.get(`${accountId}\n${key}`);
		if (!record) return { kind: 'new' };
		return record.fingerprint === print
			? { kind: 'replay', generationId: record.generationId }
			: { kind: 'conflict' };
	}

	remember(accountId: string, key: string, print: string, generationId: string, nowMs: number) {
		this.records.set(`${accountId}\n${key}`, { fingerprint: print, generationId, atMs: nowMs });
	}

	private prune(nowMs: number): void {
		// Map iteration follows insertion order, which is time order, so stop at the first fresh one.
		for (const [key, record] of this.records) {
			if (nowMs - record.atMs < IDEMPOTENCY_WINDOW_MS) break;
			this.records.delete(key);
		}
	}
}
