// The creativeai CLI as a user runs it: a separate node process (the TypeScript entry through
// tsx), against a sandbox on loopback. `video create --wait` prints the completed job as JSON on
// stdout and the progress on stderr.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const ENTRY = join(ROOT, 'src', 'runtime', 'cli', 'main.ts');
/** Starting node and compiling the CLI through tsx dominates; the job itself takes milliseconds. */
const CHILD_LIMIT_MS = 25_000;

describe('creativeai as a child process', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await createSandbox({ timeScale: 1000 });
	});
	afterAll(() => sandbox.close());

	it('video create --wait prints a completed job', async () => {
		const { stdout, stderr } = await run(
			process.execPath,
			[
				'-r',
				'tsx/cjs',
				ENTRY,
				'video',
				'create',
				'--prompt',
				'Aerial view of a lake house at dawn',
				'--duration',
				'5s',
				'--wait',
				'--poll-interval',
				'0.05',
			],
			{
				cwd: ROOT,
				timeout: CHILD_LIMIT_MS,
				env: {
					...process.env,
					CREATIVEAI_BASE_URL: sandbox.url,
					CREATIVEAI_API_KEY: sandbox.apiKey,
				},
			},
		);
		const job = JSON.parse(stdout);
		expect(job).toMatchObject({ object: 'video.generation', status: 'completed', duration: 5 });
		expect(job.output_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
		expect(stderr).toContain(`submitted ${job.id}`);
		expect(stderr).toMatch(/Completed/);
		expect(sandbox.jobs().map((j) => j.id)).toEqual([job.id]);
	});

	it('exits 2 with the sandbox hint when no key is configured', async () => {
		const env = { ...process.env };
		delete env.CREATIVEAI_API_KEY;
		delete env.CREATIVEAI_BASE_URL;
		const failure = await run(process.execPath, ['-r', 'tsx/cjs', ENTRY, 'get', 'vgen_1'], {
			cwd: ROOT,
			timeout: CHILD_LIMIT_MS,
			env,
		}).catch((error: { code: number; stderr: string }) => error);
		expect(failure).toMatchObject({ code: 2 });
		expect((failure as { stderr: string }).stderr).toContain('npx creativeai sandbox');
	});
});
