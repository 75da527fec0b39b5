// Reading bulk manifests: CSV and JSONL rows become job requests tagged with the line they start
// on; a bad row is named by its line and the field at fault and never stops the rows after it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import {
	ManifestError,
	manifestFormatOf,
	readCsvManifest,
	readJsonlManifest,
	readManifest,
	type ManifestRow,
} from '../../../src/runtime/cli/manifest';
import { rowToRequest } from '../../../src/runtime/cli/rowRequest';
import { tempDir } from './helpers';

async function rowsOf(source: AsyncIterable<ManifestRow>): Promise<ManifestRow[]> {
	const rows: ManifestRow[] = [];
	for await (const row of source) rows.push(row);
	return rows;
}

const csv = (text: string) => rowsOf(readCsvManifest(Readable.from([text])));
const jsonl = (text: string) => rowsOf(readJsonlManifest(Readable.from([text])));

function invalid(row: ManifestRow | undefined) {
	if (row === undefined || row.ok)
		throw new Error(`expected an invalid row, got ${JSON.stringify(row)}`);
	return row;
}

describe('prototype keys in a JSONL row (issue 11, class 3)', () => {
	it.each(['__proto__', '\\u005f_proto__'])(
		'never reads a prompt hidden under "%s": the row is refused, not paid for',
		async (key) => {
			const rows = await jsonl(`{"id":"a1","${key}":{"prompt":"hidden","duration":5}}\n`);
			expect(invalid(rows[0]).issues).toEqual([
				{ field: 'prompt', message: 'is required for a video row' },
			]);
		},
	);
});

describe('CSV manifests', () => {
	it('maps each row to a createVideo request keyed by its listing_id', async () => {
		const rows = await csv(
			'listing_id,address,prompt,image_url,aspect_ratio,duration\n' +
				'L-1,1 Main St,Front porch at dusk,https://images.example.com/1.jpg,16:9,5s\n',
		);
		expect(rows).toEqual([
			{
				ok: true,
				line: 2,
				rowKey: 'L-1',
				request: {
					kind: 'video',
					input: {
						model: 'auto',
						prompt: 'Front porch at dusk',
						image_url: 'https://images.example.com/1.jpg',
						aspect_ratio: '16:9',
						duration: 5,
						failover: true,
					},
				},
			},
		]);
	});

	it('names a bad row by its line and field and still reads the rows after it', async () => {
		const rows = await csv(
			'id,prompt,duration\n' + 'a,Kitchen,5\n' + 'b,Garden,90\n' + 'c,,5\n' + 'd,Pool,6\n',
		);
		expect(rows.map((row) => [row.line, row.ok])).toEqual([
			[2, true],
			[3, false],
			[4, false],
			[5, true],
		]);
		expect(invalid(rows[1]).issues).toEqual([
			{ field: 'duration', message: 'must be at most 60 seconds' },
		]);
		expect(invalid(rows[2]).issues.map((issue) => issue.field)).toEqual(['prompt']);
	});

	it('reports the line a quoted multi-line cell starts on, counting blank lines', async () => {
		const rows = await csv('sku,prompt\n\nA1,"Line one\nline two"\nA2,Plain\n');
		expect(rows.map((row) => [row.rowKey, row.line])).toEqual([
			['A1', 3],
			['A2', 5],
		]);
	});

	it('refuses a row with more fields than the header, naming the row', async () => {
		const rows = await csv('id,prompt\nx,Hall, with a stray comma\ny,Attic\n');
		expect(invalid(rows[0])).toMatchObject({ line: 2, issues: [{ field: '(row)' }] });
		expect(rows[1]).toMatchObject({ ok: true, rowKey: 'y', line: 3 });
	});

	it('refuses a row without an id, listing_id or sku', async () => {
		const rows = await csv('id,prompt\n,Lobby\n');
		expect(invalid(rows[0]).issues[0]).toMatchObject({ field: 'id' });
	});

	it('refuses a row key used twice, pointing at the first use', async () => {
		const rows = await csv('id,prompt\nk,One\nk,Two\n');
		expect(rows[0].ok).toBe(true);
		expect(invalid(rows[1]).issues).toEqual([
			{ field: 'id', message: '"k" is already used on line 2' },
		]);
	});

	it('reads voice rows (type=voice) with text, voice and a numeric speed', async () => {
		const rows = await csv('id,type,text,voice,speed\nv1,voice,Welcome home,alloy,1.25\n');
		expect(rows[0]).toMatchObject({
			ok: true,
			request: { kind: 'voice', input: { text: 'Welcome home', voice: 'alloy', speed: 1.25 } },
		});
	});

	it('ends with a ManifestError naming the line when a quote is never closed', async () => {
		await expect(csv('id,prompt\na,"never closed\nb,x\n')).rejects.toThrow(ManifestError);
		await expect(csv('id,prompt\na,"never closed\nb,x\n')).rejects.toThrow(/line \d+/);
	});
});

describe('JSONL manifests', () => {
	it('reads one object a line, skipping blank lines, with 1-based line numbers', async () => {
		const rows = await jsonl(
			'{"sku":"S1","prompt":"Sneaker spin","duration":5}\n\n{"sku":7,"prompt":"Bag","duration":"5s"}\n',
		);
		expect(rows.map((row) => [row.line, row.rowKey, row.ok])).toEqual([
			[1, 'S1', true],
			[3, '7', true],
		]);
	});

	it('names a line that is not JSON, or not an object, and goes on', async () => {
		const rows = await jsonl('{"id":"a","prompt":"x"}\n{oops\n[1,2]\n{"id":"b","prompt":"y"}\n');
		expect(rows.map((row) => [row.line, row.ok])).toEqual([
			[1, true],
			[2, false],
			[3, false],
			[4, true],
		]);
		expect(invalid(rows[1]).issues[0]).toEqual({ field: '(line)', message: 'is not valid JSON' });
	});

	it('names the field of a bad value', async () => {
		const rows = await jsonl('{"id":"a","prompt":"x","aspect_ratio":"4:3"}\n');
		expect(invalid(rows[0]).issues.map((issue) => issue.field)).toEqual(['aspect_ratio']);
	});
});

describe('readManifest', () => {
	it('picks the reader from the file extension', async () => {
		const dir = tempDir();
		try {
			const path = join(dir.path, 'rows.jsonl');
			writeFileSync(path, '{"id":"a","prompt":"x"}\n');
			expect(await rowsOf(readManifest(path))).toHaveLength(1);
			expect(manifestFormatOf('x.CSV')).toBe('csv');
			expect(() => manifestFormatOf('x.xlsx')).toThrow(/name it \.csv or \.jsonl/);
		} finally {
			dir.cleanup();
		}
	});
});

describe('rowToRequest', () => {
	it('reads "Listing ID"-style headers and yes/no failover', () => {
		const result = rowToRequest({ listing_id: 'L9', prompt: 'Deck', failover: 'no' });
		expect(result).toMatchObject({
			ok: true,
			rowKey: 'L9',
			request: { input: { failover: false } },
		});
	});

	it('takes a row with text and no prompt as a voice row', () => {
		expect(rowToRequest({ id: 'v', text: 'Hello' })).toMatchObject({
			ok: true,
			request: { kind: 'voice' },
		});
	});

	it('refuses an unknown type', () => {
		expect(rowToRequest({ id: 'x', type: 'image', prompt: 'y' })).toMatchObject({
			ok: false,
			issues: [{ field: 'type' }],
		});
	});
});
