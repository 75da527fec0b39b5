// CreativeAiClient: one method per endpoint of the contract, over an injected transport. It
// validates before sending, retries what is safe to retry (full jitter, Retry-After), sends one
// Idempotency-Key per create on every attempt, and maps failures to typed errors.
// Rules: a create is never resent without its key; the caller's AbortSignal ends the call at once,
// whatever it is doing; no message carries the API key.
import {
	endpoints,
	type CreateVideoInput,
	type CreateVoiceInput,
	type CreateWebhookSubscriptionInput,
	type EndpointSpec,
	type ListVideosQuery,
	type Account,
	type VideoGeneration,
	type VideoGenerationList,
	type VoiceGeneration,
	type WebhookSubscription,
	type WebhookSubscriptionList,
} from '../contract';
import type { Clock, Random, Sleep, TransportResponse } from '../ports';
import { redactError, secretSpellings } from '../redaction';
import { DeadlineBuckets } from './deadlineBuckets';
import { DeadlineTimer } from './deadlines';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency';
import { mapHttpError } from './mapError';
import { resolveClientOptions, resolveRetryOptions } from './options';
import { checkResponseSize } from './responseSize';
import type { ClientOptions, ResolvedClientOptions } from './options';
import { prepareRequest, type SendParams } from './request';
import { isSuccessStatus, readSuccess, type ApiResponse, type ResponseOf } from './response';
import { retryDelayMs, shouldRetry, type RetryOptions } from './retry';
import { sleepUnlessAborted, TIMER_CANCELLED, withOverallTimeout } from './timeouts';

export interface RequestOptions {
	/** Cancels the call at any point, retry waits included: it then rejects with AbortedError. */
	signal?: AbortSignal;
}

export interface CreateOptions extends RequestOptions {
	/**
	 * Reuse a key to make your own retry of the same job safe (the API returns the first job for
	 * 24 h). A new key is made per call when absent.
	 */
	idempotencyKey?: string;
}

/** Time and randomness the client waits with, shared with helpers such as waitForCompletion. */
export interface ClientPorts {
	readonly sleep: Sleep;
	readonly clock: Clock;
	readonly random: Random;
}

export class CreativeAiClient {
	readonly ports: ClientPorts;
	readonly #options: ResolvedClientOptions;
	/** Overall-timeout deadlines, on the one timer all attempts of this client share. */
	readonly #deadlines: DeadlineBuckets;
	/** The API key as a server may echo it, scrubbed from every error and answer. */
	readonly #secretSpellings: readonly string[];

	/** Throws TypeError naming the option when apiKey, transport, sleep or clock is missing or wrong. */
	constructor(options: ClientOptions) {
		this.#options = resolveClientOptions(options);
		const { sleep, clock, random } = this.#options;
		this.ports = Object.freeze({ sleep, clock, random });
		const timer = new DeadlineTimer(sleep, clock, TIMER_CANCELLED);
		this.#deadlines = new DeadlineBuckets(this.#options.timeouts.overallMs, timer, clock);
		this.#secretSpellings = secretSpellings([this.#options.apiKey]);
	}

	/** Submits a video job (202). The duration may be `5` or `"5s"`; the wire gets `5`. */
	async createVideo(input: CreateVideoInput, options?: CreateOptions): Promise<VideoGeneration> {
		return (await this.send(endpoints.createVideo, { body: input, ...createOptions(options) }))
			.data;
	}

	async getVideo(id: string, options?: RequestOptions): Promise<VideoGeneration> {
		return (await this.send(endpoints.getVideo, { id, signal: signalOf(options) })).data;
	}

	/** Newest first; pass `starting_after` the last id of a page to read the next one. */
	async listVideos(
		query?: ListVideosQuery,
		options?: RequestOptions,
	): Promise<VideoGenerationList> {
		return (await this.send(endpoints.listVideos, { query, signal: signalOf(options) })).data;
	}

	async createVoice(input: CreateVoiceInput, options?: CreateOptions): Promise<VoiceGeneration> {
		return (await this.send(endpoints.createVoice, { body: input, ...createOptions(options) }))
			.data;
	}

	async getVoice(id: string, options?: RequestOptions): Promise<VoiceGeneration> {
		return (await this.send(endpoints.getVoice, { id, signal: signalOf(options) })).data;
	}

