// `npm test` in zapier-app: every check the app must pass, in the order that feeds the next.
// typecheck -> `zapier-platform validate --without-style` -> `zapier-platform build` (the zip the
// last tests unpack) -> jest. Extra arguments go to jest (the root suite passes
// `--json --outputFile=...`). It keeps going after a failing step and exits non-zero if any failed.
// All of it runs offline: the skip flags keep Zapier's CLI from calling Zapier's servers.
import { spawnSync } from 'node:child_process';

process.env.DISABLE_ZAPIER_ANALYTICS = '1';

const jestArgs = process.argv
	.slice(2)
	.map((arg) => JSON.stringify(arg))
	.join(' ');
const steps = [
	['typecheck', 'npm run typecheck'],
	['validate', 'npm run validate'],
	['build', 'npm run zip'],
	['jest', `npx jest ${jestArgs}`],
];

const failed = [];
for (const [name, cmd] of steps) {
	console.log(`\n--- zapier-app ${name}: ${cmd}`);
	const { status } = spawnSync(cmd, { stdio: 'inherit', shell: true });
	if (status !== 0) failed.push(name);
}
if (failed.length > 0) {
	console.error(`\nzapier-app: failed steps: ${failed.join(', ')}`);
	process.exit(1);
}
