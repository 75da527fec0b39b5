// n8n's community-package scanner rules, offline. `@n8n/scan-community-package` only scans a
// published package (it downloads it and its provenance), but its `analyzePackage` runs the same
// ESLint rules on a folder. This packs the package as npm would publish it (run `npm run build`
// first), unpacks the tarball and scans every .js file and package.json in it, then scans the
// TypeScript sources with the scanner's own source patterns, as it does with a package's repository.
// Exits 1 on any violation.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// eslint-plugin-n8n-nodes-base (loaded by the scanner later) switches its file-name rules to
// fixtures when NODE_ENV is 'test', as under jest.
delete process.env.NODE_ENV;

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'creativeai-n8n-scan-'));
try {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	const unpacked = join(scratch, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', [
		'-xzf',
		join(scratch, pack.filename),
		'-C',
		unpacked,
		'--strip-components=1',
	]);
	const checks = [
		{
			what: `the tarball ${pack.filename} (${pack.entryCount} files)`,
			dir: unpacked,
			patterns: ['**/*.js', 'package.json'],
		},
		{ what: 'the sources (scanner source patterns)', dir: root, patterns: SOURCE_FILE_PATTERNS },
	];
	let failed = false;
	for (const { what, dir, patterns } of checks) {
		const result = await analyzePackage(dir, patterns);
		console.log(`scanner on ${what}: ${result.passed ? 'passed' : result.message}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
