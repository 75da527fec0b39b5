// `video create`, `voice create`, `get` and `batch` run in-process against a sandbox: results as
// JSON on stdout, a failed job printed and exit 1, files saved and checked, Ctrl-C stops the wait
// and names the job.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { runCli } from '../../../src/runtime/cli/program';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../../src/runtime/sandbox';
import { captureIo, tempDir } from './helpers';

let sandbox: Sandbox;
let dir: ReturnType<typeof tempDir>;

async function start(options: SandboxOptions = {}) {
	sandbox = await createSandbox({ timeScale: 2000, ...options });
}

function envIo() {
	return captureIo({ CREATIVEAI_BASE_URL: sandbox.url, CREATIVEAI_API_KEY: sandbox.apiKey });
}

beforeEach(() => (dir = tempDir()));
afterEach(async () => {
	await sandbox?.close();
	dir.cleanup();
});

describe('video create', () => {
	it('prints the accepted job as JSON without --wait', async () => {
		await start();
		const io = envIo();
		expect(await runCli(['video', 'create', '--prompt', 'Garden', '--duration', '5s'], io)).toBe(0);
		expect(JSON.parse(io.out())).toMatchObject({ status: 'pending', duration: 5 });
	});

	it('with --wait, prints a failed job as JSON, its reason on stderr, and exits 1', async () => {
		await start({ faults: { providerSubmitErrorRate: 1 } });
		const io = envIo();
		const code = await runCli(
			[
				'video',
				'create',
				'--prompt',
				'Garden',
				'--no-failover',
				'--wait',
				'--poll-interval',
				'0.01',
			],
			io,
		);
		expect(code).toBe(1);
		expect(JSON.parse(io.out())).toMatchObject({ status: 'failed' });
		expect(io.err()).toMatch(/error \[generation_failed\]: Generation vgen_\w+ failed/);
	});

	it('with --wait --download, saves the MP4 under the job id', async () => {
		await start();
		const io = envIo();
		const args = [
			'video',
			'create',
			'--prompt',
			'Garden',
			'--wait',
			'--poll-interval',
			'0.01',
			'--download',
			dir.path,
		];
		expect(await runCli(args, io)).toBe(0);
		const job = JSON.parse(io.out());
		const bytes = readFileSync(join(dir.path, `${job.id}.mp4`));
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(io.err()).toContain(`saved ${join(dir.path, `${job.id}.mp4`)}`);
	});

	it('refuses --download without --wait (exit 2) before submitting anything', async () => {
		await start();
		const io = envIo();
		expect(await runCli(['video', 'create', '--prompt', 'x', '--download', dir.path], io)).toBe(2);
		expect(sandbox.jobs()).toHaveLength(0);
	});

	it('stops waiting on Ctrl-C with exit 130, naming the job that keeps running', async () => {
		await start({ timeScale: 1 });
		const io = envIo();
		const exit = runCli(['video', 'create', '--prompt', 'Slow', '--wait'], io);
		await io.waitForErr('waiting for it');
		io.stopNow();
		expect(await exit).toBe(130);
		expect(io.err()).toMatch(/Stopped waiting for generation vgen_\w+/);
		// The job exists and is named; there is no create to repeat.
		expect(io.err()).not.toMatch(/--idempotency-key/);
	});
});

