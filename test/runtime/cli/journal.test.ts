// The results journal: the last line of a row is its state, a torn last line (a crash mid-write)
// neither stops a resume nor corrupts the next line appended.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { openJournal, readJournal, type JournalRecord } from '../../../src/runtime/cli/journal';
import { tempDir } from './helpers';

function record(overrides: Partial<JournalRecord>): JournalRecord {
	return {
		row_key: 'L1',
		line: 2,
		kind: 'video',
		generation_id: 'vgen_1',
		status: 'submitted',
		source: 'submit',
		error: null,
		at: '2030-01-01T00:00:00.000Z',
		...overrides,
	};
}

describe('results journal', () => {
	let dir: ReturnType<typeof tempDir>;
	beforeEach(() => (dir = tempDir()));
	afterEach(() => dir.cleanup());

	it('reads an absent journal as empty', async () => {
		const index = await readJournal(join(dir.path, 'none.jsonl'));
		expect(index.rows.size).toBe(0);
	});

	it("keeps each row's last state", async () => {
		const path = join(dir.path, 'r.jsonl');
		const journal = await openJournal(path);
		await journal.append(record({ status: 'submitted' }));
		await journal.append(record({ row_key: 'L2', generation_id: 'vgen_2' }));
		await journal.append(record({ status: 'completed', source: 'webhook' }));
		await journal.close();
		const { rows } = await readJournal(path);
		expect(rows.get('L1')).toEqual({ status: 'completed', generationId: 'vgen_1', kind: 'video' });
		expect(rows.get('L2')?.status).toBe('submitted');
	});

	it('skips a torn last line when reading, and closes it off before appending', async () => {
		const path = join(dir.path, 'r.jsonl');
		writeFileSync(path, `${JSON.stringify(record({}))}\n`);
		appendFileSync(path, '{"row_key":"L2","line":3,"kind":"vid');
		const before = await readJournal(path);
		expect(before.unreadableLines).toBe(1);
		expect(before.rows.has('L1')).toBe(true);

		const journal = await openJournal(path);
		await journal.append(record({ row_key: 'L3', generation_id: 'vgen_3' }));
		await journal.close();
		const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
		expect(JSON.parse(lines[2]).row_key).toBe('L3');
		expect((await readJournal(path)).rows.get('L3')?.generationId).toBe('vgen_3');
	});

	it('refuses appends after close', async () => {
		const journal = await openJournal(join(dir.path, 'r.jsonl'));
		await journal.close();
		await expect(journal.append(record({}))).rejects.toThrow(/closed/);
	});
});
