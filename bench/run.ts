// Runs every benchmark in one process, one after another, and writes the figures to
// bench/results/latest.json and the table in docs/benchmarks.md. `npm run bench [-- name...]`
// runs the tsc output under plain node (tsx adds a per-call cost across module boundaries that
// would skew the ratios); `npx tsx bench/run.ts` works too, for a quick look.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchResult } from './types';

function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
	return Number(value.toPrecision(3)).toString();
}

function renderTable(results: BenchResult[], startedAt: string): string {
	const rows = results.map(
		(r) =>
			`| ${r.name} | ${r.unit} | ${formatNumber(r.baseline)} | ${formatNumber(r.subject)} | ${formatNumber(r.ratio)} | ${r.target} | ${r.pass ? 'pass' : 'MISS'} |`,
	);
	const details = results
		.filter((r) => r.details)
		.map((r) => `- **${r.name}**: ${JSON.stringify(r.details)}`);
	return [
		'# Benchmarks',
		'',
		`Measured by \`npm run bench\` on ${startedAt}, node ${process.version}, ${process.platform}/${process.arch}.`,
		'Each row is a ratio of two figures taken in the same run, so machine noise cancels out; the raw',
		'figures are in `bench/results/latest.json`.',
		'',
		'| benchmark | unit | baseline | ours | ratio | target | verdict |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows,
		'',
		'## Details',
		'',
		...details,
		'',
	].join('\n');
}

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	const files = readdirSync(__dirname)
		.filter((f) => /\.bench\.(ts|js)$/.test(f))
		.filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
		.sort();
	const startedAt = new Date().toISOString();
	const results: BenchResult[] = [];
	for (const file of files) {
		process.stderr.write(`bench: ${file} ...\n`);
		const mod = (await import(join(__dirname, file))) as {
			run: () => Promise<BenchResult | BenchResult[]>;
		};
		const produced = await mod.run();
		for (const result of Array.isArray(produced) ? produced : [produced]) {
			results.push(result);
			process.stderr.write(
				`  ${result.name}: ratio ${formatNumber(result.ratio)} (${result.target}) ${result.pass ? 'pass' : 'MISS'}\n`,
			);
		}
	}
	const root = process.cwd();
	mkdirSync(join(root, 'bench', 'results'), { recursive: true });
	writeFileSync(
		join(root, 'bench', 'results', 'latest.json'),
		`${JSON.stringify({ startedAt, node: process.version, results }, null, '\t')}\n`,
	);
	if (only.length === 0) {
		writeFileSync(join(root, 'docs', 'benchmarks.md'), renderTable(results, startedAt));
	}
	process.stdout.write(`${renderTable(results, startedAt)}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
