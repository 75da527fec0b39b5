// `npm run screenshots`: pictures for docs/n8n.md and the README, taken in a real n8n with the
// examples of examples/n8n/ run against the sandbox: the CreativeAI node's Create parameters with
// Wait for Webhook, and a finished execution of the trigger example. Headless Debian Chromium
// (`apt-get install chromium`) driven by playwright-core.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startN8nHarness, type CredentialRef } from '../../test/n8n/harness';
import { OWNER, type WorkflowDefinition } from '../../test/n8n/harness/restClient';

const ROOT = join(__dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function example(file: string, credential: CredentialRef): WorkflowDefinition {
	const text = readFileSync(join(ROOT, 'examples', 'n8n', file), 'utf8')
		.replaceAll('CREATIVEAI_CREDENTIAL_ID', credential.id)
		.replaceAll('"name": "CreativeAI"', `"name": ${JSON.stringify(credential.name)}`);
	return JSON.parse(text) as WorkflowDefinition;
}

async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(2500);
}

async function main(): Promise<void> {
	mkdirSync(IMAGES, { recursive: true });
	const h = await startN8nHarness();
	try {
		const { credential } = await h.startSandbox({ timeScale: 60, webhookTimeoutMs: 10_000 });
		const waitDefinition = example('create-and-wait-for-webhook.json', credential);
		const wait = await h.importWorkflow({
			definition: waitDefinition,
			path: 'creativeai-create-and-wait',
		});
		const triggerDefinition = example('trigger-download-remove-duplicates.json', credential);
		const trigger = await h.importWorkflow({
			definition: triggerDefinition,
			path: `${triggerDefinition.nodes[0].webhookId}/webhook`,
		});
		await h.postRows(wait, [{}]);
		await h.latestExecution(wait.id, true);
		const triggerRun = await h.latestExecution(trigger.id, true);

		const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.request.post(`${h.n8n.url}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
		const page = await context.newPage();

		const createNode = waitDefinition.nodes.find((node) => node.name === 'Create Video')!;
		await page.goto(`${h.n8n.url}/workflow/${wait.id}/${createNode.id}`);
		await settle(page);
		await page.screenshot({ path: join(IMAGES, 'n8n-create-wait-for-webhook.png') });

		await page.goto(`${h.n8n.url}/workflow/${trigger.id}/executions/${triggerRun.id}`);
		await settle(page);
		// n8n greets a fresh instance with a "Production Checklist" popover over the canvas.
		await page.keyboard.press('Escape');
		await page
			.getByText('Production Checklist')
			.locator('xpath=following::button[1]')
			.click({ timeout: 2000 })
			.catch(() => undefined);
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(IMAGES, 'n8n-trigger-execution.png') });
		await browser.close();
		process.stdout.write(`Screenshots written to ${IMAGES}\n`);
	} finally {
		await h.stop();
	}
}

void main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
