// A real n8n (installed by scripts/n8n/install.sh) on loopback with the packed package loaded:
// started, restarted on the same database, driven through its REST API with an owner login.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL_SCRIPT = join(__dirname, '..', '..', '..', '..', 'scripts', 'n8n', 'install.sh');
const READY_TIMEOUT_MS = 180_000;
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Pack',
	lastName: 'Tester',
	password: 'Creative-ai-1',
};

/** The n8n install folder (installs on first use, with progress on stderr). */
export function n8nFolder(): string {
	return execFileSync('bash', [INSTALL_SCRIPT], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	})
		.trim()
		.split('\n')
		.pop()!;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export interface N8nOptions {
	extensions: string;
	/** Kept across restarts: the SQLite database lives here. */
	home?: string;
	port?: number;
	/** Extra environment, e.g. a fixed N8N_ENCRYPTION_KEY. */
	env?: Record<string, string>;
}

export class N8nServer {
	readonly url: string;
	readonly home: string;
	readonly log: string[] = [];
	private child?: ChildProcess;
	private cookie = '';
	private ownerReady = false;

	private constructor(
		readonly folder: string,
		private readonly options: N8nOptions,
		readonly port: number,
	) {
		this.url = `http://127.0.0.1:${port}`;
		this.home = options.home ?? mkdtempSync(join(tmpdir(), 'creativeai-n8n-home-'));
	}

	static async start(options: N8nOptions): Promise<N8nServer> {
		const server = new N8nServer(n8nFolder(), options, options.port ?? (await freePort()));
		await server.boot();
		return server;
	}

	/** Stops n8n (SIGTERM, as Ctrl-C would) and starts it again on the same database. */
	async restart(): Promise<void> {
		await this.stop();
		await this.boot();
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (child === undefined || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}

	private async boot(): Promise<void> {
		const brokerPort = await freePort();
		const env = {
			...process.env,
			N8N_USER_FOLDER: this.home,
			N8N_ENCRYPTION_KEY: 'creativeai-test-encryption-key',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			WEBHOOK_URL: `${this.url}/`,
			N8N_CUSTOM_EXTENSIONS: this.options.extensions,
			NODE_ENV: 'production',
			...this.options.env,
		};
		const node = join(this.folder, 'node_modules', '.bin', 'node');
		const bin = join(this.folder, 'node_modules', 'n8n', 'bin', 'n8n');
		const child = spawn(node, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		child.stdout!.on('data', (chunk) => this.log.push(String(chunk)));
		child.stderr!.on('data', (chunk) => this.log.push(String(chunk)));
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (!(await this.ready())) {
			if (child.exitCode !== null || Date.now() > deadline) {
				throw new Error(`n8n did not start:\n${this.log.join('').slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		if (!this.ownerReady) {
			await this.api('POST', '/rest/owner/setup', OWNER);
			this.ownerReady = true;
		}
		await this.api('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
	}

	private async ready(): Promise<boolean> {
		try {
			return (await fetch(`${this.url}/healthz/readiness`)).ok;
		} catch {
			return false;
		}
	}

	/** One REST call with the owner's session; the `data` of n8n's answer. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async api(method: string, path: string, body?: unknown): Promise<any> {
		// Under a burst of executions SQLite is briefly busy and n8n answers 503 "Database is not
		// ready!"; the REST call is simply asked again.
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.apiOnce(method, path, body);
			} catch (error) {
				if (attempt >= 20 || !String(error).includes(': 503 ')) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
			}
		}
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	private async apiOnce(method: string, path: string, body?: unknown): Promise<any> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'tests' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		return text ? (JSON.parse(text) as { data: unknown }).data : undefined;
	}
}
