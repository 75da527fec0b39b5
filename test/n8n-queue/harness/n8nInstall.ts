// Where the pinned n8n lives: scripts/n8n/install.sh installs it once into a cache folder (and
// returns at once when its `.installed` marker is there), printing the folder on its last line.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const INSTALL_TIMEOUT_MS = 30 * 60_000;

export interface N8nInstall {
	dir: string;
	/** The Node 24 binary installed beside n8n. */
	node: string;
	/** n8n's CLI entry, run with `node`. */
	cli: string;
}

export function ensureN8nInstalled(): N8nInstall {
	const out = execFileSync('bash', [join(ROOT, 'scripts', 'n8n', 'install.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: INSTALL_TIMEOUT_MS,
	});
	const dir = out.trim().split('\n').pop() ?? '';
	return {
		dir,
		node: join(dir, 'node_modules', '.bin', 'node'),
		cli: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}
