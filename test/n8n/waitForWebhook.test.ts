// Create → Wait for Webhook in a real n8n 2.41.1: the execution waits (no worker, no polling) and
// finishes when the sandbox calls its resume URL back; a forged callback leaves it waiting; an n8n
// restart while it waits still resumes. The credential points at a recording proxy in front of
// the sandbox, so "no GET for the job" is read from what n8n actually sent.
import { signWebhook } from '../../src/core';
import type { Sandbox } from '../../src/runtime/sandbox';
import {
	creativeAiNode,
	rowsWorkflow,
	startN8nHarness,
	type ImportedWorkflow,
	type N8nHarness,
	type RecordingProxy,
} from './harness';

let h: N8nHarness;
beforeAll(async () => {
	h = await startN8nHarness();
}, 600_000);
afterAll(async () => await h?.stop());

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/** A sandbox whose callbacks leave `delayMs` after a job ends, and a workflow waiting on it. */
async function waitingSetup(delayMs: number, name: string) {
	const { sandbox, proxy, credential } = await h.startSandbox({
		timeScale: 60,
		webhookTimeoutMs: 10_000,
		faults: { webhookDelayMs: delayMs },
	});
	const workflow = await h.importWorkflow(
		rowsWorkflow({
			name,
			responseMode: 'onReceived',
			action: creativeAiNode(credential, {
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				model: 'auto',
				waitMode: 'webhook',
				webhookWaitMinutes: 60,
			}),
		}),
	);
	return { sandbox, proxy, workflow };
}

async function startWaiting(sandbox: Sandbox, workflow: ImportedWorkflow) {
	expect((await h.postRows(workflow, [{ prompt: 'a lighthouse in fog' }])).status).toBe(200);
	const execution = await eventually(
		async () => await h.latestExecution(workflow.id),
		(e) => e.status === 'waiting',
	);
	const [job] = await eventually(
		async () => sandbox.jobs(),
		(jobs) => jobs.length === 1,
	);
	return { execution, job };
}

function getsFor(proxy: RecordingProxy, jobId: string) {
	return proxy.requests.filter((r) => r.method === 'GET' && r.path.includes(jobId));
}

async function finished(executionId: string) {
	return await eventually(
		async () => await h.executionResult(executionId),
		(result) => !['new', 'running', 'waiting'].includes(result.execution.status),
	);
}

describe('Create with Wait for Webhook in a real n8n', () => {
	it('waits, then finishes on the sandbox’s callback; a forged callback before it changes nothing', async () => {
		const { sandbox, proxy, workflow } = await waitingSetup(6_000, 'Wait for webhook');
		const { execution, job } = await startWaiting(sandbox, workflow);
		expect(job.webhook_url).toContain(`/webhook-waiting/${execution.id}?signature=`);

		const body = JSON.stringify({
			id: job.id,
			object: 'video.generation',
			status: 'completed',
			model: 'kling-v3',
			output_url: 'https://attacker.example/fake.mp4',
			error_message: null,
			credits: 0,
			completed_at: new Date().toISOString(),
		});
		const forged = await fetch(job.webhook_url!, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...signWebhook({ scheme: 'creativeai', secret: 'rph_live_forger_000000', body }),
			},
			body,
		});
		expect(forged.status).toBe(401);
		expect((await h.rest.execution(execution.id)).status).toBe('waiting');

		const result = await finished(execution.id);
		expect(result.execution.status).toBe('success');
		const [output] = result.nodeOutput('CreativeAI');
		expect(output.json).toMatchObject({ id: job.id, status: 'completed' });
		expect(String(output.json.output_url)).not.toContain('attacker');
		expect(getsFor(proxy, job.id)).toEqual([]);
		const callbacks = sandbox.deliveries({ generationId: job.id });
		console.log(
			`wait e2e: execution ${execution.id} waited, forged callback 401, resumed by ${callbacks.length} callback(s) answered ${callbacks.map((d) => d.http_status).join(',')}; GETs for the job: 0`,
		);
	}, 300_000);

	it('an n8n restart while the execution waits still resumes it', async () => {
		const { sandbox, proxy, workflow } = await waitingSetup(45_000, 'Wait for webhook (restart)');
		const { execution, job } = await startWaiting(sandbox, workflow);
		await h.restart();
		expect((await h.rest.execution(execution.id)).status).toBe('waiting');
		const result = await finished(execution.id);
		expect(result.execution.status).toBe('success');
		expect(result.nodeOutput('CreativeAI')[0].json).toMatchObject({ id: job.id });
		expect(getsFor(proxy, job.id)).toEqual([]);
	}, 300_000);
});
