// The CreativeAI node in a real n8n 2.41.1, loaded from the packed tarball, against the sandbox:
// what a marketer with a sheet of rows sees. Each workflow is Webhook → Split Out (rows) →
// CreativeAI, run headlessly by POSTing the rows to its production webhook.
import type { Sandbox } from '../../src/runtime/sandbox';
import {
	creativeAiNode,
	rowsWorkflow,
	startN8nHarness,
	type ExecutionResult,
	type N8nHarness,
	type StoredItem,
} from './harness';

let harness: N8nHarness;

beforeAll(async () => {
	harness = await startN8nHarness();
}, 600_000);

afterAll(async () => {
	await harness?.stop();
}, 60_000);

const LISTINGS = [1, 2, 3, 4, 5].map((row) => ({
	row,
	prompt: `Drone shot of listing ${row} at golden hour`,
	model: 'auto',
}));

function pollAndDownload(extra: Record<string, unknown> = {}) {
	return {
		resource: 'video',
		operation: 'create',
		prompt: '={{ $json.prompt }}',
		model: '={{ $json.model }}',
		waitMode: 'poll',
		maxWaitMinutes: 5,
		downloadOutput: true,
		binaryPropertyName: 'video',
		additionalFields: { failover: false },
		options: { pollIntervalSeconds: 1, concurrency: 8 },
		...extra,
	};
}

async function mp4Header(item: StoredItem): Promise<string> {
	const binary = item.binary?.video;
	if (!binary?.id) throw new Error(`no binary "video" on item ${JSON.stringify(item.json)}`);
	const bytes = await harness.rest.binaryData(binary.id);
	return bytes.subarray(4, 8).toString('latin1');
}

function pairedIndex(item: StoredItem): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return paired?.item;
}

function debits(sandbox: Sandbox): number {
	return sandbox.ledger().filter((entry) => entry.kind === 'debit').length;
}

it('the credential test in n8n says "API key rejected" for a wrong key, and passes for the right one', async () => {
	const { sandbox, proxy } = await harness.startSandbox();
	const data = (apiKey: string) => ({
		apiKey,
		baseUrl: proxy.url,
		webhookSecret: '',
		allowPrivateCallbackUrls: false,
	});
	const right = await harness.rest.testCredential(
		'',
		'probe',
		'creativeAiApi',
		data(sandbox.apiKey),
	);
	const wrong = await harness.rest.testCredential(
		'',
		'probe',
		'creativeAiApi',
		data('rph_live_wrong_0000000'),
	);
	expect(right).toMatchObject({ status: 'OK' });
	expect(wrong).toEqual({ status: 'Error', message: 'API key rejected' });
	// Both tests asked the service (n8n may try a rejected key twice).
	const asked = proxy.requests.map((request) => `${request.method} ${request.path}`);
	expect(asked.length).toBeGreaterThanOrEqual(2);
	expect(new Set(asked)).toEqual(new Set(['GET /v1/account']));
});

it('creates and polls 5 rows with Download Output: 5 MP4 items in input order, 5 jobs', async () => {
	const { sandbox, credential } = await harness.startSandbox({ timeScale: 100 });
	const workflow = await harness.importWorkflow(
		rowsWorkflow({ name: 'poll 5', action: creativeAiNode(credential, pollAndDownload()) }),
	);

	const run: ExecutionResult = await harness.runRows(workflow, LISTINGS);

	expect(run.error).toBeUndefined();
	expect(run.execution.status).toBe('success');
	const items = run.nodeOutput('CreativeAI');
	expect(items.map((item) => item.json.prompt)).toEqual(LISTINGS.map((row) => row.prompt));
	expect(items.map(pairedIndex)).toEqual([0, 1, 2, 3, 4]);
	expect(items.map((item) => item.json.status)).toEqual(Array(5).fill('completed'));
	for (const item of items) {
		expect(item.binary?.video.mimeType).toBe('video/mp4');
		expect(item.binary?.video.fileName).toBe(`${String(item.json.id)}.mp4`);
		expect(await mp4Header(item)).toBe('ftyp');
	}
	expect(sandbox.jobs()).toHaveLength(5);
	expect(new Set(items.map((item) => item.json.id))).toEqual(
		new Set(sandbox.jobs().map((job) => job.id)),
	);
});

