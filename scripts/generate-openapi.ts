// Writes docs/openapi.json from the contract (`npm run openapi`). The file is checked in, and
// test/core/contract/openapi.test.ts fails when it no longer equals buildOpenApiDocument().
// It is formatted with the repository's prettier config, so `npm run format` never rewrites it.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { format, resolveConfig } from 'prettier';

import { buildOpenApiDocument } from '../src/core/contract/openapi';

const OUTPUT_PATH = resolve(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
	const json = JSON.stringify(buildOpenApiDocument(), null, '\t');
	const config = await resolveConfig(OUTPUT_PATH);
	// prettier ends the text with a newline.
	const text = await format(json, { ...config, filepath: OUTPUT_PATH });
	await writeFile(OUTPUT_PATH, text);
	console.log(`wrote ${OUTPUT_PATH}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
