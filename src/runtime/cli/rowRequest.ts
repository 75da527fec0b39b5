// One manifest row -> one job request. A row is a flat record (a CSV line under its header, or a
// JSONL object); its `id`, `listing_id` or `sku` is the row key, `type` says video (default) or
// voice, and the createVideo / createVoice fields are read by name. Other columns (address,
// price, agent) are the user's own metadata and are ignored.
// Rules: pure (no I/O); a bad row becomes a list of field issues, never an exception; the request
// is the contract's parsed form (defaults filled, `"5s"` read as 5), so the same job written two
// ways yields the same request and hence the same Idempotency-Key.
import {
	createVideoRequestSchema,
	createVoiceRequestSchema,
	toFieldIssues,
	type CreateVideoRequest,
	type CreateVoiceRequest,
} from '../../core/contract';
import type { FieldIssue } from '../../core/errors';

/** Columns that name the row, in order of preference. */
export const ROW_KEY_COLUMNS = ['id', 'listing_id', 'sku'] as const;

export const VIDEO_COLUMNS = [
	'prompt',
	'image_url',
	'aspect_ratio',
	'duration',
	'resolution',
	'model',
	'failover',
] as const;
export const VOICE_COLUMNS = ['text', 'voice', 'language', 'speed'] as const;

export type RowRequest =
	| { kind: 'video'; input: Omit<CreateVideoRequest, 'webhook_url'> }
	| { kind: 'voice'; input: Omit<CreateVoiceRequest, 'webhook_url'> };

export type RowResult =
	| { ok: true; rowKey: string; request: RowRequest }
	| { ok: false; rowKey: string | null; issues: FieldIssue[] };

/** `Listing ID`, `listing-id` and `listing_id` all name the same column. */
export function normaliseColumnName(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** Maps a row (column names already normalised) to a request, or the issues that stop it. */
export function rowToRequest(row: Readonly<Record<string, unknown>>): RowResult {
	const value = (name: string): unknown => presentValue(row[name]);
	const keyColumn = ROW_KEY_COLUMNS.find((name) => value(name) !== undefined);
	const rawKey = keyColumn === undefined ? undefined : value(keyColumn);
	const rowKey =
		typeof rawKey === 'string' || typeof rawKey === 'number' ? String(rawKey).trim() : null;
	const issues: FieldIssue[] = [];
	if (rowKey === null) {
		issues.push({
			field: 'id',
			message: `missing: give every row an ${ROW_KEY_COLUMNS.join(', ')} value (text or a number)`,
		});
	}

	const kind = kindOf(value('type'), value('text') !== undefined && value('prompt') === undefined);
	if (kind === undefined) {
		issues.push({ field: 'type', message: 'must be video or voice' });
		return { ok: false, rowKey, issues };
	}
	const columns = kind === 'video' ? VIDEO_COLUMNS : VOICE_COLUMNS;
	const input: Record<string, unknown> = {};
	for (const name of columns) {
		const cell = value(name);
		if (cell !== undefined) input[name] = coerce(name, cell);
	}
	const schema = kind === 'video' ? createVideoRequestSchema : createVoiceRequestSchema;
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		// zod says "expected string, received undefined" for an empty required cell; say it plainly.
		for (const issue of toFieldIssues(parsed.error)) {
			const missing =
				!(issue.field in input) && (columns as readonly string[]).includes(issue.field);
			issues.push(
				missing ? { field: issue.field, message: `is required for a ${kind} row` } : issue,
			);
		}
	}
	if (issues.length > 0 || !parsed.success || rowKey === null) {
		return { ok: false, rowKey, issues };
	}
	return { ok: true, rowKey, request: { kind, input: parsed.data } as RowRequest };
}

function kindOf(type: unknown, looksLikeVoice: boolean): 'video' | 'voice' | undefined {
	if (type === undefined) return looksLikeVoice ? 'voice' : 'video';
	if (typeof type !== 'string') return undefined;
	const normalised = type.trim().toLowerCase();
	return normalised === 'video' || normalised === 'voice' ? normalised : undefined;
}

/** An empty cell, null or a blank string counts as not given. */
function presentValue(cell: unknown): unknown {
	if (cell === null || cell === undefined) return undefined;
	if (typeof cell === 'string' && cell.trim() === '') return undefined;
	return typeof cell === 'string' ? cell.trim() : cell;
}

const BOOLEAN_WORDS: Record<string, boolean> = {
	true: true,
	yes: true,
	'1': true,
	false: false,
	no: false,
	'0': false,
};
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * CSV cells are text: `failover` and `speed` are turned into their types when the text is
 * unambiguous, and left as text otherwise so the schema names the field. `duration` stays text:
 * the contract reads `5` and `5s` itself.
 */
function coerce(name: string, cell: unknown): unknown {
	if (typeof cell !== 'string') return cell;
	if (name === 'failover') return BOOLEAN_WORDS[cell.toLowerCase()] ?? cell;
	if (name === 'speed' && NUMBER_TEXT.test(cell)) return Number(cell);
	return cell;
}
