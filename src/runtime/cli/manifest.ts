// Reads a bulk manifest (CSV with a header row, or JSONL: one JSON object a line) as a stream of
// rows, each mapped to a job request (rowRequest.ts) and tagged with the line it starts on.
// Rules: streamed (csv-parse's stream, readline), so memory does not grow with the file, except
// for the set of row keys seen, which catches a key used twice; a bad row is yielded as invalid
// with its line and the field at fault and never stops the rows after it; only a file that
// cannot be read on (an unclosed quote) ends the stream, with an error naming the line.
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { parse } from 'csv-parse';

import type { FieldIssue } from '../../core/errors';
import { parseJson } from '../../core/json';
import { normaliseColumnName, rowToRequest, type RowRequest } from './rowRequest';

export type ManifestFormat = 'csv' | 'jsonl';

export type ManifestRow =
	| { ok: true; line: number; rowKey: string; request: RowRequest }
	| { ok: false; line: number; rowKey: string | null; issues: FieldIssue[] };

/** A manifest the reader could not get through: the rows before `line` were read. */
export class ManifestError extends Error {
	readonly line: number | undefined;

	constructor(message: string, line?: number) {
		super(message);
		this.name = 'ManifestError';
		this.line = line;
	}
}

/** `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are one JSON object a line. */
export function manifestFormatOf(path: string): ManifestFormat {
	const extension = extname(path).toLowerCase();
	if (extension === '.csv') return 'csv';
	if (extension === '.jsonl' || extension === '.ndjson' || extension === '.json') return 'jsonl';
	throw new ManifestError(
		`cannot tell the format of ${basename(path)}: name it .csv or .jsonl (one JSON object a line)`,
	);
}

/** Streams the rows of the manifest at `path`. */
export function readManifest(path: string): AsyncGenerator<ManifestRow> {
	const format = manifestFormatOf(path);
	const stream = createReadStream(path);
	return format === 'csv' ? readCsvManifest(stream) : readJsonlManifest(stream);
}

/** Rows of a CSV manifest; the first non-empty record is the header. */
export async function* readCsvManifest(input: Readable): AsyncGenerator<ManifestRow> {
	const parser = input.pipe(
		parse({ bom: true, raw: true, info: true, relax_column_count: true, skip_empty_lines: true }),
	);
	// csv-parse does not forward a source error through pipe(); do it so the loop below ends.
	input.once('error', (error) => parser.destroy(error));
	const keys = new RowKeys();
	let header: string[] | undefined;
	try {
		for await (const chunk of parser as AsyncIterable<CsvChunk>) {
			const line = startLine(chunk);
			if (header === undefined) {
				header = chunk.record.map(normaliseColumnName);
				continue;
			}
			if (chunk.record.every((cell) => cell.trim() === '')) continue;
			if (chunk.record.length !== header.length) {
				yield {
					ok: false,
					line,
					rowKey: null,
					issues: [
						{
							field: '(row)',
							message: `has ${chunk.record.length} fields but the header has ${header.length}: check for an unquoted comma`,
						},
					],
				};
				continue;
			}
			const fields: Record<string, string> = {};
			header.forEach((name, i) => (fields[name] = chunk.record[i]));
			yield keys.check(line, rowToRequest(fields));
		}
	} catch (error) {
		throw asManifestError(error);
	} finally {
		input.destroy();
	}
}

/** Rows of a JSONL manifest; blank lines are skipped. */
export async function* readJsonlManifest(input: Readable): AsyncGenerator<ManifestRow> {
	const lines = createInterface({ input, crlfDelay: Infinity });
	const keys = new RowKeys();
	let line = 0;
	try {
		for await (const text of lines) {
			line++;
			if (text.trim() === '') continue;
			// The core's reader: no "__proto__" key survives, so every field is the row's own.
			const parsed = parseJson(text);
			if (!parsed.ok) {
				yield invalidLine(
					line,
					parsed.reason === 'too_deep' ? 'nests objects too deeply' : 'is not valid JSON',
				);
				continue;
			}
			const value = parsed.value;
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				yield invalidLine(line, 'must be a JSON object such as {"id": "a1", "prompt": "..."}');
				continue;
			}
			const fields: Record<string, unknown> = {};
			for (const [name, cell] of Object.entries(value)) fields[normaliseColumnName(name)] = cell;
			yield keys.check(line, rowToRequest(fields));
		}
	} catch (error) {
		throw asManifestError(error);
	} finally {
		lines.close();
		input.destroy();
	}
}

interface CsvChunk {
	record: string[];
	raw: string;
	info: { lines: number };
}

/**
 * The line a record starts on. csv-parse reports the line it ends on; a quoted cell may span
 * lines, and the raw text may begin with skipped empty lines, so count back over the record.
 */
function startLine(chunk: CsvChunk): number {
	const body = chunk.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
	const innerBreaks = body.split('\n').length - 1;
	return chunk.info.lines - innerBreaks;
}

function invalidLine(line: number, message: string): ManifestRow {
	return { ok: false, line, rowKey: null, issues: [{ field: '(line)', message }] };
}

/** Catches a row key used twice; the second row is refused, naming the first one's line. */
class RowKeys {
	readonly #firstLine = new Map<string, number>();

	check(line: number, result: ReturnType<typeof rowToRequest>): ManifestRow {
		if (!result.ok || result.rowKey === null) return { ...result, line };
		const first = this.#firstLine.get(result.rowKey);
		if (first !== undefined) {
			return {
				ok: false,
				line,
				rowKey: result.rowKey,
				issues: [{ field: 'id', message: `"${result.rowKey}" is already used on line ${first}` }],
			};
		}
		this.#firstLine.set(result.rowKey, line);
		return { ...result, line };
	}
}

function asManifestError(error: unknown): ManifestError {
	if (error instanceof ManifestError) return error;
	const line = (error as { lines?: unknown }).lines;
	const message = error instanceof Error ? error.message : String(error);
	return typeof line === 'number'
		? new ManifestError(`line ${line}: ${message}`, line)
		: new ManifestError(message);
}
