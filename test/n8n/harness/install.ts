// Where the pinned n8n lives: scripts/n8n/install.sh installs it once into a cache folder outside
// the package (a no-op when its `.installed` marker exists) and prints the folder last.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from here upwards (this file also runs compiled, from dist-bench/). */
function findRepoRoot(start: string): string {
	for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (
			existsSync(manifest) &&
			/"name": "n8n-nodes-creativeai"/.test(readFileSync(manifest, 'utf8'))
		) {
			return dir;
		}
	}
	throw new Error(`no n8n-nodes-creativeai package.json above ${start}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);

export interface N8nInstall {
	dir: string;
	/** The Node 24 binary installed beside n8n (n8n 2.x refuses older Node). */
	node: string;
	/** n8n's CLI entry point. */
	n8nBin: string;
}

let cached: N8nInstall | undefined;

export function n8nInstall(): N8nInstall {
	if (cached) return cached;
	const output = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'n8n', 'install.sh')], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const dir = output.trim().split('\n').pop() ?? '';
	const node = join(dir, 'node_modules', '.bin', 'node');
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(join(dir, '.installed')) || !existsSync(node) || !existsSync(n8nBin)) {
		throw new Error(`scripts/n8n/install.sh did not leave a usable n8n in "${dir}"`);
	}
	cached = { dir, node, n8nBin };
	return cached;
}
