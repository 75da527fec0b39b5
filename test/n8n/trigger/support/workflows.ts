// Credentials, workflows and executions in a running n8n, through its REST API.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { N8nServer } from './n8nServer';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Workflow {
	id: string;
	versionId: string;
	nodes: WorkflowNode[];
}

export async function createCredential(
	n8n: N8nServer,
	data: {
		apiKey: string;
		baseUrl: string;
		allowPrivateCallbackUrls?: boolean;
		webhookSecret?: string;
	},
): Promise<{ id: string; name: string }> {
	const name = `CreativeAI ${randomUUID().slice(0, 8)}`;
	const created = await n8n.api('POST', '/rest/credentials', {
		name,
		type: 'creativeAiApi',
		data: { webhookSecret: '', allowPrivateCallbackUrls: false, ...data },
	});
	return { id: created.id as string, name };
}

export async function createWorkflow(
	n8n: N8nServer,
	name: string,
	nodes: WorkflowNode[],
	connections: Record<string, unknown> = {},
): Promise<Workflow> {
	const created = await n8n.api('POST', '/rest/workflows', {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: nodes.map((node, index) => ({
			id: randomUUID(),
			position: [index * 240, 0],
			...node,
		})),
		connections,
	});
	return created as Workflow;
}

/** A straight line of nodes, each feeding the next. */
export function chain(...names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

export async function activate(n8n: N8nServer, workflow: Workflow): Promise<void> {
	await n8n.api('POST', `/rest/workflows/${workflow.id}/activate`, {
		versionId: workflow.versionId,
	});
}

export async function deactivate(n8n: N8nServer, workflow: Workflow): Promise<void> {
	await n8n.api('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
}

export async function executionsOf(
	n8n: N8nServer,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all: ExecutionSummary[] = [];
	let lastId: string | undefined;
	for (;;) {
		const page = await n8n.api(
			'GET',
			`/rest/executions?filter=${filter}&limit=100${lastId ? `&lastId=${lastId}` : ''}`,
		);
		const results = page.results as ExecutionSummary[];
		all.push(...results);
		if (results.length < 100) return all;
		lastId = results[results.length - 1].id;
	}
}

/** Node name -> the items it output (first run, first output), from an execution's saved data. */
export async function executionOutput(
	n8n: N8nServer,
	executionId: string,
	folder: string,
): Promise<
	Record<string, Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }>>
> {
	const execution = await n8n.api('GET', `/rest/executions/${executionId}`);
	const flatted = createRequire(join(folder, 'node_modules', 'n8n', 'package.json'))('flatted') as {
		parse(text: string): unknown;
	};
	const data = flatted.parse(execution.data as string) as {
		resultData: { runData: Record<string, Array<{ data?: { main: unknown[][] } }>> };
	};
	const output: Record<string, Array<{ json: Record<string, unknown> }>> = {};
	for (const [node, runs] of Object.entries(data.resultData.runData)) {
		output[node] = (runs[0]?.data?.main?.[0] ?? []) as Array<{ json: Record<string, unknown> }>;
	}
	return output;
}

/** Polls until `check` holds (no timing assertion: the caller's jest timeout bounds it). */
export async function eventually<T>(
	read: () => Promise<T>,
	check: (value: T) => boolean,
	everyMs = 500,
): Promise<T> {
	for (;;) {
		const value = await read();
		if (check(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}
