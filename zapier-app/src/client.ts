// The core's CreativeAiClient, built per call from Zapier's `z` and the connection's key. Limits
// fit Zapier's 30 s per step: at most two quick retries of a transient failure, and the whole
// call given up after 25 s, so Zapier never cuts a step off mid-request without a message.
import type { Bundle, ZObject } from 'zapier-platform-core';

import { CreativeAiClient } from '../../src/core';
import packageJson from '../package.json';
import { sleep } from '../../src/runtime/timers';
import { apiBaseUrl } from './baseUrl';
import { zapierTransport } from './transport';

export const USER_AGENT = `creativeai-zapier/${packageJson.version}`;

const RETRY = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 3_000, maxRetryAfterMs: 5_000 };
const TIMEOUTS = { connectMs: 10_000, headersMs: 20_000, bodyMs: 20_000, overallMs: 25_000 };

export function clientFor(z: ZObject, bundle: Bundle): CreativeAiClient {
	return new CreativeAiClient({
		apiKey: apiKeyOf(bundle),
		baseUrl: apiBaseUrl(),
		transport: zapierTransport(z),
		sleep,
		clock: Date.now,
		retry: RETRY,
		timeouts: TIMEOUTS,
		userAgent: USER_AGENT,
	});
}

/** The connection's key; an empty one is refused by the core client with a TypeError. */
export function apiKeyOf(bundle: Bundle): string {
	const key = bundle.authData?.api_key;
	return typeof key === 'string' ? key.trim() : '';
}
