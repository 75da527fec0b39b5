// Long-running helper processes (postgres, haproxy, the n8n processes), each started in a process
// group of its own so that stopping it also stops what it spawned (n8n starts task runners).
// Rule: nothing outlives the test run. Every group is registered, `stopAll` ends them in reverse
// start order, and an `exit` hook (and SIGINT/SIGTERM/SIGHUP) SIGKILLs whatever is left if jest
// dies first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface GroupOptions {
	name: string;
	command: string;
	args: string[];
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** Run as this user (postgres refuses to run as root). */
	uid?: number;
	gid?: number;
	/** stdout and stderr are appended here. */
	logPath: string;
}

export interface ProcessGroup {
	readonly name: string;
	readonly pid: number;
	readonly logPath: string;
	/** Resolves with the exit code or signal once the leader has exited. */
	readonly exited: Promise<string>;
	isRunning(): boolean;
	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader is gone. */
	stop(graceMs?: number): Promise<void>;
	/** SIGKILL to the whole group at once (a crash, not a shutdown). */
	kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

function killAll(): void {
	for (const child of live) killGroup(child, 'SIGKILL');
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', killAll);
	// A signal ends Node without the 'exit' event; kill the groups, then die of the same signal.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAll();
			process.kill(process.pid, signal);
		});
	}
}

export function startGroup(options: GroupOptions): ProcessGroup {
	installExitHook();
	const log = createWriteStream(options.logPath, { flags: 'a' });
	const child = spawn(options.command, options.args, {
		env: options.env ?? process.env,
		cwd: options.cwd,
		uid: options.uid,
		gid: options.gid,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) {
		throw new Error(
			`${options.name}: ${options.command} did not start; is it installed? (.ci/run installs postgresql, redis-server and haproxy)`,
		);
	}
	live.add(child);
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	let running = true;
	const exited = new Promise<string>((resolve) => {
		child.once('exit', (code, signal) => {
			running = false;
			live.delete(child);
			// The group may still hold children (task runners) after its leader exits.
			killGroup(child, 'SIGKILL');
			resolve(signal ?? String(code));
		});
	});
	child.once('error', () => undefined);

	const stop = async (graceMs = 10_000): Promise<void> => {
		if (!running) return;
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	};
	const kill = async (): Promise<void> => {
		if (!running) return;
		killGroup(child, 'SIGKILL');
		await exited;
	};
	return {
		name: options.name,
		pid: child.pid,
		logPath: options.logPath,
		exited,
		isRunning: () => running,
		stop,
		kill,
	};
}

/** Stops groups newest first (n8n before the databases it writes to). */
export async function stopAll(groups: ProcessGroup[], graceMs?: number): Promise<void> {
	for (const group of [...groups].reverse()) await group.stop(graceMs);
}
