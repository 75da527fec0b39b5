export { CreativeAiClient } from './client';
export type { ClientPorts, CreateOptions, RequestOptions } from './client';
export { DEFAULT_BASE_URL, DEFAULT_USER_AGENT } from './options';
export type { ClientOptions } from './options';
export type { SendParams } from './request';
export type { ApiResponse, ResponseOf } from './response';
export {
	DEFAULT_RETRY_OPTIONS,
	parseRetryAfterMs,
	retryAfterMsOf,
	retryDelayMs,
	shouldRetry,
} from './retry';
export type { RetryContext, RetryOptions } from './retry';
export { DEFAULT_TIMEOUTS } from './timeouts';
export type { TimeoutOptions } from './timeouts';
export { IDEMPOTENCY_KEY_HEADER, newIdempotencyKey } from './idempotency';
export { mapHttpError, REQUEST_ID_HEADER } from './mapError';
export type { ErrorContext } from './mapError';
export { DEFAULT_MAX_RESPONSE_BYTES } from './responseSize';
