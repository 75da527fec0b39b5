import nock from 'nock';

import type { Sandbox } from '../../src/runtime/sandbox';
import { app as App, appTester as newTester } from './support/app';
import { BASE_URL_VARIABLE } from '../src/baseUrl';
import { startSandbox, stopSandbox } from './support/sandbox';

const appTester = newTester();

describe('authentication against the sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(() => stopSandbox(sandbox));

	it('passes the connection test with a valid key and returns the account', async () => {
		const account = await appTester(App.authentication.test, {
			authData: { api_key: sandbox.apiKey },
		});
		expect(account).toMatchObject({ object: 'account', credits_balance: sandbox.balance() });
	});

	it('labels the connection by the last characters of the key, never the key', async () => {
		const label = await appTester(App.authentication.connectionLabel, {
			authData: { api_key: sandbox.apiKey },
			inputData: { object: 'account', credits_balance: 1000 },
		});
		expect(label).toBe(`key ending ${sandbox.apiKey.slice(-4)}`);
		expect(label).not.toContain(sandbox.apiKey);
	});

	it('refuses a key the sandbox does not know, in plain English and without the key', async () => {
		const badKey = 'rph_live_not_a_real_key_123';
		const failure = appTester(App.authentication.test, { authData: { api_key: badKey } });
		await expect(failure).rejects.toThrow(/did not accept this API key/);
		await expect(failure).rejects.toThrow(/reconnect your CreativeAI account/);
		await expect(failure).rejects.not.toThrow(badKey);
	});
});

describe('authentication, narrow cases', () => {
	const API = 'https://api.creativeai.test';
	beforeEach(() => {
		process.env[BASE_URL_VARIABLE] = API;
	});
	afterEach(() => {
		delete process.env[BASE_URL_VARIABLE];
	});

	it('turns a 401 at the auth test into the plain-English error', async () => {
		nock(API)
			.get('/v1/account')
			.reply(401, { error: { code: 'invalid_api_key', message: 'Invalid API key provided' } });
		await expect(
			appTester(App.authentication.test, { authData: { api_key: 'rph_live_revoked_0001' } }),
		).rejects.toThrow(/CreativeAI did not accept this API key/);
	});

	it('sends the key as a Bearer token to the API', async () => {
		const api = nock(API, { reqheaders: { authorization: 'Bearer rph_live_abc_0001' } })
			.get('/v1/account')
			.reply(200, { object: 'account', credits_balance: 5 });
		await appTester(App.authentication.test, { authData: { api_key: 'rph_live_abc_0001' } });
		expect(api.isDone()).toBe(true);
	});

	it('never sends the key to another host, such as the file host of an output link', async () => {
		let authorization: string | undefined = 'not requested';
		nock('https://files.example.com')
			.get('/out.mp4')
			.reply(function () {
				authorization = this.req.headers.authorization as string | undefined;
				return [200, 'bytes'];
			});
		await appTester(
			async (z: { request: (url: string) => Promise<unknown> }) =>
				z.request('https://files.example.com/out.mp4'),
			{
				authData: { api_key: 'rph_live_abc_0001' },
			},
		);
		expect(authorization).toBeUndefined();
	});

	it('leaves a 429 to Zapier: the step ends with ThrottledError and the Retry-After', async () => {
		nock(API)
			.get('/v1/account')
			.reply(
				429,
				{ error: { code: 'rate_limited', message: 'slow down' } },
				{ 'Retry-After': '7' },
			);
		const failure = appTester(App.authentication.test, {
			authData: { api_key: 'rph_live_abc_0001' },
		});
		await expect(failure).rejects.toMatchObject({ name: 'ThrottledError' });
		await expect(failure).rejects.toThrow(/"delay":7/);
	});
});