it('with Continue On Fail, a job the sandbox fails gives 4 results and 1 error item with its job id', async () => {
	// Every submission to kling-o3-pro is refused and failover is off: that row's job fails.
	const { sandbox, credential } = await harness.startSandbox({
		timeScale: 100,
		faults: { providerSubmitErrorRate: { 'kling-o3-pro': 1 } },
	});
	const rows = LISTINGS.map((row) => (row.row === 3 ? { ...row, model: 'kling-o3-pro' } : row));
	const workflow = await harness.importWorkflow(
		rowsWorkflow({
			name: 'one fails',
			action: creativeAiNode(credential, pollAndDownload(), { onError: 'continueRegularOutput' }),
		}),
	);

	const run = await harness.runRows(workflow, rows);

	expect(run.error).toBeUndefined();
	const items = run.nodeOutput('CreativeAI');
	expect(items).toHaveLength(5);
	expect(items.map(pairedIndex)).toEqual([0, 1, 2, 3, 4]);
	const failedJob = sandbox.jobs().find((job) => job.status === 'failed');
	expect(failedJob).toBeDefined();
	const errorItem = items[2];
	expect(errorItem.json.jobId).toBe(failedJob?.id);
	expect(String(errorItem.json.error)).toContain(String(failedJob?.id));
	expect(errorItem.json.code).toBe('generation_failed');
	expect(errorItem.binary).toBeUndefined();
	const succeeded = items.filter((_, index) => index !== 2);
	expect(succeeded.map((item) => item.json.status)).toEqual(Array(4).fill('completed'));
	for (const item of succeeded) expect(await mp4Header(item)).toBe('ftyp');
	expect(sandbox.jobs()).toHaveLength(5);
});

it('run twice with a fixed Idempotency Key per row, still 5 jobs and 5 debits', async () => {
	const { sandbox, credential } = await harness.startSandbox({ timeScale: 100 });
	const workflow = await harness.importWorkflow(
		rowsWorkflow({
			name: 'idempotent rows',
			action: creativeAiNode(credential, {
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				waitMode: 'none',
				options: { idempotencyKey: '={{ "listing-" + $json.row }}' },
			}),
		}),
	);

	const first = await harness.runRows(workflow, LISTINGS);
	const second = await harness.runRows(workflow, LISTINGS);

	const ids = (run: ExecutionResult) => run.nodeOutput('CreativeAI').map((item) => item.json.id);
	expect(first.execution.id).not.toBe(second.execution.id);
	expect(ids(first)).toHaveLength(5);
	expect(ids(second)).toEqual(ids(first));
	expect(sandbox.jobs()).toHaveLength(5);
	expect(debits(sandbox)).toBe(5);
});

it('stopping the execution stops polling: no GET reaches the service after the stop', async () => {
	// A 3-minute render takes 18 s here, so the node is still polling when it is stopped.
	const { sandbox, proxy, credential } = await harness.startSandbox({ timeScale: 10 });
	const workflow = await harness.importWorkflow(
		rowsWorkflow({
			name: 'stopped while polling',
			responseMode: 'onReceived',
			action: creativeAiNode(credential, {
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				waitMode: 'poll',
				options: { pollIntervalSeconds: 1 },
			}),
		}),
	);
	const isPoll = (request: { method: string; path: string }) =>
		request.method === 'GET' && request.path.startsWith('/v1/video/generations/');

	const answer = await harness.postRows(workflow, [LISTINGS[0]]);
	expect(answer.status).toBe(200);
	await until(() => proxy.requests.some(isPoll), 60_000);
	const running = await harness.latestExecution(workflow.id);
	await harness.rest.stopExecution(running.id);
	const stoppedAt = Date.now();
	const stopped = await harness.latestExecution(workflow.id, true);
	// Long enough for several more polls at a 1 s interval, had the node kept going.
	await new Promise((resolve) => setTimeout(resolve, 6_000));

	expect(stopped.status).toBe('canceled');
	expect(proxy.requests.filter((request) => isPoll(request) && request.at > stoppedAt)).toEqual([]);
	expect(sandbox.jobs()).toHaveLength(1);
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
