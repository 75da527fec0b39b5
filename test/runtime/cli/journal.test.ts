// The results journal: the last line of a job (by its Idempotency-Key) is its state, a torn last
// line (a crash mid-write) neither stops a resume nor corrupts the next line appended.
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
		idempotency_key: 'cai-batch-k1',
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
		expect(index.jobs.size).toBe(0);
	});

	it("keeps each job's last state under its Idempotency-Key", async () => {
		const path = join(dir.path, 'r.jsonl');
		const journal = await openJournal(path);
		await journal.append(record({ status: 'submitted' }));
		await journal.append(
			record({ row_key: 'L2', generation_id: 'vgen_2', idempotency_key: 'cai-batch-k2' }),
		);
		await journal.append(record({ status: 'completed', source: 'poll' }));
		await journal.close();
		const { jobs } = await readJournal(path);
		expect(jobs.get('cai-batch-k1')).toEqual({
			status: 'completed',
			generationId: 'vgen_1',
			kind: 'video',
		});
		expect(jobs.get('cai-batch-k2')?.status).toBe('submitted');
	});

	it('keeps two jobs apart that share a row key (two manifests, or an edited row)', async () => {
		const path = join(dir.path, 'r.jsonl');
		const journal = await openJournal(path);
		await journal.append(record({ idempotency_key: 'cai-batch-june-1', generation_id: 'vgen_j' }));
		await journal.append(record({ idempotency_key: 'cai-batch-july-1', status: 'error' }));
		await journal.close();
		const { jobs } = await readJournal(path);
		expect(jobs.get('cai-batch-june-1')?.status).toBe('submitted');
		expect(jobs.get('cai-batch-july-1')?.status).toBe('error');
	});

	it('counts a line without a key for the job whose submit line named the same generation', async () => {
		const path = join(dir.path, 'r.jsonl');
		const journal = await openJournal(path);
		await journal.append(record({ generation_id: 'vgen_1' }));
		await journal.append(
			record({ generation_id: 'vgen_1', idempotency_key: undefined, status: 'completed' }),
		);
		await journal.append(
			record({ row_key: 'L9', generation_id: null, idempotency_key: undefined, status: 'invalid' }),
		);
		await journal.close();
		const { jobs } = await readJournal(path);
		expect([...jobs.entries()]).toEqual([
			['cai-batch-k1', { status: 'completed', generationId: 'vgen_1', kind: 'video' }],
		]);
	});

	it('skips a torn last line when reading, and closes it off before appending', async () => {
		const path = join(dir.path, 'r.jsonl');
		writeFileSync(path, `${JSON.stringify(record({}))}\n`);
		appendFileSync(path, '{"row_key":"L2","line":3,"kind":"vid');
		const before = await readJournal(path);
		expect(before.unreadableLines).toBe(1);
		expect(before.jobs.has('cai-batch-k1')).toBe(true);

		const journal = await openJournal(path);
		await journal.append(
			record({ row_key: 'L3', generation_id: 'vgen_3', idempotency_key: 'cai-batch-k3' }),
		);
		await journal.close();
		const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
		expect(JSON.parse(lines[2]).row_key).toBe('L3');
		expect((await readJournal(path)).jobs.get('cai-batch-k3')?.generationId).toBe('vgen_3');
	});

	it('refuses appends after close', async () => {
		const journal = await openJournal(join(dir.path, 'r.jsonl'));
		await journal.close();
		await expect(journal.append(record({}))).rejects.toThrow(/closed/);
	});
});