	/**
	 * Subscribes a URL to generation events. The API takes no Idempotency-Key here, so a lost
	 * answer is not resent (it could subscribe twice): only a 429 or a connect timeout is retried.
	 */
	async createWebhookSubscription(
		input: CreateWebhookSubscriptionInput,
		options?: RequestOptions,
	): Promise<WebhookSubscription> {
		const params = { body: input, signal: signalOf(options) };
		return (await this.send(endpoints.createWebhookSubscription, params)).data;
	}

	async listWebhookSubscriptions(options?: RequestOptions): Promise<WebhookSubscriptionList> {
		return (await this.send(endpoints.listWebhookSubscriptions, { signal: signalOf(options) }))
			.data;
	}

	async deleteWebhookSubscription(id: string, options?: RequestOptions): Promise<void> {
		await this.send(endpoints.deleteWebhookSubscription, { id, signal: signalOf(options) });
	}

	async getAccount(options?: RequestOptions): Promise<Account> {
		return (await this.send(endpoints.getAccount, { signal: signalOf(options) })).data;
	}

	/**
	 * Sends one call to `endpoint`, with validation, retries and error mapping, and returns the
	 * parsed body with status and headers. Throws ValidationError before sending for bad input,
	 * the mapped ApiError subclass for an error answer, ConnectionError or TimeoutError once
	 * retries are spent, AbortedError when `params.signal` aborts. No error it throws, nor the
	 * data it returns, carries the API key, whatever the server echoed.
	 */
	async send<E extends EndpointSpec>(
		endpoint: E,
		params: SendParams = {},
	): Promise<ApiResponse<ResponseOf<E>>> {
		try {
			return await this.#send(endpoint, params);
		} catch (error) {
			throw redactError(error, this.#secretSpellings);
		}
	}

	async #send<E extends EndpointSpec>(
		endpoint: E,
		params: SendParams,
	): Promise<ApiResponse<ResponseOf<E>>> {
		const options = this.#options;
		checkSignal(params.signal);
		const request = prepareRequest(endpoint, params, options);
		const retry = this.#retryOptions(params.retry);
		const replaySafe = endpoint.method !== 'POST' || IDEMPOTENCY_KEY_HEADER in request.headers;

		let waitedMs = 0;
		for (let retriesSoFar = 0; ; retriesSoFar++) {
			let failure: unknown;
			let retryAfterHeader: string | undefined;
			try {
				const response: TransportResponse = await withOverallTimeout(
					options.transport,
					request,
					this.#deadlines,
					params.signal,
				);
				checkResponseSize(response, options.maxResponseBytes);
				if (isSuccessStatus(response.status)) {
					return readSuccess(endpoint, response, options.apiKey, this.#secretSpellings);
				}
				retryAfterHeader = response.headers['retry-after'];
				failure = mapHttpError(response, {
					resourceId: params.id,
					now: options.clock(),
					apiKey: options.apiKey,
				});
			} catch (error) {
				failure = error;
			}
			const context = { retriesSoFar, replaySafe, ...retry };
			if (!shouldRetry(failure, context)) throw failure;
			const now = options.clock();
			const delayMs = retryDelayMs(retriesSoFar, retryAfterHeader, retry, options.random, now);
			// The call's wait budget is spent: the error says when to retry, the caller decides.
			if (waitedMs + delayMs > retry.maxRetryWaitMs) throw failure;
			waitedMs += delayMs;
			await sleepUnlessAborted(options.sleep, delayMs, params.signal);
		}
	}

	/** The client's retry options, or this call's overrides of them. */
	#retryOptions(perCall: SendParams['retry']): RetryOptions {
		if (perCall === undefined) return this.#options.retry;
		if (perCall === false) return { ...this.#options.retry, maxRetries: 0 };
		return resolveRetryOptions(perCall, 'retry', this.#options.retry);
	}
}

/** The signal of a method's `options`, after checking `options` is an object. */
function signalOf(options: RequestOptions | undefined): AbortSignal | undefined {
	checkOptions(options);
	return options?.signal;
}

function createOptions(options: CreateOptions | undefined): SendParams {
	checkOptions(options);
	return { signal: options?.signal, idempotencyKey: options?.idempotencyKey };
}

function checkOptions(options: unknown): void {
	if (options !== undefined && (typeof options !== 'object' || options === null)) {
		throw new TypeError('options must be an object such as { signal }');
	}
}

function checkSignal(signal: unknown): void {
	if (signal === undefined) return;
	const looksLikeSignal =
		typeof signal === 'object' &&
		signal !== null &&
		typeof (signal as AbortSignal).aborted === 'boolean' &&
		typeof (signal as AbortSignal).addEventListener === 'function';
	if (!looksLikeSignal) throw new TypeError('signal must be an AbortSignal');
}
