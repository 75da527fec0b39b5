// The `creativeai` command tree and the one place a run ends: every command's outcome becomes an
// exit code here, and every error is printed once, redacted, without a stack unless --debug.
// Commander's own messages (an unknown option, a missing argument) quote the command line back,
// so they pass through the same redaction.
// `runCli` never calls process.exit, so tests run whole commands in-process.
import { Command, CommanderError } from 'commander';

import { AbortedError } from '../../core/errors';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, redact, reportError } from './cliErrors';
import { batchCommand } from './commands/batch';
import { getCommand } from './commands/get';
import { sandboxCommand } from './commands/sandbox';
import { videoCreateCommand } from './commands/videoCreate';
import { voiceCreateCommand } from './commands/voiceCreate';
import { webhookListenCommand } from './commands/webhookListen';
import { webhookSignCommand } from './commands/webhookSign';
import { webhookVerifyCommand } from './commands/webhookVerify';
import { ENV_API_KEY, ENV_BASE_URL } from './config';
import { secretsInArguments, type CommandContext } from './context';
import type { CliIo } from './io';
import { redactingIo } from './redactingIo';

export const CLI_VERSION = '0.1.0';

export function buildProgram(context: CommandContext): Command {
	const { io, secrets } = context;
	const program = new Command('creativeai')
		.description('CreativeAI from the terminal: jobs, bulk manifests, webhooks and a local sandbox')
		.version(CLI_VERSION)
		.option('--base-url <url>', `API base URL (env ${ENV_BASE_URL})`)
		.option('--api-key <key>', `API key (env ${ENV_API_KEY})`)
		.option('--debug', 'print stack traces of errors')
		.exitOverride()
		.configureOutput({
			writeOut: (text) => io.stdout.write(text),
			// Help shown after an error, and anything else commander writes to stderr.
			writeErr: (text) => io.stderr.write(redact(text, secrets)),
			// The error itself ("unknown option '--apikey=rph_live_...'").
			outputError: (text, write) => write(redact(text, secrets)),
		})
		.showHelpAfterError('(run with --help for usage)');

	adopt(program, sandboxCommand(context));
	const video = adopt(program, new Command('video').description('Video generation jobs'));
	adopt(video, videoCreateCommand(context));
	const voice = adopt(program, new Command('voice').description('Voice (narration) jobs'));
	adopt(voice, voiceCreateCommand(context));
	adopt(program, getCommand(context));
	adopt(program, batchCommand(context));
	const webhook = adopt(
		program,
		new Command('webhook').description('Receive, sign and verify deliveries'),
	);
	adopt(webhook, webhookListenCommand(context));
	adopt(webhook, webhookSignCommand(context));
	adopt(webhook, webhookVerifyCommand(context));
	return program;
}

/** addCommand does not pass settings down (exitOverride, output); this does. */
function adopt(parent: Command, child: Command): Command {
	child.copyInheritedSettings(parent);
	parent.addCommand(child);
	return child;
}

/** Runs the CLI with `argv` (without node and the script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], processIo: CliIo): Promise<number> {
	// Registered before parsing, so even a message about the command line itself cannot show them.
	const secrets = secretsInArguments(argv, processIo.env);
	// Every byte printed passes through redaction, whichever command or library wrote it.
	const io = redactingIo(processIo, secrets);
	const context: CommandContext = { io, secrets };
	const debug = argv.includes('--debug') || io.env.CREATIVEAI_DEBUG === '1';
	const program = buildProgram(context);
	try {
		await program.parseAsync([...argv], { from: 'user' });
		return EXIT_OK;
	} catch (error) {
		if (error instanceof CommanderError) return commanderExitCode(error);
		if (error instanceof AbortedError && io.stop.aborted) {
			reportError(io, error, { debug, secrets: context.secrets });
			return EXIT_INTERRUPTED;
		}
		return reportError(io, error, { debug, secrets: context.secrets });
	}
}

/** Commander has already printed its message; help and --version are successes. */
function commanderExitCode(error: CommanderError): number {
	if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
		return EXIT_OK;
	if (error.code === 'commander.executeSubCommandAsync') return error.exitCode;
	return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
}
