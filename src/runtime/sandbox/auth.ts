// API keys and accounts: each configured key is one account with its own jobs, credits and
// subscriptions, and is the HMAC secret of that account's webhooks.
// Rules: a missing or wrong key is a 401 with the contract's error body whose message never
// echoes the key; keys are compared through their SHA-256, so lookup time does not depend on how
// much of a guessed key is right.
import { createHash } from 'node:crypto';

import { SandboxHttpError } from './http';

export interface Account {
	/** Shown in admin views instead of the key. */
	id: string;
	apiKey: string;
}

function digest(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}

export class Accounts {
	private readonly byDigest = new Map<string, Account>();

	constructor(apiKeys: readonly string[]) {
		apiKeys.forEach((apiKey, index) => {
			this.byDigest.set(digest(apiKey), { id: `acct_${index + 1}`, apiKey });
		});
	}

	all(): Account[] {
		return [...this.byDigest.values()];
	}

	byKey(apiKey: string): Account | undefined {
		return this.byDigest.get(digest(apiKey));
	}
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

/** The account the request's key belongs to; throws the 401 otherwise. */
export function authenticate(accounts: Accounts, authorization: string | undefined): Account {
	const token = bearerToken(authorization);
	const challenge = { headers: { 'www-authenticate': 'Bearer realm="CreativeAI sandbox"' } };
	if (token === undefined) {
		throw new SandboxHttpError(
			401,
			'invalid_api_key',
			'Missing API key. Send it as "Authorization: Bearer <your API key>".',
			challenge,
		);
	}
	const account = accounts.byKey(token);
	if (!account) {
		throw new SandboxHttpError(
			401,
			'invalid_api_key',
			'The API key is not valid. Check the key in your CreativeAI credentials.',
			challenge,
		);
	}
	return account;
}
