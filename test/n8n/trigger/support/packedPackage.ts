// The package as n8n users get it: built, `npm pack`ed and unpacked into a folder of its own, which
// N8N_CUSTOM_EXTENSIONS points at (n8n's loader globs every *.node.js below it, so never the
// project folder with its node_modules).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Builds and packs the package once; returns the folder to hand n8n as its extensions folder. */
export function packedPackage(): string {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
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
