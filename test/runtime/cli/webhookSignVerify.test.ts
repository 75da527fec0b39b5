// `creativeai webhook sign` and `webhook verify` on a captured delivery: what sign prints, verify
// accepts (exit 0); a changed byte, a wrong secret or a missing header is refused (exit 1) with
// the reason.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runCli } from '../../../src/runtime/cli/program';
import { captureIo, tempDir } from './helpers';

const SECRET = 'rph_test_sign_verify';
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"id":"vgen_1","object":"video.generation","status":"completed"}';

async function cli(args: string[], stdin?: string) {
	const io = captureIo({}, stdin);
	const code = await runCli(args, io);
	return { code, out: io.out(), err: io.err() };
}

describe('webhook sign and verify', () => {
	let dir: ReturnType<typeof tempDir>;
	let bodyPath: string;
	beforeEach(() => {
		dir = tempDir();
		bodyPath = join(dir.path, 'delivery.json');
		writeFileSync(bodyPath, BODY);
	});
	afterEach(() => dir.cleanup());

	it('verifies what sign printed (exit 0)', async () => {
		const signed = await cli(['webhook', 'sign', '--secret', SECRET, bodyPath]);
		expect(signed.code).toBe(0);
		const header = signed.out.trim();
		expect(header).toMatch(/^X-CreativeAI-Signature: sha256=[0-9a-f]{64}$/);

		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			SECRET,
			'--header',
			header,
			bodyPath,
		]);
		expect(verified.code).toBe(0);
		expect(verified.out).toMatch(/^valid: creativeai signature matches secret #1/);
	});

	it('reads the body from stdin with -', async () => {
		const fromFile = await cli(['webhook', 'sign', '--secret', SECRET, bodyPath]);
		const fromStdin = await cli(['webhook', 'sign', '--secret', SECRET, '-'], BODY);
		expect(fromStdin.out).toBe(fromFile.out);
	});

	it('refuses a body with one byte added (a final newline) with exit 1 and the reason', async () => {
		const header = (await cli(['webhook', 'sign', '--secret', SECRET, bodyPath])).out.trim();
		writeFileSync(bodyPath, `${BODY}\n`);
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			SECRET,
			'--header',
			header,
			bodyPath,
		]);
		expect(verified.code).toBe(1);
		expect(verified.err).toMatch(/^invalid: mismatch/);
		expect(verified.err).toMatch(/final newline/);
	});

	it('tries every --secret, as during a key rotation', async () => {
		const header = (await cli(['webhook', 'sign', '--secret', SECRET, bodyPath])).out.trim();
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			'rph_test_old_key',
			'--secret',
			SECRET,
			'--header',
			header,
			bodyPath,
		]);
		expect(verified.code).toBe(0);
		expect(verified.out).toMatch(/secret #2/);
	});

	it('says the signature header is missing when none is given', async () => {
		const verified = await cli(['webhook', 'verify', '--secret', SECRET, bodyPath]);
		expect(verified.code).toBe(1);
		expect(verified.err).toMatch(/^invalid: missing_signature/);
	});

	it('round-trips the Standard Webhooks scheme, recognised from its headers', async () => {
		const now = String(Math.floor(Date.now() / 1000));
		const signed = await cli([
			'webhook',
			'sign',
			'--scheme',
			'standard',
			'--secret',
			STANDARD_SECRET,
			'--id',
			'msg_1',
			'--timestamp',
			now,
			bodyPath,
		]);
		const headers = signed.out
			.trim()
			.split('\n')
			.flatMap((line) => ['--header', line]);
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			STANDARD_SECRET,
			...headers,
			bodyPath,
		]);
		expect(verified.code).toBe(0);
		expect(verified.out).toMatch(/^valid: standard signature/);
	});

	it('refuses a Standard Webhooks capture older than the tolerance', async () => {
		const signed = await cli([
			'webhook',
			'sign',
			'--scheme',
			'standard',
			'--secret',
			STANDARD_SECRET,
			'--id',
			'msg_1',
			'--timestamp',
			'1000000000',
			bodyPath,
		]);
		const headers = signed.out
			.trim()
			.split('\n')
			.flatMap((line) => ['--header', line]);
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			STANDARD_SECRET,
			...headers,
			bodyPath,
		]);
		expect(verified.code).toBe(1);
		expect(verified.err).toMatch(/^invalid: timestamp_too_old/);
	});

	it('exits 2 for a header not written as Name: value', async () => {
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			SECRET,
			'--header',
			'nonsense',
			bodyPath,
		]);
		expect(verified.code).toBe(2);
		expect(verified.err).toMatch(/Name: value/);
	});

	it('names what is wrong with a bad --header without quoting it (it may hold a key)', async () => {
		const verified = await cli([
			'webhook',
			'verify',
			'--secret',
			SECRET,
			'--header',
			'Authorization Bearer opaque-token-9',
			bodyPath,
		]);
		expect(verified.code).toBe(2);
		expect(verified.err).toMatch(/--header must look like 'Name: value', but it has no colon/);
		expect(verified.err).not.toMatch(/Bearer|opaque-token-9/);
	});
});
