// `npm test`: every suite in turn. It keeps going after a failing step, so one run reports every
// failure, and exits non-zero if any step failed. Each jest run writes its JSON results into
// .jest-results/<suite>.json; `.ci/run` adds them up into its closing `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const RESULTS_DIR = '.jest-results';

/** name, command, and when it applies (a suite whose package is absent is not a step). */
const steps = [
	{ name: 'typecheck', cmd: 'npm run typecheck' },
	{ name: 'lint', cmd: 'npm run lint' },
	{
		name: 'jest (core, runtime, e2e)',
		cmd: `npx jest --json --outputFile=${RESULTS_DIR}/core.json`,
	},
	{
		name: 'n8n end-to-end (a real n8n 2.41.1; installs it first, about 10 minutes once)',
		cmd: `bash scripts/n8n/install.sh && npx jest --config jest.n8n.config.js --json --outputFile=${RESULTS_DIR}/n8n.json`,
	},
	{
		// Its own package on the Node 24 it pins: npm ci when absent, then typecheck, Zapier's
		// validate and build (offline), and its jest suite, the built zip's test included.
		name: 'zapier app',
		cmd: `cd zapier-app && (test -d node_modules || npm ci --no-audit --no-fund) && npm test -- --json --outputFile=../${RESULTS_DIR}/zapier.json`,
	},
	{
		name: 'n8n queue mode (Postgres, Redis, main, worker, two webhook processors, HAProxy)',
		cmd: `bash scripts/n8n/install.sh && npx jest --config test/n8n-queue/jest.config.js --json --outputFile=${RESULTS_DIR}/n8n-queue.json`,
	},
];

rmSync(RESULTS_DIR, { recursive: true, force: true });
mkdirSync(RESULTS_DIR, { recursive: true });

// The root .npmrc's ignore-scripts is for installing the root package (n8n's dependencies carry
// install scripts that fail offline); npm exports it to child processes, where it would stop the
// zapier app's own `npm ci` from placing its Node 24 binary. Steps run without it.
const env = { ...process.env };
delete env.npm_config_ignore_scripts;

const failed = [];
for (const step of steps) {
	if (step.when && !step.when()) continue;
	console.log(`\n=== ${step.name}: ${step.cmd}`);
	const started = Date.now();
	const { status } = spawnSync(step.cmd, { stdio: 'inherit', shell: true, env });
	console.log(
		`=== ${step.name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${Math.round((Date.now() - started) / 1000)} s`,
	);
	if (status !== 0) failed.push(step.name);
}
if (failed.length > 0) {
	console.error(`\nFailed steps: ${failed.join(', ')}`);
	process.exit(1);
}
