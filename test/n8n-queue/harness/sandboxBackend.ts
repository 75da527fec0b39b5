// The sandbox as the CreativeAI service for a queue-mode case: it runs in the test process on
// loopback, n8n reaches its API through a recording pass-through (so a case can count GETs), and
// it calls n8n back through the balancer. The credential n8n gets allows private callback URLs,
// because everything here is on 127.0.0.1.
import { createSandbox, type FaultOptions, type Sandbox } from '../../../src/runtime/sandbox';
import type { QueueCluster } from './queueCluster';
import { startRequestLog, type RequestLog } from './requestLog';

export interface SandboxBackend {
	sandbox: Sandbox;
	api: RequestLog;
	credentialId: string;
	credentialName: string;
	close(): Promise<void>;
}

export interface BackendOptions {
	timeScale: number;
	seed?: number;
	faults?: FaultOptions;
}

export const CREDENTIAL_TYPE = 'creativeAiApi';

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
	});
	const api = await startRequestLog(sandbox.url);
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
		close: async () => {
			await api.close();
			await sandbox.close();
		},
	};
}
