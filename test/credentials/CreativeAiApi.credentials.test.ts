// The credential: its fields (other parts of the package read them by name), the Bearer header
// it adds, and the test request n8n sends from the credential dialog.
import type { IHttpRequestOptions } from 'n8n-workflow';

import { CreativeAiApi } from '../../credentials/CreativeAiApi.credentials';

const credential = new CreativeAiApi();

it('has the API key and signing secret as password fields, and the documented defaults', () => {
	const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
	expect(Object.keys(fields)).toEqual([
		'apiKey',
		'baseUrl',
		'webhookSecret',
		'allowPrivateCallbackUrls',
	]);
	expect(fields.apiKey.typeOptions?.password).toBe(true);
	expect(fields.webhookSecret.typeOptions?.password).toBe(true);
	expect(fields.baseUrl.default).toBe('https://api.creativeai.run');
	expect(fields.allowPrivateCallbackUrls.default).toBe(false);
	expect(fields.webhookSecret.default).toBe('');
});

it('adds the key as a Bearer token and keeps the other headers', async () => {
	const authenticate = credential.authenticate as (
		credentials: Record<string, unknown>,
		request: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const request = await authenticate(
		{ apiKey: 'rph_live_abc' },
		{ url: '/v1/account', headers: { Accept: 'application/json' } },
	);
	expect(request.headers).toEqual({
		Accept: 'application/json',
		Authorization: 'Bearer rph_live_abc',
	});
});

it('tests the key with GET /v1/account and says "API key rejected" on a 401', () => {
	expect(credential.test.request).toEqual({
		baseURL: '={{$credentials.baseUrl}}',
		url: '/v1/account',
	});
	expect(credential.test.rules).toEqual([
		{ type: 'responseCode', properties: { value: 401, message: 'API key rejected' } },
	]);
});
