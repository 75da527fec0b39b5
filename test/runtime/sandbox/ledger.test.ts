import { accountSchema } from '../../../src/core/contract';
import {
	createSandbox,
	VIDEO_PRICE_CREDITS,
	VOICE_PRICE_CREDITS,
	type Sandbox,
} from '../../../src/runtime/sandbox';
import { Ledger } from '../../../src/runtime/sandbox/ledger';
import { call, manualClock, VIDEO_BODY, VOICE_BODY } from './helpers';

describe('Ledger', () => {
	it('refuses a debit the balance cannot cover and records nothing', () => {
		const ledger = new Ledger();
		ledger.open('acct', 4, 0);
		expect(ledger.tryDebit('acct', 'vgen_1', 5, 0, 'too dear')).toBe(false);
		expect(ledger.entries('acct')).toHaveLength(1);
		expect(ledger.balance('acct')).toBe(4);
	});

	it('keeps balance_after equal to the running sum of amounts', () => {
		const ledger = new Ledger();
		ledger.open('acct', 10, 0);
		ledger.tryDebit('acct', 'vgen_1', 3, 1, 'job');
		ledger.credit('acct', 'vgen_1', 'refund', 3, 2, 'failed');
		let sum = 0;
		for (const entry of ledger.entries('acct')) {
			sum += entry.amount;
			expect(entry.balance_after).toBe(sum);
		}
	});
});

describe('credits over HTTP', () => {
	let sandbox: Sandbox | undefined;
	afterEach(() => sandbox?.close());

	it('debits the model price at submission and shows it in GET /v1/account', async () => {
		sandbox = await createSandbox({ timeScale: 1000 });
		await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, model: 'kling-o3-pro' },
		});
		await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
		const account = accountSchema.parse((await call(sandbox, 'GET', '/v1/account')).body);
		expect(account.credits_balance).toBe(
			1000 - VIDEO_PRICE_CREDITS['kling-o3-pro'] - VOICE_PRICE_CREDITS,
		);
	});

	it('answers 402 insufficient_credits and creates nothing when the balance is short', async () => {
		sandbox = await createSandbox({ timeScale: 1000, initialCredits: 4 });
		const refused = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, model: 'kling-o3-pro' },
		});
		expect(refused.status).toBe(402);
		expect(refused.body.error.code).toBe('insufficient_credits');
		expect(sandbox.jobs()).toHaveLength(0);
		expect(sandbox.ledger().map((entry) => entry.kind)).toEqual(['grant']);
		const cheaper = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		expect(cheaper.status).toBe(202);
		expect(sandbox.balance()).toBe(1);
	});

	it('never lets concurrent submissions spend the same credits twice', async () => {
		sandbox = await createSandbox({ timeScale: 1000, initialCredits: 9 });
		const answers = await Promise.all(
			Array.from({ length: 6 }, () =>
				call(sandbox!, 'POST', '/v1/video/generations', { body: VIDEO_BODY }),
			),
		);
		expect(answers.filter((answer) => answer.status === 202)).toHaveLength(3);
		expect(answers.filter((answer) => answer.status === 402)).toHaveLength(3);
		expect(sandbox.balance()).toBe(0);
	});

	it('refunds a failed job exactly once, however often it is read', async () => {
		const clock = manualClock();
		sandbox = await createSandbox({ clock: clock.now, faults: { providerSubmitErrorRate: 1 } });
		const created = await call(sandbox, 'POST', '/v1/video/generations', {
			body: { ...VIDEO_BODY, failover: false },
		});
		clock.advance(5000);
		for (let i = 0; i < 3; i++) {
			await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`);
			await call(sandbox, 'GET', '/v1/account');
			sandbox.advance();
		}
		const failed = (await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body;
		const refunds = sandbox.ledger().filter((entry) => entry.kind === 'refund');
		expect(failed).toMatchObject({ status: 'failed', credits: 0, credits_refunded: 3 });
		expect(failed.refunded_at).toBe(failed.completed_at);
		expect(refunds).toEqual([
			expect.objectContaining({ generation_id: created.body.id, amount: 3 }),
		]);
		expect(sandbox.balance()).toBe(1000);
	});

	it('refunds a job that exceeded the maximum wait, and says how long it ran', async () => {
		const clock = manualClock();
		sandbox = await createSandbox({
			clock: clock.now,
			maxWaitSeconds: 300,
			faults: { providerStallRate: 1 },
		});
		const created = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		clock.advance(301_000);
		const failed = (await call(sandbox, 'GET', `/v1/video/generations/${created.body.id}`)).body;
		expect(failed.status).toBe('failed');
		expect(failed.error_message).toMatch(/maximum wait of 300 s/);
		expect(failed.elapsed_seconds).toBe(300);
		expect(sandbox.balance()).toBe(1000);
	});

	it('charges a completed job once and never refunds it', async () => {
		sandbox = await createSandbox({ timeScale: 2000 });
		await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		await sandbox.settled();
		expect(sandbox.ledger().map((entry) => [entry.kind, entry.amount])).toEqual([
			['grant', 1000],
			['debit', -3],
		]);
	});

	it('shows the same ledger at GET /admin/ledger, for the caller account only', async () => {
		sandbox = await createSandbox({
			timeScale: 1000,
			apiKeys: ['rph_test_account_a', 'rph_test_account_b'],
		});
		await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		const admin = await call(sandbox, 'GET', '/admin/ledger');
		const other = await call(
			{ url: sandbox.url, apiKey: 'rph_test_account_b' },
			'GET',
			'/admin/ledger',
		);
		expect(admin.body.balance).toBe(997);
		expect(admin.body.data).toEqual(sandbox.ledger());
		expect(other.body.data.map((entry: { kind: string }) => entry.kind)).toEqual(['grant']);
		expect(admin.bytes.toString()).not.toContain('rph_test_account_a');
	});
});
