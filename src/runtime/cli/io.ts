// Where a command reads and writes: stdout for results (JSON a script can pipe), stderr for
// progress, banners and warnings, the environment, and a stop signal (Ctrl-C). Commands never
// touch `process` directly, so tests run them in-process with captured streams.
// Rule: stdout carries only results; everything meant for a person goes to stderr.

export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
	stdout: CliStream;
	stderr: CliStream;
	stdin: NodeJS.ReadableStream;
	env: Readonly<Record<string, string | undefined>>;
	/** Aborts when the user asks the command to stop; long-running commands end on it. */
	stop: AbortSignal;
}

/** Writes one line to stdout (results). */
export function printResult(io: CliIo, line: string): void {
	io.stdout.write(`${line}\n`);
}

/** Writes one line to stderr (everything a person reads). */
export function printInfo(io: CliIo, line: string): void {
	io.stderr.write(`${line}\n`);
}

/** True when stderr is a terminal, so live displays may redraw a line in place. */
export function isInteractive(io: CliIo): boolean {
	return io.stderr.isTTY === true;
}

/**
 * The real process's streams and environment. SIGINT and SIGTERM abort `stop`; a second Ctrl-C
 * while a command is shutting down exits at once.
 */
export function processIo(): CliIo {
	const controller = new AbortController();
	const onSignal = (signal: NodeJS.Signals): void => {
		if (controller.signal.aborted) process.exit(130);
		controller.abort(new Error(`received ${signal}`));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		env: process.env,
		stop: controller.signal,
	};
}

/** Resolves when `signal` aborts: long-running commands (sandbox, listen) wait on it. */
export function untilStopped(signal: AbortSignal): Promise<void> {
	if (signal.aborted) return Promise.resolve();
	return new Promise((resolve) =>
		signal.addEventListener('abort', () => resolve(), { once: true }),
	);
}
