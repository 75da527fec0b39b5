import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { call, startReceiver, VOICE_BODY, type Receiver } from './helpers';

describe('the delivery log', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let folder: string;

	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'sandbox-log-'));
		receiver = await startReceiver((index) => (index === 0 ? 502 : 200));
		sandbox = await createSandbox({
			timeScale: 100,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: 5000,
			deliveryLogPath: join(folder, 'deliveries.jsonl'),
		});
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
		rmSync(folder, { recursive: true, force: true });
	});

	async function deliverOnce(): Promise<string> {
		const created = await call(sandbox, 'POST', '/api/generate/voice', {
			body: { ...VOICE_BODY, webhook_url: receiver.url },
		});
		await sandbox.settled();
		return created.body.id;
	}

	it('records every attempt with its status, timing, error and outcome', async () => {
		const id = await deliverOnce();
		const [first, second] = sandbox.deliveries({ generationId: id });
		expect(first).toEqual({
			at: expect.any(String),
			generation_id: id,
			status: 'completed',
			event: 'voice.generation.completed',
			url: receiver.url,
			attempt: 1,
			http_status: 502,
			duration_ms: expect.any(Number),
			error: 'the receiver answered HTTP 502',
			error_kind: 'http_status',
			outcome: 'retrying',
			delay_ms: 0,
			duplicate: false,
			source: 'job',
			subscription_id: null,
			account_id: 'acct_1',
		});
		expect(second).toMatchObject({
			attempt: 2,
			http_status: 200,
			error: null,
			error_kind: null,
			outcome: 'delivered',
		});
		expect(Date.parse(second.at)).toBeGreaterThanOrEqual(Date.parse(first.at));
	});

	it('serves the same entries at GET /admin/deliveries, filtered by generation_id', async () => {
		const id = await deliverOnce();
		const all = await call(sandbox, 'GET', '/admin/deliveries');
		const one = await call(sandbox, 'GET', `/admin/deliveries?generation_id=${id}`);
		const none = await call(sandbox, 'GET', '/admin/deliveries?generation_id=voice_other');
		expect(all.status).toBe(200);
		expect(one.body.data).toEqual(sandbox.deliveries({ generationId: id }));
		expect(none.body.data).toEqual([]);
	});

	it('needs the API key for the admin views', async () => {
		const answer = await call(sandbox, 'GET', '/admin/deliveries', { key: null });
		expect(answer.status).toBe(401);
	});

	it('appends one JSON line per attempt to deliveryLogPath, complete after close', async () => {
		await deliverOnce();
		await sandbox.close();
		const lines = readFileSync(join(folder, 'deliveries.jsonl'), 'utf8').trim().split('\n');
		expect(lines.map((line) => JSON.parse(line))).toEqual(sandbox.deliveries());
	});

	it('never writes the API key or the signature into the log', async () => {
		await deliverOnce();
		await sandbox.close();
		const file = readFileSync(join(folder, 'deliveries.jsonl'), 'utf8');
		expect(file).not.toContain(sandbox.apiKey);
		expect(file).not.toContain('sha256=');
	});
});
