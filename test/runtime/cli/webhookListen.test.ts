// `creativeai webhook listen` run in-process over real HTTP: a verified delivery is printed as one
// JSON line, a forged one is answered 401 with a warning, a duplicate is answered 200 and
// printed once.
import { request } from 'undici';

import { signWebhook } from '../../../src/core/webhooks';
import { runCli } from '../../../src/runtime/cli/program';
import {
	redisServerUnavailableReason,
	startRedis,
	type RedisServerHandle,
} from '../../setup/redisServer';
import { captureIo, type CapturedIo } from './helpers';
import { startSilentRedis, type SilentRedis } from './silentRedis';

const SECRET = 'rph_test_listen_secret';

function delivery(id: string, status: 'completed' | 'failed' = 'completed') {
	return JSON.stringify({
		id,
		object: 'video.generation',
		status,
		model: 'auto',
		model_actual: 'kling-v3',
		output_url: status === 'completed' ? `https://cdn.example.com/${id}.mp4` : null,
		error_message: null,
		credits: 3,
		failover_used: false,
		completed_at: '2030-01-01T00:00:00.000Z',
	});
}

async function post(url: string, body: string, secret = SECRET) {
	const headers = {
		'content-type': 'application/json',
		'x-creativeai-event': 'video.generation.completed',
		...signWebhook({ scheme: 'creativeai', secret, body }),
	};
	const response = await request(url, { method: 'POST', headers, body });
	return {
		status: response.statusCode,
		headers: response.headers,
		text: await response.body.text(),
	};
}

describe('creativeai webhook listen', () => {
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

	it('prints a verified delivery as one JSON line on stdout and answers 200', async () => {
		const answer = await post(url, delivery('vgen_a1'));
		expect(answer.status).toBe(200);
		const printed = JSON.parse((await io.waitForOut('\n')).trim());
		expect(printed).toMatchObject({
			event: 'video.generation.completed',
			generation_id: 'vgen_a1',
			status: 'completed',
			payload: { output_url: 'https://cdn.example.com/vgen_a1.mp4' },
		});
	});

	it('answers a forged delivery 401, prints nothing on stdout and warns on stderr', async () => {
		const answer = await post(url, delivery('vgen_f1'), 'rph_live_somebody_else');
		expect(answer.status).toBe(401);
		await io.waitForErr('warning: rejected');
		expect(io.err()).toMatch(/mismatch \(answered 401\)/);
		expect(io.out()).toBe('');
	});

	it('answers a duplicate 200 but prints the event only once', async () => {
		const body = delivery('vgen_d1');
		expect((await post(url, body)).status).toBe(200);
		expect((await post(url, body)).status).toBe(200);
		await io.waitForErr('duplicate of vgen_d1:completed suppressed');
		expect(io.out().trim().split('\n')).toHaveLength(1);
	});

	it('ends with exit 0 and a tally when stopped', async () => {
		await post(url, delivery('vgen_t1'));
		io.stopNow();
		expect(await exit).toBe(0);
		expect(io.err()).toMatch(/stopped: 1 verified, 0 duplicates suppressed, 0 forged rejected/);
	});

	it('never prints the secret', async () => {
		await post(url, delivery('vgen_s1'), 'wrong-secret-value');
		await io.waitForErr('warning');
		expect(io.err() + io.out()).not.toContain(SECRET);
	});
});

describe('webhook listen when stdout refuses a line', () => {
	it('answers 500, so the sender retries, and prints the event on the retry', async () => {
		const io = captureIo();
		const write = io.stdout.write.bind(io.stdout) as (...args: unknown[]) => boolean;
		let refusals = 1;
		io.stdout.write = ((...args: unknown[]) => {
			if (refusals-- > 0) throw new Error('stdout refused the line');
			return write(...args);
		}) as typeof io.stdout.write;
		const exit = runCli(['webhook', 'listen', '--port', '0', '--secret', SECRET], io);
		try {
			const url = /listening on (\S+)/.exec(await io.waitForErr(/listening on (\S+)/))![1];
			const body = delivery('vgen_p1');
			expect((await post(url, body)).status).toBe(500);
			expect((await post(url, body)).status).toBe(200);
			const printed = JSON.parse((await io.waitForOut('\n')).trim());
			expect(printed).toMatchObject({ generation_id: 'vgen_p1' });
		} finally {
			io.stopNow();
			await exit;
		}
	});
});

