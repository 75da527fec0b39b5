// The batch core against a real sandbox: one job per row, a journal line per row event, a second
// run that skips what is done, and a crash between the service accepting a job and the journal
// line that costs nothing: the next run gets the same job back and the ledger shows one debit.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runBatch, type RunBatchOptions } from '../../../src/runtime/cli/batchRun';
import {
	openJournal,
	type JournalRecord,
	type JournalWriter,
} from '../../../src/runtime/cli/journal';
import { CreativeAiClient } from '../../../src/runtime/client';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { createUndiciTransport, type UndiciTransport } from '../../../src/runtime/transport/undici';
import { tempDir } from './helpers';

const MANIFEST = [
	'listing_id,address,prompt,duration',
	'L1,1 Oak St,Porch at golden hour,5s',
	'L2,2 Elm St,Kitchen walkthrough,5',
	'L3,3 Ash St,Backyard pool at dusk,6',
].join('\n');

let sandbox: Sandbox;
let transport: UndiciTransport;
let client: CreativeAiClient;
let dir: ReturnType<typeof tempDir>;
let manifestPath: string;
let outPath: string;

async function start(initialCredits?: number): Promise<void> {
	sandbox = await createSandbox({ timeScale: 2000, initialCredits });
	transport = createUndiciTransport();
	client = new CreativeAiClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, transport });
}

beforeEach(() => {
	dir = tempDir();
	manifestPath = join(dir.path, 'listings.csv');
	outPath = join(dir.path, 'results.jsonl');
	writeFileSync(manifestPath, MANIFEST);
});

afterEach(async () => {
	await transport?.close();
	await sandbox?.close();
	dir.cleanup();
});

function run(overrides: Partial<RunBatchOptions> = {}) {
	return runBatch({ client, manifestPath, outPath, concurrency: 2, ...overrides });
}

function journalLines(): JournalRecord[] {
	return readFileSync(outPath, 'utf8')
		.trimEnd()
		.split('\n')
		.map((line) => JSON.parse(line) as JournalRecord);
}

function debitsPerJob(): Map<string, number> {
	const debits = new Map<string, number>();
	for (const entry of sandbox.ledger()) {
		if (entry.kind === 'debit' && entry.generation_id !== null) {
			debits.set(entry.generation_id, (debits.get(entry.generation_id) ?? 0) + 1);
		}
	}
	return debits;
}

describe('runBatch', () => {
	beforeEach(() => start());

	it('submits one job per row and journals each with its job id and key', async () => {
		const summary = await run();
		expect(summary).toMatchObject({ rows: 3, submitted: 3, skipped: 0, invalid: 0, errors: 0 });
		const lines = journalLines();
		expect(lines.map((line) => line.row_key).sort()).toEqual(['L1', 'L2', 'L3']);
		expect(
			lines.every((line) => line.status === 'submitted' && /^vgen_/.test(line.generation_id ?? '')),
		).toBe(true);
		expect(new Set(lines.map((line) => line.idempotency_key)).size).toBe(3);
		expect(sandbox.jobs()).toHaveLength(3);
	});

	it('skips, on a second run, every row the journal already has', async () => {
		await run();
		const again = await run();
		expect(again).toMatchObject({ rows: 3, skipped: 3, submitted: 0 });
		expect(sandbox.jobs()).toHaveLength(3);
		expect(journalLines()).toHaveLength(3);
	});

	it('submits every row of a second manifest that shares the journal and reuses its row keys', async () => {
		const june = join(dir.path, 'june.csv');
		const july = join(dir.path, 'july.csv');
		writeFileSync(june, 'id,prompt\n1,June listing A\n2,June listing B\n');
		writeFileSync(july, 'id,prompt\n1,July listing C\n2,July listing D\n');
		expect(await run({ manifestPath: june })).toMatchObject({ submitted: 2, skipped: 0 });
		const second = await run({ manifestPath: july });
		expect(second).toMatchObject({ rows: 2, submitted: 2, skipped: 0, replayed: 0 });
		expect(
			sandbox
				.jobs()
				.map((job) => ('prompt' in job ? job.prompt : undefined))
				.sort(),
		).toEqual(['July listing C', 'July listing D', 'June listing A', 'June listing B']);
	});

	it('submits an edited row again as a new job, and skips the rows left as they were', async () => {
		await run();
		writeFileSync(manifestPath, MANIFEST.replace('Kitchen walkthrough', 'Kitchen at night'));
		const again = await run();
		expect(again).toMatchObject({ rows: 3, skipped: 2, submitted: 1, replayed: 0 });
		expect(sandbox.jobs()).toHaveLength(4);
	});

	it('after a crash between acceptance and the journal line, gets the same job back and is charged once', async () => {
		let lostId: string | undefined;
		const real = await openJournal(outPath);
		const crashing: JournalWriter = {
			append: async (record) => {
				if (record.row_key === 'L2' && record.status === 'submitted') {
					lostId = record.generation_id ?? undefined;
					throw new Error('the process died here (simulated)');
				}
				await real.append(record);
			},
			close: () => real.close(),
		};
		await expect(run({ concurrency: 1, journal: crashing })).rejects.toThrow(/results journal/);
		expect(lostId).toMatch(/^vgen_/);
		expect(journalLines().map((line) => line.row_key)).toEqual(['L1']);

		const resumed = await run({ concurrency: 1 });
		expect(resumed).toMatchObject({ skipped: 1, submitted: 2, replayed: 1 });
		const l2 = journalLines().find((line) => line.row_key === 'L2');
		expect(l2).toMatchObject({ generation_id: lostId, replayed: true });
		expect(sandbox.jobs()).toHaveLength(3);
		expect([...debitsPerJob().values()]).toEqual([1, 1, 1]);
	});

	it('journals an invalid row with its line and field, and submits the others', async () => {
		writeFileSync(manifestPath, `${MANIFEST}\nL4,4 Fir St,Attic,120s\nL5,5 Yew St,Garage,5`);
		const summary = await run();
		expect(summary).toMatchObject({ rows: 5, invalid: 1, submitted: 4 });
		const bad = journalLines().find((line) => line.status === 'invalid');
		expect(bad).toMatchObject({
			row_key: 'L4',
			line: 5,
			error: { fields: [{ field: 'duration' }] },
		});
	});

	it('with wait, records each job completed, and a later run waits for jobs an earlier run only submitted', async () => {
		await run();
		const waited = await run({ wait: { intervalMs: 20 } });
		expect(waited).toMatchObject({ resumed: 3, submitted: 0, completed: 3 });
		expect(sandbox.jobs()).toHaveLength(3);
		const last = new Map(journalLines().map((line) => [line.row_key, line.status]));
		expect([...last.values()]).toEqual(['completed', 'completed', 'completed']);
	});
});

describe('runBatch when the service refuses a row', () => {
	beforeEach(() => start(3));

	it('journals the refusal as an error and tries the row again on the next run', async () => {
		const first = await run({ concurrency: 1 });
		expect(first).toMatchObject({ submitted: 1, errors: 2 });
		expect(journalLines().filter((line) => line.status === 'error')[0]).toMatchObject({
			error: { code: 'insufficient_credits' },
		});
		const second = await run({ concurrency: 1 });
		expect(second).toMatchObject({ skipped: 1, errors: 2, submitted: 0 });
		expect(sandbox.jobs()).toHaveLength(1);
	});
});
