// The sandbox as the CreativeAI service for a queue-mode case: it runs in the test process on
// loopback, n8n reaches its API through a recording pass-through (so a case can count GETs), and
// it calls n8n back through the balancer. The credential n8n gets allows private callback URLs,
// because everything here is on 127.0.0.1.
import { createSandbox, type FaultOptions, type Sandbox } from '../../../src/runtime/sandbox';
import { sleep } from '../../../src/runtime/timers';
import type { QueueCluster } from './queueCluster';
import { startRecordingProxy, type RecordingProxy } from '../../n8n/harness/recordingProxy';
import { waitUntil } from './waitUntil';

export interface SandboxBackend {
	sandbox: Sandbox;
	api: RecordingProxy;
	credentialId: string;
	credentialName: string;
	/** Resolves once n8n's main has subscribed a workflow (activation finishes after REST answers). */
	subscribed(count: number): Promise<void>;
	close(): Promise<void>;
}

export interface BackendOptions {
	timeScale: number;
	seed?: number;
	faults?: FaultOptions;
	/**
	 * Renders sped up, the gaps between delivery attempts not: the service's real 5 s and 30 s are
	 * what lets a delivery outlive a short outage of a webhook processor. (They also stretch
	 * `faults.webhookDelayMs`.)
	 */
	realRetryGaps?: boolean;
}

export const CREDENTIAL_TYPE = 'creativeAiApi';
const WEBHOOK_TIMEOUT_MS = 10_000;
const SUBSCRIBE_TIMEOUT_MS = 60_000;

export async function startSandboxBackend(
	cluster: QueueCluster,
	name: string,
	options: BackendOptions,
): Promise<SandboxBackend> {
	const sandbox = await createSandbox({
		timeScale: options.timeScale,
		seed: options.seed ?? 12,
		faults: options.faults ?? {},
		allowPrivateCallbacks: true,
		initialCredits: 1_000_000,
		// The service's own 10 s per attempt, not scaled down: on a busy 2-core machine an n8n
		// webhook processor can take longer than 10 s / timeScale to answer.
		webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
		sleep: options.realRetryGaps
			? (ms, signal) => sleep(ms * options.timeScale, signal)
			: undefined,
	});
	const api = await startRecordingProxy(sandbox.url);
	const credentialName = `CreativeAI sandbox (${name})`;
	const credentialId = await cluster.rest.createCredential(credentialName, CREDENTIAL_TYPE, {
		apiKey: sandbox.apiKey,
		baseUrl: api.url,
		webhookSecret: '',
		allowPrivateCallbackUrls: true,
	});
	return {
		sandbox,
		api,
		credentialId,
		credentialName,
		subscribed: (count) =>
			waitUntil(
				`${count} webhook subscription(s) in the sandbox`,
				async () =>
					api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhooks').length >=
					count,
				SUBSCRIBE_TIMEOUT_MS,
			),
		close: async () => {
			await api.close();
			await sandbox.close();
		},
	};
}
