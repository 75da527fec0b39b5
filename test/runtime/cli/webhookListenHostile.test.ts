// Issue 11: `creativeai webhook listen` against hostile senders, run in-process over real HTTP.
// Each block names the class of the issue it covers.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { request } from 'undici';

import { signWebhook } from '../../../src/core/webhooks';
import { runCli } from '../../../src/runtime/cli/program';
import { captureIo, type CapturedIo } from './helpers';

const SECRET = 'rph_test_hostile_listen_secret';

function deliveryObject(id: string, extra: Record<string, unknown> = {}) {
	return {
		id,
		object: 'video.generation',
		status: 'failed',
		model: 'auto',
		model_actual: 'kling-v3',
		output_url: null,
		error_message: 'provider refused',
		credits: 3,
		failover_used: false,
		completed_at: '2030-01-01T00:00:00.000Z',
		...extra,
	};
}

async function post(url: string, body: string) {
	const headers = {
		'content-type': 'application/json',
		'x-creativeai-event': 'video.generation.failed',
		...signWebhook({ scheme: 'creativeai', secret: SECRET, body }),
	};
	const response = await request(url, { method: 'POST', headers, body });
	return { status: response.statusCode, text: await response.body.text() };
}

describe('webhook listen against hostile deliveries (issue 11)', () => {
	let io: CapturedIo;
	let exit: Promise<number>;
	let url: string;

	beforeEach(async () => {
		io = captureIo();
		exit = runCli(['webhook', 'listen', '--port', '0', '--secret', SECRET], io);
		const banner = await io.waitForErr(/listening on (\S+)/);
		url = /listening on (\S+)/.exec(banner)![1];
	});

	afterEach(async () => {
		io.stopNow();
		await exit;
	});

	it('class 4: refuses a delivery nested 100,000 deep with 400 and a reason, on every retry', async () => {
		const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
		const body = `${JSON.stringify(deliveryObject('vgen_deep')).slice(0, -1)},"extra":${deep}}`;
		for (let attempt = 0; attempt < 3; attempt++) {
			const answer = await post(url, body);
			expect(answer.status).toBe(400);
			expect(answer.text).toMatch(/nested too deeply/);
		}
		expect(await io.waitForErr(/invalid_payload \(\(body\): nests/)).toBeTruthy();
		expect(io.out()).toBe('');
	});

	it('class 2: never prints the secret a signed delivery echoes', async () => {
		const body = JSON.stringify(
			deliveryObject('vgen_echo', { error_message: `bad key ${SECRET}` }),
		);
		expect((await post(url, body)).status).toBe(200);
		const line = (await io.waitForOut('\n')).trim();
		expect(line).not.toContain(SECRET);
		expect(JSON.parse(line)).toMatchObject({ payload: { error_message: 'bad key [redacted]' } });
	});
});

describe('webhook listen whose stdout closes (issue 11, class 5)', () => {
	const ROOT = join(__dirname, '..', '..', '..');
	const ENTRY = join(ROOT, 'src', 'runtime', 'cli', 'main.ts');

	it('stays up when the reader of its stdout goes away (| head -c 1), answering 500', async () => {
		const child = spawn(
			process.execPath,
			['-r', 'tsx/cjs', ENTRY, 'webhook', 'listen', '--port', '0', '--secret', SECRET],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		try {
			let stderr = '';
			const listening = await new Promise<string>((resolve, reject) => {
				child.stderr.on('data', (chunk: Buffer) => {
					stderr += chunk.toString();
					const match = /listening on (\S+)/.exec(stderr);
					if (match) resolve(match[1]);
				});
				child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
			});
			// `head -c 1`: read one byte of the first line, then close the pipe.
			const firstByte = new Promise<void>((resolve) =>
				child.stdout.once('data', () => {
					child.stdout.destroy();
					resolve();
				}),
			);
			const first = await post(listening, JSON.stringify(deliveryObject('vgen_pipe1')));
			expect(first.status).toBe(200);
			await firstByte;
			// Every later print fails (EPIPE); the receiver answers 500 and stays up.
			for (const id of ['vgen_pipe2', 'vgen_pipe3', 'vgen_pipe2']) {
				const answer = await post(listening, JSON.stringify(deliveryObject(id)));
				expect(answer.status).toBe(500);
			}
			expect(child.exitCode).toBeNull();
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			child.kill('SIGKILL');
		}
	});
});
