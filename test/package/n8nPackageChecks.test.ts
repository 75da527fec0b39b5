// The two gates n8n puts in front of a verified community package, run offline on what ships:
// `n8n-node lint` in strict mode (on a staged copy of the shipped sources, see
// scripts/n8n/lint-package.mjs) and the community-package scanner's rules (on the unpacked
// `npm pack` tarball and the sources, see scripts/n8n/scan-package.mjs). A negative control shows
// the scanner does fail on a forbidden global, so a pass means something.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function run(script: string): { status: number | null; output: string } {
	const result = spawnSync('node', [join(root, 'scripts', 'n8n', script)], {
		cwd: root,
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
}, 180_000);

it('passes n8n-node lint in strict mode with no error or warning', () => {
	const { status, output } = run('lint-package.mjs');
	expect(output).not.toMatch(/\b(error|warning)\b/);
	expect(status).toBe(0);
}, 180_000);

it('passes the community-package scanner on the packed tarball and on the sources', () => {
	const { status, output } = run('scan-package.mjs');
	expect(output).toMatch(/scanner on the tarball .*: passed/);
	expect(output).toMatch(/scanner on the sources .*: passed/);
	expect(status).toBe(0);
}, 180_000);

it('the scanner rules do flag a node that uses a timer (negative control)', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'creativeai-scan-control-'));
	try {
		writeFileSync(join(dir, 'bad.node.js'), 'setTimeout(() => undefined, 10);\n');
		const script = `import('@n8n/scan-community-package/scanner/scanner.mjs').then(async (m) => {
			const r = await m.analyzePackage(${JSON.stringify(dir)}, ['**/*.js']);
			process.stdout.write(JSON.stringify({ passed: r.passed, details: r.details ?? '' }));
		});`;
		const out = execFileSync('node', ['-e', script], { cwd: root, encoding: 'utf8' });
		const result = JSON.parse(out) as { passed: boolean; details: string };
		expect(result.passed).toBe(false);
		expect(result.details).toContain('no-restricted-globals');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}, 120_000);
