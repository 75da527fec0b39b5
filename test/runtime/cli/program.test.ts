// Commander's own error messages quote the command line back; they pass through redaction like
// every other error, so a key typed under a mistyped flag never reaches the terminal.
import { runCli } from '../../../src/runtime/cli/program';
import { captureIo } from './helpers';

describe('commander errors', () => {
	it('never print an API key given to a mistyped option', async () => {
		const io = captureIo();
		expect(await runCli(['get', 'vgen_1', '--apikey=rph_live_SUPERSECRET123'], io)).toBe(2);
		expect(io.err()).toContain("unknown option '--apikey=[redacted]'");
		expect(io.err()).not.toContain('SUPERSECRET');
	});

	it('never print a secret given on the command line, whatever it looks like', async () => {
		const io = captureIo();
		expect(await runCli(['get', 'vgen_1', '--secret=hunter2'], io)).toBe(2);
		expect(io.err()).toMatch(/unknown option/);
		expect(io.err()).not.toContain('hunter2');
	});

	it('never print the API key from the environment, whatever it looks like', async () => {
		const io = captureIo({ CREATIVEAI_API_KEY: 'plain-key-0042' });
		expect(await runCli(['get', 'vgen_1', '--key=plain-key-0042'], io)).toBe(2);
		expect(io.err()).toMatch(/unknown option/);
		expect(io.err()).not.toContain('plain-key-0042');
	});
});
