// The real-n8n harness: one n8n 2.41.1 (installed by scripts/n8n/install.sh) with this package
// loaded from its unpacked tarball, set up headlessly (owner, login), plus sandboxes and
// credentials pointing at them. Tests, the benchmark and `npm start` use this API:
//   const h = await startN8nHarness();
//   const { sandbox, credential } = await h.startSandbox({ timeScale: 100 });
//   const wf = await h.importWorkflow(rowsWorkflow({ name, action: creativeAiNode(credential, {...}) }));
//   const run = await h.runRows(wf, rows);   // items, execution id, run data of every node
//   await h.stop();                          // n8n, sandboxes, scratch folder
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSandbox, type Sandbox, type SandboxOptions } from '../../../src/runtime/sandbox';
import { n8nInstall, type N8nInstall } from './install';
import { startN8n, type N8nProcess } from './n8nProcess';
import { unpackedExtension } from './packageExtension';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy';
import { N8nRest, type ExecutionSummary } from './restClient';
import type { CredentialRef, RowsWorkflow } from './workflows';

export * from './workflows';
export type { RecordedRequest, RecordingProxy } from './recordingProxy';
export { N8nRest } from './restClient';

export interface ImportedWorkflow {
	id: string;
	path: string;
	name: string;
}

/** One item of a node's output as n8n stored it. */
export interface StoredItem {
	json: Record<string, unknown>;
	binary?: Record<string, { id?: string; mimeType: string; fileName?: string; fileSize?: string }>;
	pairedItem?: { item: number } | Array<{ item: number }>;
	error?: unknown;
}

export interface ExecutionResult {
	execution: ExecutionSummary;
	/** Output items of every node that ran, by node name (first output, first run). */
	nodeOutput(nodeName: string): StoredItem[];
	/** How long a node's run took, as n8n measured it (ms). */
	nodeExecutionTimeMs(nodeName: string): number | undefined;
	/** The error the execution ended with, if any (message). */
	error?: string;
}

export interface SandboxWithCredential {
	sandbox: Sandbox;
	/** In front of the sandbox; the credential points here. */
	proxy: RecordingProxy;
	credential: CredentialRef;
}

