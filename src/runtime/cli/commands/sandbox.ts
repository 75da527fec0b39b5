// `creativeai sandbox`: the local stand-in for the service, with a banner that says everything a
// user needs: the URL, the development key, the time scale, the faults, whether loopback
// callbacks are allowed, and the two env lines that point the CLI at it. Runs until Ctrl-C.
import { Command } from 'commander';

import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { CliExit, EXIT_USAGE } from '../cliErrors';
import { DEFAULT_SANDBOX_PORT, envLines } from '../config';
import { parseInteger, parsePort, parsePositiveNumber, type CommandContext } from '../context';
import { parseFaults } from '../faultPresets';
import { formatSeconds } from '../format';
import { printInfo, printResult, untilStopped } from '../io';

/** The sandbox's kling-v3 render of a 5-second clip, in service seconds (for the banner). */
const REFERENCE_RENDER_SECONDS = 180;

interface SandboxFlags {
	port: number;
	host: string;
	timeScale: number;
	faults: string;
	seed: number;
	allowPrivateCallbacks?: boolean;
	credits?: number;
	deliveryLog?: string;
}

export function sandboxCommand(context: CommandContext): Command {
	return new Command('sandbox')
		.description('Run a local fake of the CreativeAI API (jobs, webhooks, faults, credits)')
		.option(
			'--port <port>',
			'port to listen on (0: any free port)',
			parsePort,
			DEFAULT_SANDBOX_PORT,
		)
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option(
			'--time-scale <n>',
			'run service time this many times faster (60: a 3-minute render takes 3 s)',
			parsePositiveNumber,
			1,
		)
		.option(
			'--faults <json|preset>',
			'none, light, moderate, chaos, or a JSON object of fault rates',
			'none',
		)
		.option('--seed <n>', 'seed of the fault dice (same seed, same faults)', parseInteger, 1)
		.option('--allow-private-callbacks', 'deliver webhooks to localhost and private addresses too')
		.option('--credits <n>', 'starting credits of the account', parseInteger)
		.option('--delivery-log <file>', 'append every webhook attempt to this file as JSON lines')
		.addHelpText(
			'after',
			'\nExample:\n  creativeai sandbox --time-scale 60 --faults moderate --allow-private-callbacks',
		)
		.action(async (flags: SandboxFlags) => {
			const { io } = context;
			let faults: SandboxOptions['faults'];
			try {
				faults = parseFaults(flags.faults);
			} catch (error) {
				throw new CliExit(EXIT_USAGE, `error: ${(error as Error).message}`);
			}
			const sandbox = await createSandbox({
				port: flags.port,
				host: flags.host,
				timeScale: flags.timeScale,
				seed: flags.seed,
				faults,
				allowPrivateCallbacks: flags.allowPrivateCallbacks === true,
				initialCredits: flags.credits,
				deliveryLogPath: flags.deliveryLog,
			});
			for (const line of banner(sandbox, flags)) printResult(io, line);
			await untilStopped(io.stop);
			await sandbox.close();
			printInfo(io, 'sandbox stopped');
		});
}

export function banner(sandbox: Sandbox, flags: Pick<SandboxFlags, 'faults' | 'seed'>): string[] {
	const { timeScale, allowPrivateCallbacks, initialCredits } = sandbox.options;
	const render = formatSeconds(REFERENCE_RENDER_SECONDS / timeScale);
	return [
		`CreativeAI sandbox listening on ${sandbox.url}`,
		`  API key:            ${sandbox.apiKey} (a development key this sandbox accepts; not a real key)`,
		`  time scale:         ${timeScale}x (a 3-minute render takes ${render})`,
		`  faults:             ${flags.faults} (seed ${flags.seed})`,
		allowPrivateCallbacks
			? '  loopback callbacks: ALLOWED: webhook_url may point at localhost, 127.0.0.1 or private addresses'
			: '  loopback callbacks: NOT allowed: webhook_url must be public; restart with --allow-private-callbacks to deliver to a local receiver',
		`  credits:            ${initialCredits}`,
		'',
		'Point the CLI at it (in another terminal):',
		...envLines(sandbox.url, sandbox.apiKey).map((line) => `  ${line}`),
		'',
		'Press Ctrl-C to stop.',
	];
}
