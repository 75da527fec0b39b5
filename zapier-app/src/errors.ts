// Every failure a user sees goes through z.errors.Error with the core's message (written for a
// person: what happened, what to do, the generation id once one exists) and its stable code.
// Rules: Zapier's own errors (ThrottledError for a 429 above all) pass through untouched; no
// message ever carries the API key (the core's messages never do).
import type { ZObject } from 'zapier-platform-core';

/** Runs `action`, turning the core's errors into z.errors.Error. */
export async function withZapierErrors<T>(z: ZObject, action: () => Promise<T>): Promise<T> {
	try {
		return await action();
	} catch (error) {
		throw toZapierError(z, error);
	}
}

export function toZapierError(z: ZObject, error: unknown): unknown {
	const { code, status, message } = (error ?? {}) as {
		code?: unknown;
		status?: unknown;
		message?: unknown;
	};
	// The core's errors carry a string `code`; anything else is Zapier's own or a bug: keep it.
	if (typeof code !== 'string' || typeof message !== 'string') return error;
	if (code === 'authentication_failed') return new z.errors.Error(REJECTED_KEY_MESSAGE, code, 401);
	return new z.errors.Error(message, code, typeof status === 'number' ? status : undefined);
}

export const REJECTED_KEY_MESSAGE =
	'CreativeAI did not accept this API key. Copy the key again from the API Keys page of your ' +
	'CreativeAI dashboard (it starts with rph_live_) and reconnect your CreativeAI account in Zapier.';
