// The package as n8n users get it: built, `npm pack`ed and unpacked into a folder of its own, which
// N8N_CUSTOM_EXTENSIONS points at (n8n's loader globs every *.node.js below it, so never the
// project folder with its node_modules).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const ASSET = /\.(svg|png)$|\.node\.json$/;

/** Builds and packs the package once; returns the folder to hand n8n as its extensions folder. */
export function packedPackage(): string {
	execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
	copyAssets();
	const folder = mkdtempSync(join(tmpdir(), 'creativeai-n8n-pkg-'));
	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], {
		cwd: ROOT,
		encoding: 'utf8',
	}).trim();
	const extensions = join(folder, 'custom');
	mkdirSync(extensions);
	execFileSync('tar', ['-xzf', join(folder, packed.split('\n').pop()!), '-C', extensions]);
	renameSync(join(extensions, 'package'), join(extensions, 'n8n-nodes-creativeai'));
	return extensions;
}

/** What tsc does not emit but n8n reads beside the compiled node: icons and codex files. */
function copyAssets(): void {
	for (const folder of ['nodes', 'credentials']) {
		for (const entry of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
			if (!entry.isFile() || !ASSET.test(entry.name)) continue;
			const source = join(entry.parentPath, entry.name);
			const target = join(ROOT, 'dist', relative(ROOT, source));
			mkdirSync(dirname(target), { recursive: true });
			cpSync(source, target);
		}
	}
}
