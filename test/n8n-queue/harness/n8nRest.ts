// The little of n8n's REST API the queue tests need: an owner account, a login, workflows and
// credentials created and workflows activated through the main process (which, in queue mode,
// registers production webhooks in the database for the webhook processors).
export interface N8nRest {
	request<T>(method: string, path: string, body?: unknown): Promise<T>;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string>;
	/** Creates the workflow and activates it; returns its id. */
	createActiveWorkflow(workflow: WorkflowDefinition): Promise<string>;
	deactivateWorkflow(id: string): Promise<void>;
}

export interface WorkflowDefinition {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Queue',
	lastName: 'Tests',
	password: 'Queue-tests-1',
};

async function call<T>(
	baseUrl: string,
	method: string,
	path: string,
	body: unknown,
	cookie: string,
): Promise<{ data: T; setCookie: string | null }> {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json', cookie },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`n8n ${method} ${path}: ${response.status} ${text}`);
	const parsed = text === '' ? {} : (JSON.parse(text) as { data?: T });
	return { data: parsed.data as T, setCookie: response.headers.get('set-cookie') };
}

/** Creates the owner account on a fresh n8n and logs in. */
export async function ownerSession(baseUrl: string): Promise<N8nRest> {
	await call(baseUrl, 'POST', '/rest/owner/setup', OWNER, '');
	const login = await call(
		baseUrl,
		'POST',
		'/rest/login',
		{ emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		'',
	);
	const cookie = (login.setCookie ?? '').split(';')[0];
	const request = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
		(await call<T>(baseUrl, method, path, body, cookie)).data;

	return {
		request,
		createCredential: async (name, type, data) =>
			(await request<{ id: string }>('POST', '/rest/credentials', { name, type, data })).id,
		createActiveWorkflow: async (workflow) => {
			const created = await request<{ id: string; versionId: string }>('POST', '/rest/workflows', {
				settings: { executionOrder: 'v1' },
				...workflow,
				active: false,
			});
			await request('POST', `/rest/workflows/${created.id}/activate`, {
				versionId: created.versionId,
			});
			return created.id;
		},
		deactivateWorkflow: async (id) => {
			await request('POST', `/rest/workflows/${id}/deactivate`, {});
		},
	};
}
