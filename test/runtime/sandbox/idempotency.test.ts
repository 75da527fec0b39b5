import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { canonicalJson, IDEMPOTENCY_WINDOW_MS } from '../../../src/runtime/sandbox/idempotency';
import { call, manualClock, VIDEO_BODY, VOICE_BODY } from './helpers';

describe('canonicalJson', () => {
	it.each([
		[
			{ b: 1, a: 2 },
			{ a: 2, b: 1 },
		],
		[{ a: { d: [1, { y: 1, x: 2 }], c: null } }, { a: { c: null, d: [1, { x: 2, y: 1 }] } }],
		[{ a: 1, b: undefined }, { a: 1 }],
	])('writes %j and %j the same way', (left, right) => {
		expect(canonicalJson(left)).toBe(canonicalJson(right));
	});

	it('keeps array order, which is meaningful', () => {
		expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
	});
});

describe('Idempotency-Key on creates', () => {
	let sandbox: Sandbox;
	const clock = manualClock();

	beforeEach(async () => {
		sandbox = await createSandbox({ clock: clock.now });
	});
	afterEach(() => sandbox.close());

	const create = (body: unknown, key: string, path = '/v1/video/generations') =>
		call(sandbox, 'POST', path, { body, headers: { 'idempotency-key': key } });

	it('returns the first job, 202 and the same id, for the same key and body', async () => {
		const first = await create(VIDEO_BODY, 'key-1');
		const second = await create(VIDEO_BODY, 'key-1');
		expect(first.status).toBe(202);
		expect(second.status).toBe(202);
		expect(second.body.id).toBe(first.body.id);
		expect(second.headers['idempotent-replayed']).toBe('true');
		expect(sandbox.jobs()).toHaveLength(1);
	});

	it('debits once however often the create is retried', async () => {
		for (let i = 0; i < 4; i++) await create(VIDEO_BODY, 'key-2');
		const debits = sandbox.ledger().filter((entry) => entry.kind === 'debit');
		expect(debits).toHaveLength(1);
		expect(sandbox.balance()).toBe(1000 - 3);
	});

	it('treats a reordered body with "5s" for 5 as the same request', async () => {
		const first = await create(
			{ duration: '5s', prompt: VIDEO_BODY.prompt, model: 'kling-v3' },
			'key-3',
		);
		const second = await create(
			{ model: 'kling-v3', prompt: VIDEO_BODY.prompt, duration: 5 },
			'key-3',
		);
		expect(second.status).toBe(202);
		expect(second.body.id).toBe(first.body.id);
	});

	it('answers 409 idempotency_conflict for the same key with a different body', async () => {
		await create(VIDEO_BODY, 'key-4');
		const conflict = await create({ ...VIDEO_BODY, prompt: 'Something else' }, 'key-4');
		expect(conflict.status).toBe(409);
		expect(conflict.body.error.code).toBe('idempotency_conflict');
		expect(sandbox.jobs()).toHaveLength(1);
	});

	it('answers 409 when a key is reused on the other kind of job', async () => {
		await create(VIDEO_BODY, 'key-5');
		const conflict = await create(VOICE_BODY, 'key-5', '/api/generate/voice');
		expect(conflict.status).toBe(409);
	});

	it('replays the job in its current state, not as it was first answered', async () => {
		const first = await create(VIDEO_BODY, 'key-6');
		clock.advance(10 * 60 * 1000);
		const later = await create(VIDEO_BODY, 'key-6');
		expect(first.body.status).toBe('pending');
		expect(later.body).toMatchObject({ id: first.body.id, status: 'completed' });
	});

	it('creates a new job once the 24 h window has passed', async () => {
		const first = await create(VIDEO_BODY, 'key-7');
		clock.advance(IDEMPOTENCY_WINDOW_MS + 1000);
		const second = await create(VIDEO_BODY, 'key-7');
		expect(second.status).toBe(202);
		expect(second.body.id).not.toBe(first.body.id);
	});

	it('does not remember a refused create, so the key works once the request is fixed', async () => {
		const refused = await create({ prompt: '' }, 'key-8');
		const fixed = await create(VIDEO_BODY, 'key-8');
		expect(refused.status).toBe(422);
		expect(fixed.status).toBe(202);
	});

	it('keeps keys per account', async () => {
		await sandbox.close();
		sandbox = await createSandbox({
			clock: clock.now,
			apiKeys: ['rph_test_account_a', 'rph_test_account_b'],
		});
		const a = await call(sandbox, 'POST', '/v1/video/generations', {
			body: VIDEO_BODY,
			headers: { 'idempotency-key': 'shared' },
		});
		const b = await call(
			{ url: sandbox.url, apiKey: 'rph_test_account_b' },
			'POST',
			'/v1/video/generations',
			{
				body: { ...VIDEO_BODY, prompt: 'Different' },
				headers: { 'idempotency-key': 'shared' },
			},
		);
		expect(b.status).toBe(202);
		expect(b.body.id).not.toBe(a.body.id);
	});
});
