// The zip `zapier-platform build` makes is what Zapier runs. Unzipped into a folder of its own (no
// node_modules above it to lean on), it must load and pass its auth test against the sandbox,
// through the same `zapierwrapper.handler` Zapier's Lambda calls, on the Node this package pins.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import AdmZip from 'adm-zip';

import type { Sandbox } from '../../../src/runtime/sandbox';
import { startSandbox, stopSandbox } from '../support/sandbox';

const APP_ROOT = join(__dirname, '..', '..');
const ZIP_PATH = join(APP_ROOT, 'build', 'build.zip');
/** The node@24 devDependency's binary; Zapier runs 19.x apps on Node 22. */
const PINNED_NODE = join(APP_ROOT, 'node_modules', '.bin', 'node');
const RESULT_MARKER = 'HANDLER_RESULT ';

const runHandlerScript = `
const { handler } = require('./zapierwrapper.js');
handler(JSON.parse(process.argv[1]), {}, (error, response) => {
	const result = error ? { error: String(error.message) } : response;
	process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(result) + '\\n');
});`;

let sandbox: Sandbox;
let unzipped: string;

beforeAll(async () => {
	if (!existsSync(ZIP_PATH)) {
		throw new Error(
			'build/build.zip is missing: run `npm test` (or `npm run zip`) in zapier-app first.',
		);
	}
	sandbox = await startSandbox();
	unzipped = mkdtempSync(join(tmpdir(), 'creativeai-zapier-build-'));
	new AdmZip(ZIP_PATH).extractAllTo(unzipped);
});
afterAll(async () => {
	await stopSandbox(sandbox);
	if (unzipped) rmSync(unzipped, { recursive: true, force: true });
});

async function runHandler(event: object): Promise<{ results?: unknown; error?: string }> {
	const { stdout } = await promisify(execFile)(
		existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath,
		['-e', runHandlerScript, JSON.stringify(event)],
		{
			cwd: unzipped,
			env: {
				PATH: process.env.PATH,
				CREATIVEAI_BASE_URL: sandbox.url,
				DISABLE_ZAPIER_ANALYTICS: '1',
			},
		},
	);
	const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
	if (line === undefined) throw new Error(`the handler printed no result:\n${stdout}`);
	return JSON.parse(line.slice(RESULT_MARKER.length)) as { results?: unknown; error?: string };
}

describe('build/build.zip, unzipped on its own', () => {
	it('carries the app definition with every action', () => {
		const definition = JSON.parse(readFileSync(join(unzipped, 'definition.json'), 'utf8')) as {
			triggers: object;
			creates: object;
			searches: object;
		};
		expect(Object.keys(definition.triggers)).toEqual(['generationCompleted', 'generationFailed']);
		expect(Object.keys(definition.creates)).toEqual(['createVideo', 'createVoice']);
		expect(Object.keys(definition.searches)).toEqual(['findGeneration']);
	});

	it('loads and passes its auth test against the sandbox', async () => {
		const response = await runHandler({
			command: 'execute',
			method: 'authentication.test',
			bundle: { authData: { api_key: sandbox.apiKey } },
		});
		expect(response.error).toBeUndefined();
		expect(response.results).toEqual(
			expect.objectContaining({ object: 'account', credits_balance: sandbox.balance() }),
		);
	});

	it('refuses a wrong key with the plain-English message', async () => {
		const response = await runHandler({
			command: 'execute',
			method: 'authentication.test',
			bundle: { authData: { api_key: 'rph_live_wrong_key_000' } },
		});
		expect(response.error).toMatch(/did not accept this API key/);
	});
});
