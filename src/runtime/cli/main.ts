// The `creativeai` executable's entry point (cli/bin/creativeai.js loads it). All behaviour is in
// program.ts; this file only connects it to the real process.
import { processIo } from './io';
import { runCli } from './program';

/** If something (a socket a library kept) holds the process open after the command, leave anyway. */
const EXIT_GRACE_MS = 2_000;

void runCli(process.argv.slice(2), processIo()).then((code) => {
	process.exitCode = code;
	setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
});
