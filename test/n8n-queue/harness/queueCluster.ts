// n8n in queue mode on one machine, as a scaled deployment runs it: Postgres and Redis shared by
// a main process (editor, REST, activation), workers (run executions from the Redis queue) and
// two webhook processors (receive production and waiting webhooks) behind HAProxy. The packed
// package is loaded into every n8n process.
// Rules: every process gets its own runners broker port and its own user folder (as separate
// machines would); binary data is kept in the database (n8n's queue-mode requirement: a worker
// and a webhook processor do not share a disk); `stop()` ends everything and deletes the scratch
// folder even after a failed test.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { freeLoopbackPort } from '../../setup/redisServer';
import { startHaProxy, type HaProxy } from './haproxy';
import { n8nInstall, type N8nInstall } from '../../n8n/harness/install';
import { unpackedExtension } from '../../n8n/harness/packageExtension';
import { N8nRest, type WorkflowDefinition } from '../../n8n/harness/restClient';
import { startPostgres, type Postgres } from './postgres';
import { startGroup, stopAll, type ProcessGroup } from './processGroup';
import { startQueueRedis, type Redis } from './redis';
import { answers200, waitUntil } from './waitUntil';

const MAIN_READY_TIMEOUT_MS = 180_000;
const PROCESS_READY_TIMEOUT_MS = 120_000;
const WEBHOOKS_STORED_TIMEOUT_MS = 30_000;
export const DB_POOL_SIZE = 20;
const ENCRYPTION_KEY = 'queue-mode-tests-encryption-key';

export interface ClusterOptions {
	/** Executions one worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency?: number;
	/** Extra environment for every n8n process (e.g. EXECUTIONS_TIMEOUT). */
	env?: Record<string, string>;
}

export interface QueueCluster {
	scratchDir: string;
	postgres: Postgres;
	redis: Redis;
	haproxy: HaProxy;
	/** The main process's own URL (REST and editor). */
	mainUrl: string;
	/** What N8N_WEBHOOK_URL says: the balancer, with a trailing slash. */
	webhookBaseUrl: string;
	/** Logged in as the owner. */
	rest: N8nRest;
	install: N8nInstall;
	/**
	 * Creates and activates a workflow, then waits until main has stored its production webhooks
	 * in the database (that lags the REST answer by up to a second; a webhook processor answers
	 * 404 until then).
	 */
	activateWorkflow(workflow: WorkflowDefinition): Promise<string>;
	/** Deactivation runs the trigger's unsubscribe on main. */
	deactivateWorkflow(id: string): Promise<void>;
	/** Names of the webhook processors as the balancer calls them. */
	webhookProcessors: string[];
	/** SIGKILLs the worker's whole process group (a crash mid-run). */
	killWorker(): Promise<void>;
	/** Starts the worker again and waits until it is ready. */
	startWorker(): Promise<void>;
	/** Everything the worker printed so far, across restarts. */
	workerLog(): string;
	stop(): Promise<void>;
}

interface Role {
	name: string;
	args: string[];
	/** The port its readiness endpoint answers on. */
	httpPort: number;
	env: Record<string, string>;
}

