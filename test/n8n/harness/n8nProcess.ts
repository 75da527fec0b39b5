// One real n8n on loopback: its own user folder (sqlite database, settings), its own ports, the
// package loaded from an unpacked tarball as a custom extension. The environment follows what was
// checked on this machine (see the n8n section of docs/n8n.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { freeLoopbackPort as freePort } from '../../setup/redisServer';
import type { N8nInstall } from './install';

export interface N8nProcess {
	/** e.g. http://127.0.0.1:41234 (no trailing slash) */
	url: string;
	port: number;
	userFolder: string;
	/** Everything n8n printed, for a failing test's message. */
	output(): string;
	stop(): Promise<void>;
}

export interface StartN8nOptions {
	install: N8nInstall;
	/** A scratch folder owned by this n8n. */
	scratch: string;
	/** The folder holding the unpacked package. */
	extensionsDir: string;
	/** Extra environment (wins over the defaults). */
	env?: Record<string, string>;
	/** Keep the port across a restart: webhook and resume URLs handed out before must still work. */
	port?: number;
	/** How long to wait for n8n to answer; the first start on a slow machine takes 30 s or more. */
	readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

export async function startN8n(options: StartN8nOptions): Promise<N8nProcess> {
	const { install, scratch } = options;
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const userFolder = join(scratch, 'user');
	mkdirSync(userFolder, { recursive: true });
	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		PATH: `${dirname(install.node)}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME ?? scratch,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_EDITOR_BASE_URL: `${url}/`,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_CUSTOM_EXTENSIONS: options.extensionsDir,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		...options.env,
	};
	const child: ChildProcess = spawn(install.node, [install.n8nBin, 'start'], {
		cwd: scratch,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

	const stop = async (): Promise<void> => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		await exited;
		clearTimeout(timer);
	};

	try {
		await waitUntilReady(url, exited, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
	} catch (error) {
		await stop();
		throw new Error(
			`n8n did not start: ${(error as Error).message}\n--- n8n output ---\n${output}`,
		);
	}
	return { url, port, userFolder, output: () => output, stop };
}

async function waitUntilReady(
	url: string,
	exited: Promise<number | null>,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exitCode: number | null | undefined;
	void exited.then((code) => (exitCode = code));
	while (Date.now() < deadline) {
		if (exitCode !== undefined) throw new Error(`n8n exited with code ${exitCode}`);
		try {
			const response = await fetch(`${url}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`no answer from ${url}/healthz/readiness within ${timeoutMs / 1000} s`);
}
