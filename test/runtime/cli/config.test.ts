// Where the CLI finds the API, and what it says when it cannot: exit 2 with the way to start the
// sandbox and the env lines to set; errors show the user message, never the key or a stack.
import { resolveConnection } from '../../../src/runtime/cli/config';
import { runCli } from '../../../src/runtime/cli/program';
import { captureIo, tempDir } from './helpers';

describe('connection settings', () => {
	it('exits 2 without a key, saying how to start the sandbox and what to export', async () => {
		const io = captureIo({});
		expect(await runCli(['get', 'vgen_1'], io)).toBe(2);
		expect(io.err()).toContain('npx creativeai sandbox');
		expect(io.err()).toContain('export CREATIVEAI_BASE_URL=http://127.0.0.1:4010');
		expect(io.err()).toContain('export CREATIVEAI_API_KEY=rph_test_sandbox');
		expect(io.out()).toBe('');
	});

	it('prefers flags to the environment and defaults the base URL to the service', () => {
		const env = { CREATIVEAI_API_KEY: 'rph_live_env', CREATIVEAI_BASE_URL: 'http://127.0.0.1:1' };
		expect(resolveConnection({ apiKey: 'rph_live_flag' }, env)).toEqual({
			apiKey: 'rph_live_flag',
			baseUrl: 'http://127.0.0.1:1',
		});
		expect(resolveConnection({}, { CREATIVEAI_API_KEY: 'rph_live_env' }).baseUrl).toBe(
			'https://api.creativeai.run',
		);
	});
});

describe('error output', () => {
	it('shows the field at fault for a bad request, with exit 1 and no stack', async () => {
		const io = captureIo({
			CREATIVEAI_API_KEY: 'rph_live_0123456789',
			CREATIVEAI_BASE_URL: 'http://127.0.0.1:9',
		});
		const code = await runCli(['video', 'create', '--prompt', 'x', '--aspect-ratio', '4:3'], io);
		expect(code).toBe(1);
		expect(io.err()).toMatch(/aspect_ratio: must be one of/);
		expect(io.err()).not.toMatch(/\n\s+at /);
	});

	it('refuses a loopback webhook URL against the real service, before sending', async () => {
		const io = captureIo({ CREATIVEAI_API_KEY: 'rph_live_0123456789' });
		const code = await runCli(
			['video', 'create', '--prompt', 'x', '--webhook-url', 'http://127.0.0.1:8787/hook'],
			io,
		);
		expect(code).toBe(1);
		expect(io.err()).toMatch(/unsafe_callback_url/);
	});

	it('never prints the API key, even in an error that quotes it', async () => {
		const key = 'rph_live_supersecret_key_42';
		const io = captureIo({ CREATIVEAI_API_KEY: key, CREATIVEAI_BASE_URL: 'http://127.0.0.1:9' });
		const dir = tempDir();
		try {
			// A manifest path holding the key: the error about the missing file quotes it.
			const args = ['batch', `${dir.path}/${key}.csv`, '--out', `${dir.path}/r.jsonl`, '--debug'];
			expect(await runCli(args, io)).toBe(1);
			expect(io.err()).toContain('[redacted]');
			expect(io.err()).not.toContain(key);
		} finally {
			dir.cleanup();
		}
	});

	it('prints a stack only with --debug', async () => {
		const env = {
			CREATIVEAI_API_KEY: 'rph_live_0123456789',
			CREATIVEAI_BASE_URL: 'http://127.0.0.1:9',
		};
		const plain = captureIo(env);
		await runCli(['batch', '/nonexistent/m.csv', '--out', '/nonexistent/r.jsonl'], plain);
		const debug = captureIo(env);
		await runCli(
			['--debug', 'batch', '/nonexistent/m.csv', '--out', '/nonexistent/r.jsonl'],
			debug,
		);
		expect(plain.err()).not.toMatch(/\n\s+at /);
		expect(debug.err()).toMatch(/\n\s+at /);
	});

	it('exits 2 for an unknown option and 0 for --help', async () => {
		const bad = captureIo();
		expect(await runCli(['video', 'create', '--promt', 'x'], bad)).toBe(2);
		const help = captureIo();
		expect(await runCli(['batch', '--help'], help)).toBe(0);
		expect(help.out()).toContain('--concurrency');
	});
});
