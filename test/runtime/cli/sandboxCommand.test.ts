// `creativeai sandbox`: the banner says where it listens, the development key, the time scale and
// whether loopback callbacks are allowed, then the env lines that point the CLI at it, and those
// lines work.
import { runCli } from '../../../src/runtime/cli/program';
import { captureIo } from './helpers';

async function startSandbox(args: string[]) {
	const io = captureIo();
	const exit = runCli(['sandbox', '--port', '0', ...args], io);
	const banner = await io.waitForOut('Press Ctrl-C to stop.');
	return { io, exit, banner };
}

describe('creativeai sandbox', () => {
	it('prints the URL, key, time scale, loopback status and env lines, and the env lines work', async () => {
		const { io, exit, banner } = await startSandbox([
			'--time-scale',
			'60',
			'--allow-private-callbacks',
		]);
		try {
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1];
			expect(banner).toContain('rph_test_sandbox');
			expect(banner).toContain('60x (a 3-minute render takes 3s)');
			expect(banner).toMatch(/loopback callbacks: ALLOWED/);
			expect(banner).toContain(`export CREATIVEAI_BASE_URL=${url}`);
			expect(banner).toContain('export CREATIVEAI_API_KEY=rph_test_sandbox');

			const client = captureIo({
				CREATIVEAI_BASE_URL: url,
				CREATIVEAI_API_KEY: 'rph_test_sandbox',
			});
			expect(await runCli(['video', 'create', '--prompt', 'Lake house at dawn'], client)).toBe(0);
			expect(JSON.parse(client.out())).toMatchObject({
				object: 'video.generation',
				status: 'pending',
			});
		} finally {
			io.stopNow();
			expect(await exit).toBe(0);
		}
	});

	it('says plainly when loopback callbacks are not allowed', async () => {
		const { io, exit, banner } = await startSandbox([]);
		io.stopNow();
		await exit;
		expect(banner).toMatch(/loopback callbacks: NOT allowed/);
		expect(banner).toContain('--allow-private-callbacks');
	});

	it('refuses an unknown fault preset with exit 2, naming the presets', async () => {
		const io = captureIo();
		expect(await runCli(['sandbox', '--port', '0', '--faults', 'stormy'], io)).toBe(2);
		expect(io.err()).toMatch(/none, light, moderate, chaos/);
	});

	it('refuses a fault rate out of range, naming the field', async () => {
		const io = captureIo();
		const code = await runCli(['sandbox', '--port', '0', '--faults', '{"webhookDropRate":2}'], io);
		expect(code).toBe(2);
		expect(io.err()).toMatch(/webhookDropRate: must be between 0 and 1/);
	});
});
