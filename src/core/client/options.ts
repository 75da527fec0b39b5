// The client's constructor options, checked once and filled with defaults. Rule: a wrong option
// throws TypeError naming the option, and no message ever repeats the API key.
import type { Clock, Random, Sleep, Transport } from '../ports';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry';
import { DEFAULT_TIMEOUTS, type TimeoutOptions } from './timeouts';

export const DEFAULT_BASE_URL = 'https://api.creativeai.run';
export const DEFAULT_USER_AGENT = 'creativeai-core/0.1.0';

export interface ClientOptions {
	/** The account's API key (`rph_live_...`), sent as `Authorization: Bearer <key>`. */
	apiKey: string;
	/** Defaults to https://api.creativeai.run; point it at the sandbox or a proxy. */
	baseUrl?: string;
	transport: Transport;
	sleep: Sleep;
	clock: Clock;
	/** Jitter source; defaults to Math.random. */
	random?: Random;
	retry?: Partial<RetryOptions>;
	timeouts?: Partial<TimeoutOptions>;
	userAgent?: string;
}

export interface ResolvedClientOptions {
	apiKey: string;
	baseUrl: string;
	transport: Transport;
	sleep: Sleep;
	clock: Clock;
	random: Random;
	retry: RetryOptions;
	timeouts: TimeoutOptions;
	userAgent: string;
}

/** Visible ASCII without spaces: anything else cannot travel in an Authorization header. */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
	if (typeof options !== 'object' || options === null) {
		throw new TypeError('CreativeAiClient needs an options object with at least apiKey');
	}
	if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
		throw new TypeError('apiKey must be a non-empty string');
	}
	if (!HEADER_TOKEN.test(options.apiKey)) {
		throw new TypeError('apiKey contains spaces or characters that cannot be sent in a header');
	}
	return {
		apiKey: options.apiKey,
		baseUrl: resolveBaseUrl(options.baseUrl),
		transport: requireFunction(options.transport, 'transport', 'sends one HTTP request'),
		sleep: requireFunction(options.sleep, 'sleep', 'waits a number of milliseconds'),
		clock: requireFunction(options.clock, 'clock', 'returns epoch milliseconds'),
		random:
			options.random === undefined
				? Math.random
				: requireFunction(options.random, 'random', 'returns a number in [0, 1)'),
		retry: resolveRetryOptions(options.retry, 'retry'),
		timeouts: resolveTimeouts(options.timeouts),
		userAgent: resolveUserAgent(options.userAgent),
	};
}

/** Defaults filled over `overrides`, or TypeError naming the bad field (`retry.maxRetries`). */
export function resolveRetryOptions(
	overrides: Partial<RetryOptions> | undefined,
	label: string,
	base: RetryOptions = DEFAULT_RETRY_OPTIONS,
): RetryOptions {
	const merged = { ...base, ...definedOnly(overrides, label) };
	if (!Number.isInteger(merged.maxRetries) || merged.maxRetries < 0) {
		throw new TypeError(`${label}.maxRetries must be a whole number of 0 or more`);
	}
	for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
		requireMilliseconds(merged[key], `${label}.${key}`, 0);
	}
	return merged;
}

function resolveTimeouts(overrides: Partial<TimeoutOptions> | undefined): TimeoutOptions {
	const merged = { ...DEFAULT_TIMEOUTS, ...definedOnly(overrides, 'timeouts') };
	for (const key of ['connectMs', 'headersMs', 'bodyMs', 'overallMs'] as const) {
		requireMilliseconds(merged[key], `timeouts.${key}`, 1);
	}
	return merged;
}

function resolveBaseUrl(baseUrl: unknown): string {
	if (baseUrl === undefined) return DEFAULT_BASE_URL;
	const message = 'baseUrl must be an http or https URL, such as https://api.creativeai.run';
	if (typeof baseUrl !== 'string') throw new TypeError(message);
	if (!URL.canParse(baseUrl)) throw new TypeError(message);
	const url = new URL(baseUrl);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(message);
	if (url.search !== '' || url.hash !== '') {
		throw new TypeError('baseUrl must not carry a query or a fragment');
	}
	// Paths are appended to it, so a trailing slash would double up.
	return url.href.replace(/\/+$/, '');
}

function resolveUserAgent(userAgent: unknown): string {
	if (userAgent === undefined) return DEFAULT_USER_AGENT;
	if (
		typeof userAgent !== 'string' ||
		!/^[\x20-\x7e]+$/.test(userAgent) ||
		userAgent.trim() === ''
	) {
		throw new TypeError('userAgent must be a non-empty string of printable ASCII');
	}
	return userAgent;
}

function requireFunction<F>(value: F | undefined, name: string, what: string): F {
	if (typeof value !== 'function') {
		throw new TypeError(`${name} is required: a function that ${what}`);
	}
	return value;
}

function requireMilliseconds(value: unknown, name: string, min: number): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
		throw new TypeError(`${name} must be a finite number of milliseconds, at least ${min}`);
	}
}

/** Drops `undefined` values so `{ maxRetries: undefined }` keeps the default. */
function definedOnly<T extends object>(overrides: T | undefined, label: string): Partial<T> {
	if (overrides === undefined) return {};
	if (typeof overrides !== 'object' || overrides === null) {
		throw new TypeError(`${label} must be an object`);
	}
	return Object.fromEntries(
		Object.entries(overrides).filter(([, value]) => value !== undefined),
	) as Partial<T>;
}
