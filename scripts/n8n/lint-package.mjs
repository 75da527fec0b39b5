// `n8n-node lint` in strict mode, on a staged copy of what the package ships. Strict mode wants
// eslint.config.mjs to be exactly n8n's template, and `n8n-node lint` runs `eslint .` from the
// package root with no ignores; our repository keeps its own eslint config (core rules) and holds
// a runtime, tests and benches that never ship. So the shipped sources (package.json, tsconfigs,
// nodes/, credentials/, src/core/) are copied into a scratch folder with the template config and
// this repository's node_modules linked in, and linted there. Exits with n8n-node's status.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const SHIPPED = [
	'package.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'nodes',
	'credentials',
	'src/core',
];
// n8n-node lint compares this file with its template, whitespace-insensitively.
const STRICT_ESLINT_CONFIG =
	"import { config } from '@n8n/node-cli/eslint';\n\nexport default config;\n";

// eslint-plugin-n8n-nodes-base switches its file-name rules to fixtures when NODE_ENV is 'test'
// (as under jest), which turns every real node file name into an error.
const env = { ...process.env, CI: 'true', FORCE_COLOR: '0' };
delete env.NODE_ENV;

const stage = mkdtempSync(join(tmpdir(), 'creativeai-n8n-lint-'));
try {
	for (const path of SHIPPED) cpSync(join(root, path), join(stage, path), { recursive: true });
	writeFileSync(join(stage, 'eslint.config.mjs'), STRICT_ESLINT_CONFIG);
	symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
	console.log(`n8n-node lint (strict) on a staged copy of the package: ${stage}`);
	const result = spawnSync(join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
		cwd: stage,
		stdio: 'inherit',
		env,
	});
	process.exitCode = result.status ?? 1;
} finally {
	if (!process.env.KEEP_LINT_STAGE) rmSync(stage, { recursive: true, force: true });
}
