// The package as users install it: built, `npm pack`ed and unpacked into a scratch folder, which
// n8n loads through N8N_CUSTOM_EXTENSIONS (the project folder itself would make n8n's loader glob
// every *.node.js under node_modules).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Builds, packs and unpacks the package under `scratchDir`; returns the unpacked folder. */
export function unpackedPackage(scratchDir: string): string {
	const dir = join(scratchDir, 'pack');
	mkdirSync(dir, { recursive: true });
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
		{ cwd: ROOT, encoding: 'utf8' },
	);
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir]);
	return join(dir, 'package');
}
