// The main job's core, run against its sandbox with the default faults: every row gets one job,
// every job's end is recorded once (by its webhook or by the polling fallback), every completed
// video is saved, and the forged delivery is refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { runDemo, type DemoSummary } from '../../../src/runtime/demo/main';
import { tempDir } from '../cli/helpers';

describe('runDemo', () => {
	let dir: ReturnType<typeof tempDir>;
	let summary: DemoSummary;
	const lines: string[] = [];

	beforeAll(async () => {
		dir = tempDir('creativeai-demo-');
		summary = await runDemo({ out: dir.path, log: (line) => lines.push(line) });
	});
	afterAll(() => dir.cleanup());

	it('accounts for every job exactly once', () => {
		expect(summary.problems).toEqual([]);
		expect(summary.accountedExactlyOnce).toBe(true);
		expect(summary.submitted).toBe(summary.rows - summary.invalidRows);
		expect(summary.completed + summary.failed).toBe(summary.submitted);
		// Each end was recorded from one source: a first delivery or the polling fallback.
		expect(summary.deliveriesVerified - summary.lateDeliveries + summary.reconciledByPolling).toBe(
			summary.submitted,
		);
	});

	it('submits one job per listing of the sample manifest', () => {
		const manifestRows =
			readFileSync(join(__dirname, '../../../examples/listings.csv'), 'utf8').trim().split('\n')
				.length - 1;
		expect(summary.rows).toBe(manifestRows);
	});

	it('saves every completed video as an MP4 named after its listing', () => {
		expect(summary.filesSaved).toBe(summary.completed);
		const saved = readFileSync(summary.journalPath, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line))
			.filter((record) => record.status === 'completed');
		for (const record of saved) {
			const bytes = readFileSync(join(dir.path, `${record.row_key}.mp4`));
			expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		}
		expect(existsSync(join(dir.path, 'results.jsonl'))).toBe(true);
	});

	it('refuses the forged delivery and suppresses the duplicates the faults send', () => {
		expect(summary.forgedRejected).toBe(1);
		expect(summary.duplicatesSuppressed).toBeGreaterThan(0);
	});

	it('books only what it was charged: net credits are debits minus refunds', () => {
		expect(summary.creditsNet).toBe(summary.creditsDebited - summary.creditsRefunded);
		expect(summary.creditsDebited).toBeGreaterThan(0);
	});

	it('reports progress as jobs move through phases', () => {
		expect(lines.some((line) => /: Rendering/.test(line))).toBe(true);
		expect(lines.some((line) => /delivery verified/.test(line))).toBe(true);
	});
});
