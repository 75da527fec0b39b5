// The package as n8n users get it: built, `npm pack`ed, and unpacked into a custom-extensions
// folder of its own (n8n globs every *.node.js below N8N_CUSTOM_EXTENSIONS, so the project
// folder itself, with its node_modules, must not be used).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './install';

/** Builds and packs the package, unpacks it under `scratch`; returns the extensions folder. */
export function unpackedExtension(scratch: string): string {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'pipe' });
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ filename: string }>;
	const extensions = join(scratch, 'extensions');
	const target = join(extensions, 'n8n-nodes-creativeai');
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', join(scratch, pack.filename), '-C', target, '--strip-components=1']);
	return extensions;
}