export interface N8nHarness {
	install: N8nInstall;
	n8n: N8nProcess;
	rest: N8nRest;
	/** A sandbox behind a recording proxy, and a CreativeAI credential for it. */
	startSandbox(options?: SandboxOptions): Promise<SandboxWithCredential>;
	importWorkflow(workflow: RowsWorkflow, name?: string): Promise<ImportedWorkflow>;
	/** POSTs `{ rows }` to the workflow's webhook and answers with its status and body. */
	postRows(workflow: ImportedWorkflow, rows: unknown[]): Promise<{ status: number; body: unknown }>;
	/** postRows, then the execution it started, finished, with its run data. */
	runRows(workflow: ImportedWorkflow, rows: unknown[]): Promise<ExecutionResult>;
	/** The newest execution of a workflow once it has one (optionally: once it has finished). */
	latestExecution(workflowId: string, finished?: boolean): Promise<ExecutionSummary>;
	executionResult(executionId: string): Promise<ExecutionResult>;
	/** Stops n8n (SIGTERM) and starts it again on the same database, port and key, logged in. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

const POLL_MS = 200;
const WEBHOOK_REGISTRATION_TIMEOUT_MS = 30_000;

/**
 * n8n registers an activated workflow's webhook a moment after activation answers. A GET to a
 * POST-only webhook tells the two states apart without running the workflow.
 */
async function waitForWebhook(baseUrl: string, path: string): Promise<void> {
	const deadline = Date.now() + WEBHOOK_REGISTRATION_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const text = await fetch(`${baseUrl}/webhook/${path}`).then((response) => response.text());
		if (text.includes('not registered for GET')) return;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	throw new Error(`n8n did not register the webhook "${path}" within 30 s of activation`);
}

export async function startN8nHarness(
	options: { env?: Record<string, string> } = {},
): Promise<N8nHarness> {
	const install = n8nInstall();
	const scratch = mkdtempSync(join(tmpdir(), 'creativeai-n8n-'));
	const extensionsDir = unpackedExtension(scratch);
	// Fixed for this harness, so a restart can still read the credentials.
	const env = { N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'), ...options.env };
	let n8n = await startN8n({ install, scratch, extensionsDir, env });
	const rest = new N8nRest(n8n.url);
	const sandboxes: Array<{ sandbox: Sandbox; proxy: RecordingProxy }> = [];
	// n8n stores run data with `flatted`; read it with n8n's own copy.
	const flatted = createRequire(join(install.dir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	) as { parse(text: string): unknown };

	try {
		await rest.setUpOwnerAndLogIn();
	} catch (error) {
		await n8n.stop();
		throw error;
	}

	const latestExecution = async (workflowId: string, finished = false) => {
		for (;;) {
			const [newest] = await rest.executions(workflowId);
			const done = newest && !['new', 'running', 'waiting'].includes(newest.status);
			if (newest && (!finished || done)) return newest;
			await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		}
	};

	const executionResult = async (executionId: string): Promise<ExecutionResult> => {
		const execution = await rest.execution(executionId);
		const data = flatted.parse(execution.data) as {
			resultData: {
				runData: Record<
					string,
					Array<{ executionTime?: number; data?: { main?: StoredItem[][] } }>
				>;
				error?: { message?: string };
			};
		};
		return {
			execution,
			error: data.resultData.error?.message,
			nodeOutput: (nodeName) => data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
			nodeExecutionTimeMs: (nodeName) => data.resultData.runData[nodeName]?.[0]?.executionTime,
		};
	};

	const postRows = async (workflow: ImportedWorkflow, rows: unknown[]) => {
		const response = await fetch(`${n8n.url}/webhook/${workflow.path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows }),
		});
		const text = await response.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// Not JSON: keep the text.
		}
		return { status: response.status, body };
	};

	return {
		install,
		get n8n() {
			return n8n;
		},
		rest,
		startSandbox: async (sandboxOptions = {}) => {
			const sandbox = await createSandbox({ allowPrivateCallbacks: true, ...sandboxOptions });
			const proxy = await startRecordingProxy(sandbox.url);
			sandboxes.push({ sandbox, proxy });
			const name = `CreativeAI sandbox ${sandboxes.length}`;
			const id = await rest.createCredential(name, 'creativeAiApi', {
				apiKey: sandbox.apiKey,
				baseUrl: proxy.url,
				webhookSecret: '',
				allowPrivateCallbackUrls: true,
			});
			return { sandbox, proxy, credential: { id, name } };
		},
		importWorkflow: async (workflow, name) => {
			const definition = name ? { ...workflow.definition, name } : workflow.definition;
			const created = await rest.createWorkflow(definition);
			await rest.activateWorkflow(created.id, created.versionId);
			await waitForWebhook(n8n.url, workflow.path);
			return { id: created.id, path: workflow.path, name: definition.name };
		},
		postRows,
		runRows: async (workflow, rows) => {
			const before = new Set((await rest.executions(workflow.id)).map((e) => e.id));
			const response = await postRows(workflow, rows);
			for (;;) {
				const newest = await latestExecution(workflow.id, true);
				if (!before.has(newest.id)) {
					const result = await executionResult(newest.id);
					if (response.status >= 500 && result.error === undefined) {
						result.error = `webhook answered ${response.status}: ${JSON.stringify(response.body)}`;
					}
					return result;
				}
				await new Promise((resolve) => setTimeout(resolve, POLL_MS));
			}
		},
		latestExecution,
		executionResult,
		restart: async () => {
			await n8n.stop();
			n8n = await startN8n({ install, scratch, extensionsDir, env, port: n8n.port });
			await rest.logIn();
		},
		stop: async () => {
			await n8n.stop();
			for (const { sandbox, proxy } of sandboxes) {
				await proxy.close();
				await sandbox.close();
			}
			rmSync(scratch, { recursive: true, force: true });
		},
	};
}
