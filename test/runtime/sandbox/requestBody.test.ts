// Issue 11, class 9: as the contract's reference, the sandbox refuses a create whose JSON is not
// valid UTF-8 with 400 (as receiveWebhook refuses such a delivery), instead of reading it with
// replacement characters and charging for the job. Also: a "__proto__" key hides no field.
import { request } from 'undici';

import { endpoints, errorBodySchema } from '../../../src/core/contract';
import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';

async function postRaw(sandbox: Sandbox, body: Buffer) {
	const response = await request(`${sandbox.url}${endpoints.createVideo.path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
		body,
	});
	return { status: response.statusCode, body: (await response.body.json()) as unknown };
}

describe('sandbox: the bytes of a create (issue 11)', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await createSandbox({ timeScale: 1000 });
	});
	afterAll(() => sandbox.close());

	it.each([
		['a lone continuation byte', Buffer.from([0x80])],
		['a truncated sequence', Buffer.from([0xe2, 0x82])],
		['an overlong encoding', Buffer.from([0xc0, 0xaf])],
		['a UTF-16 surrogate', Buffer.from([0xed, 0xa0, 0x80])],
	])('answers 400 to a prompt with %s', async (_what, bad) => {
		const body = Buffer.concat([Buffer.from('{"prompt":"fox '), bad, Buffer.from('"}')]);
		const answer = await postRaw(sandbox, body);
		expect(answer.status).toBe(400);
		const error = errorBodySchema.parse(answer.body).error;
		expect(error.code).toBe('validation_error');
		expect(error.message).toMatch(/UTF-8/);
	});

	it('still accepts valid UTF-8 beyond ASCII', async () => {
		const answer = await postRaw(sandbox, Buffer.from('{"prompt":"café au lait 🎬"}'));
		expect(answer.status).toBe(202);
		expect(answer.body).toMatchObject({ prompt: 'café au lait 🎬' });
	});

	it('reads no field from under a "__proto__" key', async () => {
		const answer = await postRaw(sandbox, Buffer.from('{"__proto__":{"prompt":"hidden"}}'));
		expect(answer.status).toBe(422);
	});
});
