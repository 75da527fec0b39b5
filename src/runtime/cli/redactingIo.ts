// The CLI's streams behind redaction: everything a command writes to stdout or stderr (results,
// progress, commander's help and errors, a delivery printed by `webhook listen`) passes through
// `redact` first, so no registered secret and no API key look-alike reaches the terminal or a
// pipe, whichever code path printed it.
// Rule: only `write` changes; everything else (isTTY, columns, listeners) is the stream's own.
import { redact } from './cliErrors';
import type { CliIo, CliStream } from './io';

/** Stream methods that must run on the real stream, not on the wrapper that inherits them. */
const DELEGATED = [
	'on',
	'once',
	'off',
	'addListener',
	'removeListener',
	'removeAllListeners',
	'prependListener',
	'emit',
	'end',
	'cork',
	'uncork',
] as const;

/** `io` whose stdout and stderr redact `secrets` (a live set: secrets added later count too). */
export function redactingIo(io: CliIo, secrets: Set<string>): CliIo {
	return {
		...io,
		stdout: redactingStream(io.stdout, secrets),
		stderr: redactingStream(io.stderr, secrets),
	};
}

export function redactingStream(stream: CliStream, secrets: Set<string>): CliStream {
	const wrapper = Object.create(stream) as CliStream & Record<string, unknown>;
	const target = stream as unknown as Record<string, unknown>;
	for (const name of DELEGATED) {
		const method = target[name];
		if (typeof method === 'function') wrapper[name] = method.bind(stream);
	}
	wrapper.write = ((chunk: unknown, ...rest: unknown[]) =>
		(stream.write as (...args: unknown[]) => boolean)(
			redactChunk(chunk, secrets),
			...rest,
		)) as CliStream['write'];
	return wrapper;
}

function redactChunk(chunk: unknown, secrets: Set<string>): unknown {
	if (typeof chunk === 'string') return redact(chunk, secrets);
	if (chunk instanceof Uint8Array) {
		const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
		const redacted = redact(text, secrets);
		return redacted === text ? chunk : redacted;
	}
	return chunk;
}
