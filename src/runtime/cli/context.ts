// What every command gets: the io, the secrets to keep out of any message, and helpers to read
// the global options and open a client. Rule: a key or secret a command reads is registered in
// `secrets` before anything can fail, so reportError can redact it.
import { InvalidArgumentError, type Command } from 'commander';

import { ENV_API_KEY, resolveConnection, type Connection } from './config';
import { connect, type Connected } from './connect';
import type { CliIo } from './io';

export interface CommandContext {
	io: CliIo;
	/** The API key and webhook secrets seen in this run; redacted from every message. */
	secrets: Set<string>;
}

export interface GlobalOptions {
	baseUrl?: string;
	apiKey?: string;
	debug?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
	return command.optsWithGlobals<GlobalOptions>();
}

/** The options whose value is a secret, as typed on the command line. */
const SECRET_OPTIONS = ['--api-key', '--secret'];

/**
 * The secrets `argv` and `env` hold before any command reads them: the values of --api-key and
 * --secret (`--secret x` or `--secret=x`) and the key in the environment.
 */
export function secretsInArguments(argv: readonly string[], env: CliIo['env']): Set<string> {
	const secrets = new Set<string>();
	const fromEnv = env[ENV_API_KEY];
	if (fromEnv !== undefined && fromEnv !== '') secrets.add(fromEnv);
	argv.forEach((arg, index) => {
		for (const option of SECRET_OPTIONS) {
			if (arg === option && index + 1 < argv.length) secrets.add(argv[index + 1]);
			else if (arg.startsWith(`${option}=`)) secrets.add(arg.slice(option.length + 1));
		}
	});
	return secrets;
}

/** The connection from flags and environment (CliExit(2) without a key), its key registered. */
export function connectionFor(context: CommandContext, command: Command): Connection {
	const connection = resolveConnection(globalOptions(command), context.io.env);
	context.secrets.add(connection.apiKey);
	return connection;
}

/** Runs `work` with a client for `connection`, closing the client's sockets afterwards. */
export async function withClient<T>(
	connection: Connection,
	work: (connected: Connected) => Promise<T>,
): Promise<T> {
	const connected = connect(connection);
	try {
		return await work(connected);
	} finally {
		await connected.close();
	}
}

// Option parsers for commander: each throws InvalidArgumentError, which commander reports as
// "option '--x <n>' argument 'y' is invalid. <message>" and exits with a usage error.

export function parsePositiveInteger(value: string): number {
	const number = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
		throw new InvalidArgumentError('Expected a whole number of at least 1.');
	}
	return number;
}

export function parsePort(value: string): number {
	const number = Number(value);
	if (!/^\d+$/.test(value.trim()) || number > 65535) {
		throw new InvalidArgumentError('Expected a port number from 0 to 65535 (0 picks a free one).');
	}
	return number;
}

export function parsePositiveNumber(value: string): number {
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
		throw new InvalidArgumentError('Expected a number above 0.');
	}
	return number;
}

export function parseInteger(value: string): number {
	const number = Number(value);
	if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
		throw new InvalidArgumentError('Expected a whole number.');
	}
	return number;
}

/** For repeatable options: `--secret a --secret b`. */
export function collect(value: string, previous: string[] = []): string[] {
	return [...previous, value];
}
