// Copies what tsc does not emit but n8n reads beside the compiled node: the SVG icons and the
// codex `.node.json` files, from nodes/ and credentials/ into dist/ at the same paths.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const ASSET = /\.(svg|png)$|\.node\.json$/;

for (const folder of ['nodes', 'credentials']) {
	for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !ASSET.test(entry.name)) continue;
		const source = join(entry.parentPath, entry.name);
		const target = join(root, 'dist', relative(root, source));
		mkdirSync(dirname(target), { recursive: true });
		cpSync(source, target);
	}
}
