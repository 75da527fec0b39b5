// createSandbox: a real HTTP server on loopback that stands in for the CreativeAI service, for
// tests, demos and local work (see service.ts for what it simulates and options.ts for the knobs).
// Rule: `close()` stops everything the sandbox started (server, sockets, job timers, webhook
// waits and requests in flight) and flushes the delivery log, so a test file ends clean.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep as systemSleep, systemClock } from '../timers';
import { adminHandlers, adminJobView } from './admin';
import { apiHandlers } from './api';
import { Accounts } from './auth';
import { WebhookSender } from './delivery';
import { DeliveryLog, type DeliveryFilter, type DeliveryLogEntry } from './deliveryLog';
import { FaultInjector } from './faults';
import type { LedgerEntry } from './ledger';
import { loadMedia } from './media';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options';
import { requestListener } from './server';
import { SandboxService } from './service';

export type AdminJobView = ReturnType<typeof adminJobView>;

export interface Sandbox {
	/** Base URL of the API, e.g. `http://127.0.0.1:43117` (no trailing slash). */
	url: string;
	port: number;
	/** The first accepted key (the default development key unless `apiKeys` was given). */
	apiKey: string;
	apiKeys: readonly string[];
	/** The options after defaults. */
	options: Readonly<ResolvedOptions>;
	/** Every webhook attempt so far, all accounts unless filtered. */
	deliveries(filter?: DeliveryFilter): DeliveryLogEntry[];
	/** Ledger entries of the account of `apiKey` (default: the first key). */
	ledger(apiKey?: string): LedgerEntry[];
	balance(apiKey?: string): number;
	/** Every job of every account, settled as of now, newest first. */
	jobs(): AdminJobView[];
	/** Resolves when no webhook delivery is queued, waiting to retry or in flight. */
	idleDeliveries(): Promise<void>;
	/** Resolves when every job has ended and every delivery has finished. */
	settled(): Promise<void>;
	/** Applies everything due at the clock's current time (useful with an injected clock). */
	advance(): void;
	close(): Promise<void>;
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

/** Starts a sandbox; throws TypeError for a wrong option. */
export async function createSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
	const options = resolveOptions(input);
	const clock = options.clock ?? systemClock;
	const accounts = new Accounts(options.apiKeys);
	const faults = new FaultInjector(options.seed, options.faults);
	const media = loadMedia();
	const log = new DeliveryLog(options.deliveryLogPath);
	const sender = new WebhookSender({
		timeScale: options.timeScale,
		timeoutMs: options.webhookTimeoutMs,
		delayMs: options.faults.webhookDelayMs,
		allowPrivate: options.allowPrivateCallbacks,
		faults,
		log,
		sleep: options.sleep ?? systemSleep,
		clock,
	});
	let baseUrl = options.publicBaseUrl ?? '';
	const service = new SandboxService({
		options,
		clock,
		faults,
		accounts,
		media,
		sender,
		baseUrl: () => baseUrl,
	});

	const server = createServer(
		requestListener({
			service,
			accounts,
			faults,
			timeScale: options.timeScale,
			media,
			api: apiHandlers(service, faults),
			admin: adminHandlers(service, log),
			onInternalError: (error) => console.error('[creativeai sandbox] internal error:', error),
		}),
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${urlHost(options.host)}:${port}`;
	if (baseUrl === '') baseUrl = url;

	const accountOf = (apiKey = options.apiKeys[0]) => {
		const account = accounts.byKey(apiKey);
		if (!account) throw new TypeError('sandbox: that API key is not one of the sandbox keys');
		return account;
	};

	let closing: Promise<void> | undefined;
	const close = (): Promise<void> => {
		closing ??= (async () => {
			service.close();
			await sender.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			await log.flush();
		})();
		return closing;
	};

	return {
		url,
		port,
		apiKey: options.apiKeys[0],
		apiKeys: options.apiKeys,
		options,
		deliveries: (filter) => log.list(filter),
		ledger: (apiKey) => {
			service.settleAll();
			return service.ledger.entries(accountOf(apiKey).id);
		},
		balance: (apiKey) => {
			service.settleAll();
			return service.ledger.balance(accountOf(apiKey).id);
		},
		jobs: () => {
			service.settleAll();
			return service.store.list().map((job) => adminJobView(service, job));
		},
		idleDeliveries: () => sender.pending.whenIdle(),
		settled: async () => {
			while (service.runningJobs.size > 0 || sender.pending.size > 0) {
				if (closing) return;
				await service.runningJobs.whenIdle();
				await sender.pending.whenIdle();
			}
		},
		advance: () => service.settleAll(),
		close,
	};
}
