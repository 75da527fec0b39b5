// What `npm pack` puts in the n8n package is what n8n's scanner lints: every .js file may require
// only n8n's allow-list (n8n-workflow, zod, crypto, lodash, luxon, moment, p-limit) or relative
// files, and may not touch the globals n8n forbids. This builds the package and checks the tarball's
// file list and the compiled code itself, not the TypeScript source.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const ALLOWED_MODULES = [
	'n8n-workflow',
	'lodash',
	'moment',
	'p-limit',
	'luxon',
	'zod',
	'crypto',
	'node:crypto',
];
const FORBIDDEN_GLOBALS = [
	'setTimeout',
	'setInterval',
	'setImmediate',
	'clearTimeout',
	'clearInterval',
	'process',
	'globalThis',
	'global',
	'__dirname',
	'__filename',
];

interface PackedFile {
	path: string;
}

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	});
	const [pack] = JSON.parse(out) as Array<{ files: PackedFile[] }>;
	return pack.files.map((f) => f.path).sort();
}

function moduleNameOf(specifier: string): string {
	return specifier.startsWith('@')
		? specifier.split('/').slice(0, 2).join('/')
		: specifier.split('/')[0];
}

let files: string[];

beforeAll(() => {
	execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
	files = packedFiles();
}, 120_000);

it('packs only the core, the nodes, the credentials and the package metadata', () => {
	const outside = files.filter(
		(f) =>
			!/^dist\/(src\/core|nodes|credentials)\//.test(f) &&
			!['package.json', 'README.md', 'LICENSE'].includes(f),
	);
	expect(outside).toEqual([]);
	expect(files).toContain('dist/src/core/index.js');
	expect(files.some((f) => f.includes('runtime'))).toBe(false);
});

it('requires nothing outside n8n’s allow-list from any packed JavaScript file', () => {
	const offenders: string[] = [];
	for (const file of files.filter((f) => f.endsWith('.js'))) {
		const code = readFileSync(join(root, file), 'utf8');
		for (const match of code.matchAll(/require\(["']([^"']+)["']\)/g)) {
			const specifier = match[1];
			if (specifier.startsWith('./') || specifier.startsWith('../')) continue;
			if (!ALLOWED_MODULES.includes(moduleNameOf(specifier)))
				offenders.push(`${file}: ${specifier}`);
		}
	}
	expect(offenders).toEqual([]);
});

it('uses none of the globals n8n forbids in any packed JavaScript file', () => {
	const offenders: string[] = [];
	const pattern = new RegExp(`(?<![.\\w$])(${FORBIDDEN_GLOBALS.join('|')})\\b(?!\\s*:)`, 'g');
	for (const file of files.filter((f) => f.endsWith('.js'))) {
		const code = readFileSync(join(root, file), 'utf8')
			.replace(/\/\*[\s\S]*?\*\//g, '')
			.replace(/\/\/.*$/gm, '')
			.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
		for (const match of code.matchAll(pattern)) offenders.push(`${file}: ${match[1]}`);
	}
	expect(offenders).toEqual([]);
});

it('declares no runtime dependencies, as n8n requires of verified community nodes', () => {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
		string,
		unknown
	>;
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect((pkg.n8n as { n8nNodesApiVersion: number }).n8nNodesApiVersion).toBe(1);
});
