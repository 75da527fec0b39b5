// How a command ends badly: CliExit carries an exit code and a message for the person at the
// terminal; reportError turns any error into that message. Exit codes: 0 done, 1 the operation
// failed (a job failed, a signature did not verify, the API refused), 2 the command was used
// wrongly or is not configured.
// Rules: never print a stack unless --debug; never print a secret (the API key, a webhook
// secret), even inside a message that quotes one by accident.
import { CreativeAiError, ValidationError } from '../../core/errors';
import { DEFAULT_API_KEY as SANDBOX_DEFAULT_API_KEY } from '../sandbox/options';
import { printInfo, type CliIo } from './io';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT: what shells expect from a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Ends a command with `exitCode`, printing `message` (if any) to stderr. */
export class CliExit extends Error {
	readonly exitCode: number;

	constructor(exitCode: number, message = '') {
		super(message);
		this.name = 'CliExit';
		this.exitCode = exitCode;
	}
}

export const REDACTED = '[redacted]';

/**
 * A registered secret this long or longer is replaced wherever it appears. A shorter one (1 to
 * 5 characters) is replaced only where it stands alone, not inside a longer run of letters,
 * digits, `_` or `-`: a secret "api" still disappears from "--secret api" or "user:api@host",
 * but the word "rapid" stays readable. A secret of only spaces is not redacted: it cannot be told
 * from the layout.
 */
const MIN_ANYWHERE_LENGTH = 6;
const WORD_CHARACTER = '[A-Za-z0-9_-]';

/**
 * What an API key (`rph_live_…`, `rph_test_…`) or a Standard Webhooks secret (`whsec_…`) looks
 * like, redacted even when nobody registered it (a mistyped flag that commander quotes back). At
 * least one character must follow the prefix, and closing punctuation ends it, so a hint such as
 * "keys start with rph_live_)" stays as it is. The sandbox's built-in development key is public
 * (the no-key message tells everyone to export it) and is left readable unless registered.
 */
const SECRET_LOOKALIKE = /(?:rph_(?:live|test)_|whsec_)[^\s'"`()<>[\]{},;]+/g;

/** `text` with every registered secret and every API key or whsec_ look-alike replaced. */
export function redact(text: string, secrets: Iterable<string>): string {
	const ordered = orderedSecrets(secrets);
	let out = text;
	for (const secret of ordered) {
		out =
			secret.length >= MIN_ANYWHERE_LENGTH
				? out.split(secret).join(REDACTED)
				: out.replace(standingAlone(secret), REDACTED);
	}
	return out.replace(SECRET_LOOKALIKE, (match) =>
		match === SANDBOX_DEFAULT_API_KEY ? match : REDACTED,
	);
}

/** The last ordering made, per set: a live set is re-read only when its size changes. */
const orderings = new WeakMap<object, { size: number; ordered: string[] }>();

/** The secrets worth redacting, longest first so one containing a shorter one goes whole. */
function orderedSecrets(secrets: Iterable<string>): string[] {
	const cached = secrets instanceof Set ? orderings.get(secrets) : undefined;
	if (cached !== undefined && cached.size === (secrets as Set<string>).size) return cached.ordered;
	const ordered = [...new Set(secrets)]
		.filter((secret) => secret.trim() !== '')
		.sort((a, b) => b.length - a.length);
	if (secrets instanceof Set) orderings.set(secrets, { size: secrets.size, ordered });
	return ordered;
}

function standingAlone(secret: string): RegExp {
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<!${WORD_CHARACTER})${escaped}(?!${WORD_CHARACTER})`, 'g');
}

/** The lines a person reads for `error`, without a stack. */
export function describeError(error: unknown): string[] {
	if (error instanceof CliExit) return error.message === '' ? [] : [error.message];
	if (error instanceof ValidationError) {
		const lines = ['error: the request is not valid:'];
		for (const issue of error.fields) lines.push(`  ${issue.field}: ${issue.message}`);
		return lines;
	}
	if (error instanceof CreativeAiError) {
		const requestId = (error as { requestId?: unknown }).requestId;
		const suffix = typeof requestId === 'string' ? ` (request id ${requestId})` : '';
		return [`error [${error.code}]: ${error.message}${suffix}`];
	}
	if (isErrorLike(error)) return [`error: ${error.message}`];
	return [`error: ${String(error)}`];
}

/**
 * Node's own errors (fs, net) may come from another realm (a test VM, a worker), where
 * `instanceof Error` is false; read them by shape.
 */
function isErrorLike(error: unknown): error is { message: string; stack?: unknown } {
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as { message?: unknown }).message === 'string'
	);
}

/** The exit code for `error`. */
export function exitCodeOf(error: unknown): number {
	if (error instanceof CliExit) return error.exitCode;
	// Misuse the core caught before sending: a bad argument, not a failed operation.
	if (error instanceof TypeError) return EXIT_USAGE;
	return EXIT_FAILED;
}

export interface ReportOptions {
	debug: boolean;
	secrets: Iterable<string>;
}

/** Prints `error` to stderr (redacted, with the stack only under --debug) and returns its exit code. */
export function reportError(io: CliIo, error: unknown, options: ReportOptions): number {
	const secrets = [...options.secrets];
	for (const line of describeError(error)) printInfo(io, redact(line, secrets));
	const stack = isErrorLike(error) ? error.stack : undefined;
	if (options.debug && typeof stack === 'string' && !(error instanceof CliExit)) {
		printInfo(io, redact(stack, secrets));
	}
	return exitCodeOf(error);
}
