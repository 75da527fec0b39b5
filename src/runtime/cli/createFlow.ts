// The path `video create` and `voice create` share: check the callback URL, submit once (one
// Idempotency-Key for every retry), then optionally wait with a live display and download.
// Rules: never submit twice (a lost answer is retried with the same key by the client); the JSON
// result goes to stdout, including for a failed job, whose reason also goes to stderr with exit
// 1; Ctrl-C stops the wait, never the job, and says how to pick it up by id. A create that fails
// or is stopped once the request may have reached the service prints the Idempotency-Key it sent,
// so the job it may have paid for can be had again by re-running with that key.
import type { Command } from 'commander';

import { newIdempotencyKey, type CreativeAiClient } from '../../core/client';
import type { CreateVideoInput, CreateVoiceInput, Generation } from '../../core/contract';
import { GenerationFailedError, ValidationError } from '../../core/errors';
import { waitForCompletion } from '../../core/wait';
import { CliExit, EXIT_FAILED, EXIT_USAGE } from './cliErrors';
import { checkCallbackUrl } from './connect';
import { connectionFor, withClient, type CommandContext } from './context';
import { downloadOutput } from './download';
import { printInfo, printResult } from './io';
import { createWaitDisplay } from './waitDisplay';

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;

/** Flags both create commands take. */
export interface CreateFlags {
	webhookUrl?: string;
	allowPrivateCallbacks?: boolean;
	idempotencyKey?: string;
	wait?: boolean;
	timeout: number;
	pollInterval: number;
	download?: string;
}

export type CreateRequest =
	{ kind: 'video'; input: CreateVideoInput } | { kind: 'voice'; input: CreateVoiceInput };

/** Adds the flags of CreateFlags to `command`. */
export function addCreateFlags(command: Command, parseSeconds: (v: string) => number): Command {
	return command
		.option('--webhook-url <url>', 'POST the result here when the job ends')
		.option(
			'--allow-private-callbacks',
			'accept a localhost or private webhook URL (implied against a loopback sandbox)',
		)
		.option('--idempotency-key <key>', 'reuse to make your own retry return the same job')
		.option('--wait', 'wait for the job to end, with live progress on stderr')
		.option(
			'--timeout <seconds>',
			'with --wait: give up waiting after this long',
			parseSeconds,
			DEFAULT_WAIT_TIMEOUT_SECONDS,
		)
		.option(
			'--poll-interval <seconds>',
			'with --wait: shortest gap between status checks',
			parseSeconds,
			DEFAULT_POLL_INTERVAL_SECONDS,
		)
		.option('--download <dir>', 'with --wait: save the output file in this folder');
}

export async function runCreate(
	context: CommandContext,
	command: Command,
	request: CreateRequest,
	flags: CreateFlags,
): Promise<void> {
	const { io } = context;
	if (flags.download !== undefined && flags.wait !== true) {
		throw new CliExit(
			EXIT_USAGE,
			'error: --download needs --wait (the file exists once the job ends)',
		);
	}
	const connection = connectionFor(context, command);
	const webhookUrl = checkCallbackUrl(
		flags.webhookUrl,
		connection.baseUrl,
		flags.allowPrivateCallbacks === true,
	);
	const input =
		webhookUrl === undefined ? request.input : { ...request.input, webhook_url: webhookUrl };
	// Made here rather than inside the client, so a failed create can say which key it sent.
	const idempotencyKey = flags.idempotencyKey ?? newIdempotencyKey();
	const createOptions = { idempotencyKey, signal: io.stop };

	await withClient(connection, async ({ client }) => {
		let created: Generation;
		try {
			created =
				request.kind === 'video'
					? await client.createVideo(input as CreateVideoInput, createOptions)
					: await client.createVoice(input as CreateVoiceInput, createOptions);
		} catch (error) {
			if (mayHaveReachedService(error)) {
				for (const line of recoveryHint(idempotencyKey)) printInfo(io, line);
			}
			throw error;
		}
		if (flags.wait !== true) {
			printResult(io, JSON.stringify(created, null, 2));
			return;
		}
		printInfo(io, `submitted ${created.id}; waiting for it (Ctrl-C stops waiting, not the job)`);
		const done = await waitWithDisplay(context, client, created, flags);
		printResult(io, JSON.stringify(done, null, 2));
		if (flags.download !== undefined && done.output_url !== null) {
			const saved = await downloadOutput(
				done.output_url,
				flags.download,
				done.id,
				request.kind,
				io.stop,
			);
			printInfo(io, `saved ${saved.path} (${saved.bytes} bytes)`);
		}
	});
}

/**
 * False only for what the client refused before sending: a bad argument (TypeError) or its own
 * check of the input (a ValidationError without an HTTP status). Anything else, a lost answer, a
 * timeout, Ctrl-C, even a refusal, may have left a paid job behind.
 */
function mayHaveReachedService(error: unknown): boolean {
	if (error instanceof TypeError) return false;
	return !(error instanceof ValidationError && error.status === undefined);
}

/** What to tell the person whose create ended without an answer they can trust. */
export function recoveryHint(idempotencyKey: string): string[] {
	return [
		`the create may have reached the service; it was sent with Idempotency-Key ${idempotencyKey}`,
		`re-run with --idempotency-key ${idempotencyKey} to get the same job without paying twice`,
	];
}

/** Waits for `created`; a failed job is printed as JSON and ends the command with exit 1. */
async function waitWithDisplay(
	context: CommandContext,
	client: CreativeAiClient,
	created: Generation,
	flags: CreateFlags,
): Promise<Generation> {
	const { io } = context;
	const display = createWaitDisplay(io);
	try {
		return await waitForCompletion(client, created, {
			timeoutMs: flags.timeout * 1000,
			intervalMs: flags.pollInterval * 1000,
			signal: io.stop,
			onProgress: (progress) => display.onProgress(progress),
		});
	} catch (error) {
		display.stop();
		if (!(error instanceof GenerationFailedError)) throw error;
		const failed =
			created.object === 'video.generation'
				? await client.getVideo(created.id)
				: await client.getVoice(created.id);
		printResult(io, JSON.stringify(failed, null, 2));
		throw new CliExit(EXIT_FAILED, `error [${error.code}]: ${error.message}`);
	} finally {
		display.stop();
	}
}
