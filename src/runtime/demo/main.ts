// `npm run playbook`: the bulk playbook (see runDemo.ts). Prints progress on stderr, the summary
// table on stdout, and exits 0 only when every job was accounted for exactly once. A hard timer
// ends the process even if something it does not own keeps it alive.
import { runDemo } from './runDemo';
import { renderSummary } from './summary';

export { runDemo } from './runDemo';
export type { DemoOptions } from './runDemo';
export type { DemoSummary } from './summary';

/** Past runDemo's own deadline, in case something outside it hangs. */
const HARD_EXIT_MS = 58_000;
const EXIT_NOT_ACCOUNTED = 1;
const EXIT_CRASHED = 3;

async function main(): Promise<void> {
	const hardExit = setTimeout(() => {
		process.stderr.write('the main job ran out of time\n');
		process.exit(EXIT_CRASHED);
	}, HARD_EXIT_MS);
	hardExit.unref();
	const summary = await runDemo({ out: './out', statusStream: process.stderr });
	process.stdout.write(`\n${renderSummary(summary)}\n`);
	process.exitCode = summary.accountedExactlyOnce ? 0 : EXIT_NOT_ACCOUNTED;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`the main job crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(EXIT_CRASHED);
	});
}