/** A stand-in service that hands each create to `respond` and resolves `received` with its key. */
async function fakeService(respond: (res: ServerResponse) => void) {
	let keyReceived: (key: string) => void = () => undefined;
	const received = new Promise<string>((resolve) => (keyReceived = resolve));
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		req.resume();
		req.on('end', () => {
			keyReceived(String(req.headers['idempotency-key']));
			respond(res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		received,
		io: () =>
			captureIo({ CREATIVEAI_BASE_URL: `http://127.0.0.1:${port}`, CREATIVEAI_API_KEY: 'k' }),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

const HINT = (key: string) =>
	`re-run with --idempotency-key ${key} to get the same job without paying twice`;

describe('a create that ends without a usable answer', () => {
	it('on Ctrl-C before the answer, prints the Idempotency-Key it sent and how to reuse it', async () => {
		const service = await fakeService(() => undefined);
		try {
			const io = service.io();
			const exit = runCli(['video', 'create', '--prompt', 'Garden'], io);
			const key = await service.received;
			io.stopNow();
			expect(await exit).toBe(130);
			expect(io.err()).toContain(HINT(key));
			expect(io.out()).toBe('');
		} finally {
			await service.close();
		}
	});

	it('after a refusal the client will not retry, prints the key it sent (voice too)', async () => {
		const service = await fakeService((res) =>
			res
				.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3600' })
				.end('{"error":{"code":"server_error","message":"overloaded"}}'),
		);
		try {
			const io = service.io();
			expect(await runCli(['voice', 'create', '--text', 'Hello'], io)).toBe(1);
			expect(io.err()).toContain(HINT(await service.received));
		} finally {
			await service.close();
		}
	});

	it('reuses a key given with --idempotency-key, and names that one', async () => {
		const service = await fakeService(() => undefined);
		try {
			const io = service.io();
			const exit = runCli(
				['video', 'create', '--prompt', 'Garden', '--idempotency-key', 'my-key-1'],
				io,
			);
			expect(await service.received).toBe('my-key-1');
			io.stopNow();
			await exit;
			expect(io.err()).toContain(HINT('my-key-1'));
		} finally {
			await service.close();
		}
	});

	it('prints no key for a request refused before sending', async () => {
		const io = captureIo({ CREATIVEAI_BASE_URL: 'http://127.0.0.1:9', CREATIVEAI_API_KEY: 'k' });
		expect(await runCli(['video', 'create', '--prompt', 'Garden', '--duration', '120s'], io)).toBe(
			1,
		);
		expect(io.err()).toMatch(/duration/);
		expect(io.err()).not.toMatch(/idempotency/i);
	});
});

describe('voice create and get', () => {
	it('saves a WAV for a voice job, and get finds it by its voice_ id', async () => {
		await start();
		const io = envIo();
		const args = [
			'voice',
			'create',
			'--text',
			'Welcome home',
			'--speed',
			'1.25',
			'--wait',
			'--poll-interval',
			'0.01',
			'--download',
			dir.path,
		];
		expect(await runCli(args, io)).toBe(0);
		const job = JSON.parse(io.out());
		expect(job).toMatchObject({ object: 'voice.generation', status: 'completed', speed: 1.25 });
		expect(
			readFileSync(join(dir.path, `${job.id}.wav`))
				.subarray(0, 4)
				.toString('latin1'),
		).toBe('RIFF');

		const got = envIo();
		expect(await runCli(['get', job.id], got)).toBe(0);
		expect(JSON.parse(got.out()).id).toBe(job.id);
	});
});

describe('batch', () => {
	it('prints the summary as JSON, writes the journal, and exits 1 when a row is invalid', async () => {
		await start();
		const manifest = join(dir.path, 'm.jsonl');
		const out = join(dir.path, 'r.jsonl');
		writeFileSync(manifest, '{"sku":"A","prompt":"Shoe"}\n{"sku":"B","prompt":""}\n');
		const io = envIo();
		expect(await runCli(['batch', manifest, '--out', out, '--concurrency', '2'], io)).toBe(1);
		expect(JSON.parse(io.out())).toMatchObject({ rows: 2, submitted: 1, invalid: 1, out });
		expect(io.err()).toMatch(
			/line 2 \(B\): invalid row, not submitted: prompt: is required for a video row/,
		);
		expect(existsSync(out)).toBe(true);
	});

	it('exits 0 on a rerun that skips every row, and counts the skipped rows in its summary', async () => {
		await start();
		const manifest = join(dir.path, 'm.csv');
		const out = join(dir.path, 'r.jsonl');
		writeFileSync(manifest, 'sku,prompt\nA,Shoe\nB,Boot\n');
		expect(await runCli(['batch', manifest, '--out', out], envIo())).toBe(0);
		const io = envIo();
		expect(await runCli(['batch', manifest, '--out', out], io)).toBe(0);
		expect(JSON.parse(io.out())).toMatchObject({ rows: 2, skipped: 2, submitted: 0 });
		expect(io.err()).toContain('2 skipped (already in the journal)');
		expect(sandbox.jobs()).toHaveLength(2);
	});
});
