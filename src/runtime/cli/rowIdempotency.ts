// The Idempotency-Key of a manifest row: sha256 over the batch's identity, the row key and the
// row's request in canonical JSON. The same row of the same batch always gets the same key, so a
// run that crashed after the server accepted a job but before the journal recorded it gets that
// same job back when it is run again (the service keeps keys 24 h), and is never charged twice.
// Rules: the key depends on what is asked for, not on how it was written (keys sorted, defaults
// filled, "5s" read as 5 by the contract first); a changed prompt is a new job and gets a new key.
// The webhook URL is left out on purpose: re-running with another callback URL must not buy the
// job again (the service answers 409 for a key reused with another body, which is reported).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

import type { RowRequest } from './rowRequest';

export const ROW_KEY_PREFIX = 'cai-batch-';
/** Bumped if the derivation ever changes, so old and new keys cannot collide. */
const DERIVATION_VERSION = 'v1';

/** The batch's identity when none is given: the manifest's file name, not its folder. */
export function defaultBatchId(manifestPath: string): string {
	return basename(manifestPath);
}

export function rowIdempotencyKey(batchId: string, rowKey: string, request: RowRequest): string {
	const digest = createHash('sha256')
		.update(DERIVATION_VERSION)
		.update('\n')
		.update(batchId)
		.update('\n')
		.update(rowKey)
		.update('\n')
		.update(canonicalJson({ kind: request.kind, ...request.input }))
		.digest('hex');
	return `${ROW_KEY_PREFIX}${digest}`;
}

/** JSON with object keys sorted at every level; undefined members dropped, as JSON does. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const record = value as Record<string, unknown>;
	const members = Object.keys(record)
		.filter((key) => record[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
	return `{${members.join(',')}}`;
}