function baseEnv(
	install: N8nInstall,
	postgres: Postgres,
	redis: Redis,
	webhookBaseUrl: string,
	extensionsDir: string,
	extra: Record<string, string>,
): Record<string, string> {
	return {
		PATH: `${dirname(install.node)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		HOME: process.env.HOME ?? '/root',
		LANG: 'C.UTF-8',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// n8n's default pool of 2 connections is exhausted by a burst of deliveries on a webhook
		// processor; its database monitor then misses pings and answers every webhook 503.
		DB_POSTGRESDB_POOL_SIZE: String(DB_POOL_SIZE),
		// On a loaded 2-core CI machine a ping can wait longer than n8n's 5 s default, and a
		// process whose ping failed answers every webhook 503 until the next one succeeds.
		DB_PING_TIMEOUT_MS: '30000',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_WEBHOOK_URL: webhookBaseUrl,
		N8N_CUSTOM_EXTENSIONS: extensionsDir,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

export async function startQueueCluster(options: ClusterOptions = {}): Promise<QueueCluster> {
	const install = n8nInstall();
	const scratchDir = mkdtempSync(join(tmpdir(), 'creativeai-queue-'));
	// postgres runs as its own user and must be able to reach its folder inside.
	chmodSync(scratchDir, 0o755);
	const groups: ProcessGroup[] = [];
	const stop = async (): Promise<void> => {
		await stopAll(groups);
		if (process.env.KEEP_N8N_QUEUE_SCRATCH === undefined) {
			rmSync(scratchDir, { recursive: true, force: true });
		}
	};
	try {
		return await startIn(scratchDir, install, groups, stop, options);
	} catch (error) {
		await stop();
		throw error;
	}
}

async function startIn(
	scratchDir: string,
	install: N8nInstall,
	groups: ProcessGroup[],
	stop: () => Promise<void>,
	options: ClusterOptions,
): Promise<QueueCluster> {
	const extensionsDir = unpackedExtension(scratchDir);
	const postgres = await startPostgres(scratchDir, 'n8n');
	groups.push(postgres.group);
	const redis = await startQueueRedis(scratchDir);
	groups.push(redis.group);

	const [mainPort, workerPort, hook1Port, hook2Port] = await Promise.all(
		[0, 1, 2, 3].map(() => freeLoopbackPort()),
	);
	const webhookProcessors = [
		{ name: 'webhook1', port: hook1Port },
		{ name: 'webhook2', port: hook2Port },
	];
	const haproxy = await startHaProxy(
		scratchDir,
		{ name: 'main', port: mainPort },
		webhookProcessors,
	);
	groups.push(haproxy.group);
	const webhookBaseUrl = `${haproxy.url}/`;
	const env = baseEnv(install, postgres, redis, webhookBaseUrl, extensionsDir, options.env ?? {});

	const start = async (role: Role, timeoutMs: number): Promise<ProcessGroup> => {
		const userFolder = join(scratchDir, role.name);
		mkdirSync(userFolder, { recursive: true });
		const group = startGroup({
			name: role.name,
			command: install.node,
			args: [install.n8nBin, ...role.args],
			env: {
				...env,
				...role.env,
				N8N_USER_FOLDER: userFolder,
				N8N_RUNNERS_BROKER_PORT: String(await freeLoopbackPort()),
			},
			logPath: join(scratchDir, `${role.name}.log`),
		});
		groups.push(group);
		await waitUntil(
			role.name,
			() => answers200(`http://127.0.0.1:${role.httpPort}/healthz/readiness`),
			timeoutMs,
			group,
		);
		return group;
	};

	// Main first: it runs the database migrations the others expect.
	await start(
		{ name: 'main', args: ['start'], httpPort: mainPort, env: { N8N_PORT: String(mainPort) } },
		MAIN_READY_TIMEOUT_MS,
	);
	const workerRole: Role = {
		name: 'worker',
		args: ['worker', `--concurrency=${options.workerConcurrency ?? 10}`],
		httpPort: workerPort,
		env: {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		},
	};
	let worker = await start(workerRole, PROCESS_READY_TIMEOUT_MS);
	await Promise.all(
		webhookProcessors.map((hook) =>
			start(
				{
					name: hook.name,
					args: ['webhook'],
					httpPort: hook.port,
					env: { N8N_PORT: String(hook.port) },
				},
				PROCESS_READY_TIMEOUT_MS,
			),
		),
	);

	const mainUrl = `http://127.0.0.1:${mainPort}`;
	const rest = new N8nRest(mainUrl);
	await rest.setUpOwnerAndLogIn();
	return {
		scratchDir,
		postgres,
		redis,
		haproxy,
		mainUrl,
		webhookBaseUrl,
		rest,
		install,
		activateWorkflow: async (workflow) => {
			const { id, versionId } = await rest.createWorkflow(workflow);
			await rest.activateWorkflow(id, versionId);
			await waitUntil(
				`webhooks of workflow ${id} stored`,
				async () =>
					(
						await postgres.query(`select count(*) from webhook_entity where "workflowId" = '${id}'`)
					)[0][0] !== '0',
				WEBHOOKS_STORED_TIMEOUT_MS,
			);
			return id;
		},
		deactivateWorkflow: async (id) => {
			await rest.request('POST', `/workflows/${id}/deactivate`, {});
		},
		webhookProcessors: webhookProcessors.map((hook) => hook.name),
		killWorker: () => worker.kill(),
		startWorker: async () => {
			worker = await start(workerRole, PROCESS_READY_TIMEOUT_MS);
		},
		workerLog: () => readFileSync(join(scratchDir, 'worker.log'), 'utf8'),
		stop,
	};
}
