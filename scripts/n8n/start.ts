// `npm start`: the CreativeAI sandbox and a real n8n 2.41.1 with this package loaded, an owner
// account, a credential pointing at the sandbox and the example workflows of examples/n8n/
// imported and active. Each example runs once and what it produced is printed, then the editor
// URL and login. The first run installs n8n into a cache folder (progress below); Ctrl-C stops
// both. The bulk playbook that used to run here is `npm run playbook`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	startN8nHarness,
	type CredentialRef,
	type N8nHarness,
	type StoredItem,
} from '../../test/n8n/harness';
import { OWNER, type WorkflowDefinition } from '../../test/n8n/harness/restClient';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'n8n');
const SANDBOX_TIME_SCALE = 30;

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

function example(file: string, credential: CredentialRef): WorkflowDefinition {
	const text = readFileSync(join(EXAMPLES, file), 'utf8')
		.replaceAll('CREATIVEAI_CREDENTIAL_ID', credential.id)
		.replaceAll('"name": "CreativeAI"', `"name": ${JSON.stringify(credential.name)}`);
	return JSON.parse(text) as WorkflowDefinition;
}

function describeItem(item: StoredItem): string {
	const json = item.json;
	const file = item.binary?.data;
	const parts = [
		`${String(json.id ?? json.generationId)}`,
		`status ${String(json.status)}`,
		file ? `file ${file.fileName} (${file.mimeType}, ${file.fileSize})` : 'no file',
	];
	return parts.join(', ');
}

async function runExamples(h: N8nHarness, credential: CredentialRef): Promise<void> {
	const poll = await h.importWorkflow({
		definition: example('create-and-poll.json', credential),
		path: 'creativeai-create-and-poll',
	});
	const wait = await h.importWorkflow({
		definition: example('create-and-wait-for-webhook.json', credential),
		path: 'creativeai-create-and-wait',
	});
	const triggerDefinition = example('trigger-download-remove-duplicates.json', credential);
	const triggerWebhookId = triggerDefinition.nodes[0].webhookId!;
	const trigger = await h.importWorkflow({
		definition: triggerDefinition,
		path: `${triggerWebhookId}/webhook`,
	});
	log(`Imported and active: "${poll.name}", "${wait.name}", "${trigger.name}".`);

	log('\n1) Create and poll: one video, polled until done, file downloaded…');
	const polled = await h.runRows(poll, [{}]);
	for (const item of polled.nodeOutput('Create Video')) log(`   ${describeItem(item)}`);

	log('\n2) Create and wait for webhook: the execution sleeps until the sandbox calls back…');
	await h.postRows(wait, [{}]);
	const waiting = await until(
		async () => await h.latestExecution(wait.id),
		(e) => e.status === 'waiting' || e.status === 'success',
	);
	log(`   execution ${waiting.id} is ${waiting.status} (no polling)`);
	const resumed = await h.latestExecution(wait.id, true);
	const waitResult = await h.executionResult(resumed.id);
	log(`   execution ${resumed.id} ${resumed.status}`);
	for (const item of waitResult.nodeOutput('Create Video')) log(`   ${describeItem(item)}`);

	log('\n3) Trigger → Remove Duplicates: each finished job above started the trigger once…');
	const started = await until(
		async () => await h.rest.executions(trigger.id),
		(executions) =>
			executions.length >= 2 && executions.every((e) => !['new', 'running'].includes(e.status)),
	);
	for (const execution of started.reverse()) {
		const result = await h.executionResult(execution.id);
		for (const item of result.nodeOutput('CreativeAI Trigger')) {
			const passed = result.nodeOutput('Handle Each Result Once').length > 0;
			log(
				`   ${String(item.json.event)} ${String(item.json.deliveryKey)}: ${describeItem(item)}; ` +
					(passed ? 'new, handled' : 'seen before, stopped at Remove Duplicates'),
			);
		}
	}
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function main(): Promise<void> {
	log('Starting a real n8n 2.41.1 with the CreativeAI package and the CreativeAI sandbox.');
	log('(The first run installs n8n and Node 24 into a cache folder: about 10 minutes, once.)');
	const h = await startN8nHarness();
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		log('\nStopping n8n and the sandbox…');
		await h.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	try {
		const { sandbox, credential } = await h.startSandbox({
			timeScale: SANDBOX_TIME_SCALE,
			// The service gives a receiver 10 s; scaled down with the clock it would be a third of a
			// second, less than a busy n8n may take to resume an execution.
			webhookTimeoutMs: 10_000,
		});
		log(`Sandbox: ${sandbox.url} (time runs ${SANDBOX_TIME_SCALE}x faster). n8n: ${h.n8n.url}`);
		await runExamples(h, credential);
	} catch (error) {
		log(`\nSomething went wrong: ${error instanceof Error ? error.message : String(error)}`);
		await stop();
		return;
	}
	log(`\nOpen the n8n editor: ${h.n8n.url}`);
	log(`Log in as ${OWNER.email} with password ${OWNER.password}`);
	log('The credential "CreativeAI sandbox 1" points at the sandbox. Press Ctrl-C to stop both.');
}

void main();
