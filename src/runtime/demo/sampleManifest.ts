// Finds the sample manifest shipped in the repository (examples/listings.csv) whether the main
// job runs from source (src/runtime/demo) or from the build (dist/src/runtime/demo), or from
// another working directory.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SAMPLE_MANIFEST = join('examples', 'listings.csv');

export function findSampleManifest(cwd: string = process.cwd()): string {
	const candidates = [
		resolve(cwd, SAMPLE_MANIFEST),
		resolve(__dirname, '../../..', SAMPLE_MANIFEST),
		resolve(__dirname, '../../../..', SAMPLE_MANIFEST),
	];
	const found = candidates.find((path) => existsSync(path));
	if (found === undefined) {
		throw new Error(`the sample manifest is missing: looked for ${candidates.join(', ')}`);
	}
	return found;
}
