// Custom authentication: one API key, sent as a Bearer token by the beforeRequest middleware (and
// by the core client), checked with GET /v1/account. The connection is labelled with the key's
// last four characters, never the key.
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';

import { apiKeyOf, clientFor } from './client';
import { withZapierErrors } from './errors';

async function testAuth(z: ZObject, bundle: Bundle) {
	return withZapierErrors(z, () => clientFor(z, bundle).getAccount());
}

/** "Key ending a1b2" plus the account's name or email when the API sends one. */
async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
	const account = (bundle.inputData ?? {}) as { name?: unknown; email?: unknown };
	const owner = [account.name, account.email].find((v) => typeof v === 'string' && v !== '');
	const ending = `key ending ${apiKeyOf(bundle).slice(-4)}`;
	return owner === undefined ? ending : `${String(owner)} (${ending})`;
}

export default {
	type: 'custom',
	fields: [
		{
			key: 'api_key',
			label: 'API Key',
			type: 'password',
			required: true,
			helpText:
				'Your CreativeAI API key. Find it in your CreativeAI dashboard under **Settings > API Keys** ' +
				'([creativeai.run/dashboard/api-keys](https://creativeai.run/dashboard/api-keys)); it starts ' +
				'with `rph_live_`. The key also signs the webhooks CreativeAI sends to Zapier.',
		},
	],
	test: testAuth,
	connectionLabel,
} satisfies Authentication;
