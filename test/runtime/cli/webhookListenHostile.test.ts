// Issue 11: `creativeai webhook listen` against hostile senders, run in-process over real HTTP.
// Each block names the class of the issue it covers.
import { request } from 'undici';

import { signWebhook } from '../../../src/core/webhooks';
import { runCli } from '../../../src/runtime/cli/program';
import { captureIo, type CapturedIo } from './helpers';

const SECRET = 'rph_test_hostile_listen_secret';

function deliveryObject(id: string, extra: Record<string, unknown> = {}) {
	return {
		id,
		object: 'video.generation',
		status: 'failed',
		model: 'auto',
		model_actual: 'kling-v3',
		output_url: null,
		error_message: 'provider refused',
		credits: 3,
		failover_used: false,
		completed_at: '2030-01-01T00:00:00.000Z',
		...extra,
	};
}

async function post(url: string, body: string) {
	const headers = {
		'content-type': 'application/json',
		'x-creativeai-event': 'video.generation.failed',
		...signWebhook({ scheme: 'creativeai', secret: SECRET, body }),
	};
	const response = await request(url, { method: 'POST', headers, body });
	return { status: response.statusCode, text: await response.body.text() };
}

describe('webhook listen against hostile deliveries (issue 11)', () => {
	let io: CapturedIo;
	let exit: Promise<number>;
	let url: string;

	beforeEach(async () => {
		io = captureIo();
		exit = runCli(['webhook', 'listen', '--port', '0', '--secret', SECRET], io);
		const banner = await io.waitForErr(/listening on (\S+)/);
		url = /listening on (\S+)/.exec(banner)![1];
	});

	afterEach(async () => {
		io.stopNow();
		await exit;
	});

	it('class 2: never prints the secret a signed delivery echoes', async () => {
		const body = JSON.stringify(
			deliveryObject('vgen_echo', { error_message: `bad key ${SECRET}` }),
		);
		expect((await post(url, body)).status).toBe(200);
		const line = (await io.waitForOut('\n')).trim();
		expect(line).not.toContain(SECRET);
		expect(JSON.parse(line)).toMatchObject({ payload: { error_message: 'bad key [redacted]' } });
	});
});
