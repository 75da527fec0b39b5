// n8n's internal REST API as the editor uses it: set up the owner, log in (a cookie plus the
// browser-id header the cookie is bound to), then credentials, workflows and executions.
// Headless, no UI; only what the tests and the benchmark need.
import { randomUUID } from 'node:crypto';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'Passw0rd-for-tests',
};

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	startedAt: string | null;
	stoppedAt: string | null;
	workflowId: string;
}

export class N8nRest {
	readonly baseUrl: string;
	readonly #browserId = randomUUID();
	#cookie = '';

	constructor(baseUrl: string) {
		this.baseUrl = baseUrl;
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		// Under a burst of executions SQLite is briefly busy and n8n answers 503 "Database is not
		// ready!"; the call is simply made again.
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.requestOnce<T>(method, path, body);
			} catch (error) {
				if (attempt >= 20 || !String(error).includes('answered 503')) throw error;
				await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
			}
		}
	}

	private async requestOnce<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.#browserId,
				...(this.#cookie ? { cookie: this.#cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.#cookie = auth.split(';')[0];
		const text = await response.text();
		if (!response.ok) {
			throw new Error(
				`n8n ${method} /rest${path} answered ${response.status}: ${text.slice(0, 500)}`,
			);
		}
		const parsed = text === '' ? undefined : (JSON.parse(text) as { data?: T });
		return (parsed && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async setUpOwnerAndLogIn(): Promise<void> {
		await this.request('POST', '/owner/setup', OWNER);
		await this.logIn();
	}

	async logIn(): Promise<void> {
		await this.request('POST', '/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/credentials', {
			name,
			type,
			data,
		});
		return created.id;
	}

	async testCredential(id: string, name: string, type: string, data: Record<string, unknown>) {
		return await this.request<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id, name, type, data },
		});
	}

	async createWorkflow(definition: WorkflowDefinition): Promise<{ id: string; versionId: string }> {
		return await this.request<{ id: string; versionId: string }>('POST', '/workflows', {
			settings: { executionOrder: 'v1', saveManualExecutions: true },
			...definition,
			active: false,
		});
	}

	async activateWorkflow(id: string, versionId: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/activate`, { versionId });
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${id}/deactivate`, {});
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/executions?filter=${filter}&limit=50`,
		);
		return list.results;
	}

	/** Every execution of a workflow, newest first, a page of 100 (n8n's most) at a time. */
	async allExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const all: ExecutionSummary[] = [];
		for (;;) {
			const after = all.length > 0 ? `&lastId=${all[all.length - 1].id}` : '';
			const page = await this.request<{ results: ExecutionSummary[] }>(
				'GET',
				`/executions?filter=${filter}&limit=100${after}`,
			);
			all.push(...page.results);
			if (page.results.length < 100) return all;
		}
	}

	/** The execution with its run data, `data` still in n8n's flatted form. */
	async execution(id: string): Promise<ExecutionSummary & { data: string }> {
		return await this.request('GET', `/executions/${id}`);
	}

	async stopExecution(id: string): Promise<void> {
		await this.request('POST', `/executions/${id}/stop`);
	}

	/** The bytes of a binary item, by the id n8n gave it. */
	async binaryData(binaryId: string): Promise<Buffer> {
		const response = await fetch(
			`${this.baseUrl}/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`,
			{ headers: { 'browser-id': this.#browserId, cookie: this.#cookie } },
		);
		if (!response.ok) throw new Error(`binary-data ${binaryId}: HTTP ${response.status}`);
		return Buffer.from(await response.arrayBuffer());
	}
}