describe('the receiver answers what is not a delivery', () => {
	it('refuses GET with 405 and a body over 1 MiB with 413', async () => {
		const io = captureIo();
		const exit = runCli(['webhook', 'listen', '--port', '0', '--secret', SECRET], io);
		const url = /listening on (\S+)/.exec(await io.waitForErr(/listening on (\S+)/))![1];
		try {
			expect((await request(url)).statusCode).toBe(405);
			const big = await request(url, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
			expect(big.statusCode).toBe(413);
			await big.body.dump();
		} finally {
			io.stopNow();
			await exit;
		}
	});
});

describe('webhook listen with a Redis that stops answering after connecting', () => {
	// Generous: the delivery waits out the Redis command timeout, and shutdown the QUIT grace.
	const SLOW_TEST_MS = 20_000;
	let redis: SilentRedis;
	let io: CapturedIo;
	let exit: Promise<number>;

	beforeEach(async () => {
		redis = await startSilentRedis();
		io = captureIo();
		exit = runCli(
			['webhook', 'listen', '--port', '0', '--secret', SECRET, '--redis', redis.url],
			io,
		);
	});

	afterEach(async () => {
		io.stopNow();
		await exit;
		await redis.close();
	}, SLOW_TEST_MS);

	it(
		'answers a delivery 503 with Retry-After, so the sender retries',
		async () => {
			const url = /listening on (\S+)/.exec(await io.waitForErr(/listening on (\S+)/))![1];
			const answer = await post(url, delivery('vgen_h1'));
			expect(answer.status).toBe(503);
			expect(answer.headers['retry-after']).toBeDefined();
			expect(redis.received()).toMatch(/EVAL/i);
			expect(io.out()).toBe('');
		},
		SLOW_TEST_MS,
	);

	it(
		'still stops on Ctrl-C with exit 0 and its tally',
		async () => {
			const url = /listening on (\S+)/.exec(await io.waitForErr(/listening on (\S+)/))![1];
			await post(url, delivery('vgen_h2'));
			io.stopNow();
			expect(await exit).toBe(0);
			expect(io.err()).toMatch(/stopped: 0 verified.*1 asked to retry/);
		},
		SLOW_TEST_MS,
	);
});

const redisUnavailable = redisServerUnavailableReason();
const describeWithRedis = redisUnavailable === null ? describe : describe.skip;

describeWithRedis(
	`two listen receivers sharing Redis${redisUnavailable ? ` (${redisUnavailable})` : ''}`,
	() => {
		let redis: RedisServerHandle;
		beforeAll(async () => {
			const started = await startRedis();
			if (started === null) throw new Error('redis-server did not start');
			redis = started;
		});
		afterAll(() => redis.stop());

		it('print a delivery sent to both only once', async () => {
			const receivers = [captureIo(), captureIo()];
			const args = ['webhook', 'listen', '--port', '0', '--secret', SECRET, '--redis', redis.url];
			const exits = receivers.map((io) => runCli(args, io));
			try {
				const urls = await Promise.all(
					receivers.map(
						async (io) => /listening on (\S+)/.exec(await io.waitForErr(/listening on (\S+)/))![1],
					),
				);
				expect(receivers[0].err()).toContain('de-duplication in Redis');
				const body = delivery('vgen_r1');
				expect((await post(urls[0], body)).status).toBe(200);
				expect((await post(urls[1], body)).status).toBe(200);
				await receivers[1].waitForErr('duplicate of vgen_r1:completed suppressed');
				expect(receivers[0].out().trim().split('\n')).toHaveLength(1);
				expect(receivers[1].out()).toBe('');
			} finally {
				for (const io of receivers) io.stopNow();
				await Promise.all(exits);
			}
		});
	},
);
