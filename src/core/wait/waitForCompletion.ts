// The polling loop: GET a video or voice job until it is completed or failed. The delays come from
// interval.ts; time comes only from client.ports (clock, sleep), so tests run in virtual time.
// Rules that must not break: never re-submit the job (this only reads it); quote the generation id
// in every error this loop raises; never sleep past the caller's deadline; a non-transient error
// (401, 404, a bad body) ends the wait at once.
import type { Generation } from '../contract';
import type { GenerationPhase, GenerationStatus } from '../contract/common';
import type { VideoGeneration } from '../contract/video';
import type { VoiceGeneration } from '../contract/voice';
import {
	AbortedError,
	ApiError,
	GenerationFailedError,
	isTransientError,
	WaitTimeoutError,
} from '../errors';
import { parseRetryAfterMs } from '../client/retry';
import { nextPollDelayMs, transientBackoffMs } from './interval';
import { generationKindOf, generationSchemas, pollEndpoints, type GenerationKind } from './kind';
import type { GenerationPoller, PollResponse } from './poller';

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

/** Transient failures (429, 5xx, lost connections, timeouts) tolerated in a row; one more is thrown. */
export const MAX_CONSECUTIVE_TRANSIENT_FAILURES = 5;

export interface WaitProgress {
	id: string;
	status: GenerationStatus;
	phase: GenerationPhase | null;
	/** 0-100, when the server reports it. */
	progress: number | null;
	etaSeconds: number | null;
	/** Since waitForCompletion was called. */
	elapsedMs: number;
	/** GET requests sent so far, failed ones included. */
	polls: number;
}

export interface WaitOptions {
	/** Shortest gap between polls; longer while the server's eta is far off. Default 5 s. */
	intervalMs?: number;
	/** Give up with WaitTimeoutError after this long; no limit when absent. */
	timeoutMs?: number;
	/** Stops the wait (not the job) with AbortedError, also in the middle of a sleep. */
	signal?: AbortSignal;
	/** Called after every successful poll, the last one included; an error it throws ends the wait. */
	onProgress?: (progress: WaitProgress) => void;
	/** For a bare id: which kind of job it is (default: `voice_` ids are voice, others video). */
	kind?: GenerationKind;
}

/**
 * Polls a generation until it is `completed` and resolves with it. A generation object (as
 * returned by create) counts as a first observation: if it is still running, the first GET waits
 * for its eta; a bare id is polled at once.
 *
 * Throws GenerationFailedError when the job fails, WaitTimeoutError when `timeoutMs` passes,
 * AbortedError when `signal` fires, the 6th consecutive transient error as it is, and any other
 * client error (AuthenticationError, NotFoundError, ...) at once. TypeError for bad arguments.
 */
export function waitForCompletion(
	client: GenerationPoller,
	generation: VideoGeneration,
	options?: WaitOptions,
): Promise<VideoGeneration>;
export function waitForCompletion(
	client: GenerationPoller,
	generation: VoiceGeneration,
	options?: WaitOptions,
): Promise<VoiceGeneration>;
export function waitForCompletion(
	client: GenerationPoller,
	id: string,
	options: WaitOptions & { kind: 'voice' },
): Promise<VoiceGeneration>;
export function waitForCompletion(
	client: GenerationPoller,
	id: string,
	options: WaitOptions & { kind: 'video' },
): Promise<VideoGeneration>;
export function waitForCompletion(
	client: GenerationPoller,
	idOrGeneration: string | Generation,
	options?: WaitOptions,
): Promise<Generation>;
export async function waitForCompletion(
	client: GenerationPoller,
	idOrGeneration: string | Generation,
	options: WaitOptions = {},
): Promise<Generation> {
	checkArguments(client, idOrGeneration, options);
	const kind = generationKindOf(idOrGeneration, options.kind);
	const id = typeof idOrGeneration === 'string' ? idOrGeneration : idOrGeneration.id;
	const { intervalMs = DEFAULT_POLL_INTERVAL_MS, timeoutMs, signal, onProgress } = options;
	const { sleep, clock, random } = client.ports;

	const startedAt = clock();
	const deadline = timeoutMs === undefined ? Infinity : startedAt + timeoutMs;
	const remainingMs = () => deadline - clock();
	const timedOut = () => new WaitTimeoutError(id, clock() - startedAt, lastStatus);

	let lastStatus: GenerationStatus | undefined;
	let polls = 0;
	let failures = 0;
	let delayMs = 0;
	if (typeof idOrGeneration !== 'string') {
		if (isFinished(idOrGeneration)) return finish(idOrGeneration);
		lastStatus = idOrGeneration.status;
		delayMs = nextPollDelayMs({
			intervalMs,
			etaSeconds: idOrGeneration.eta_seconds,
			remainingMs: remainingMs(),
		});
	}

	for (;;) {
		if (delayMs > 0) await pause(delayMs);
		if (signal?.aborted) throw aborted(id, signal.reason);

		polls += 1;
		// Settled into a value, so a failure is handled below rather than rethrown from a catch.
		const outcome = await client.send(pollEndpoints[kind], { id, retry: false, signal }).then(
			(answer) => ({ ok: true as const, answer }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (!outcome.ok) {
			const { error } = outcome;
			if (signal?.aborted) throw aborted(id, error);
			if (!isTransientError(error)) throw error;
			failures += 1;
			if (failures > MAX_CONSECUTIVE_TRANSIENT_FAILURES) throw error;
			if (remainingMs() <= 0) throw timedOut();
			delayMs = nextPollDelayMs({
				intervalMs: transientBackoffMs(failures, intervalMs, random),
				retryAfterMs: retryAfterOf(error),
				remainingMs: remainingMs(),
			});
			continue;
		}
		const response: PollResponse = outcome.answer;

		failures = 0;
		const generation = parseGeneration(kind, id, response);
		lastStatus = generation.status;
		onProgress?.({
			id,
			status: generation.status,
			phase: generation.phase ?? null,
			progress: generation.progress ?? null,
			etaSeconds: generation.eta_seconds ?? null,
			elapsedMs: clock() - startedAt,
			polls,
		});
		if (isFinished(generation)) return finish(generation);
		if (remainingMs() <= 0) throw timedOut();
		delayMs = nextPollDelayMs({
			intervalMs,
			etaSeconds: generation.eta_seconds,
			retryAfterMs: parseRetryAfterMs(response.headers['retry-after'], clock()),
			remainingMs: remainingMs(),
		});
	}

	async function pause(ms: number): Promise<void> {
		if (signal?.aborted) throw aborted(id, signal.reason);
		const interrupted = await sleep(ms, signal).then(
			() => undefined,
			(error: unknown) => ({ error }),
		);
		if (interrupted === undefined) return;
		if (signal?.aborted) throw aborted(id, interrupted.error);
		throw interrupted.error;
	}
}

function isFinished(generation: Generation): boolean {
	return generation.status === 'completed' || generation.status === 'failed';
}

function finish(generation: Generation): Generation {
	if (generation.status === 'failed') {
		throw new GenerationFailedError(generation.id, generation.error_message);
	}
	return generation;
}

function parseGeneration(kind: GenerationKind, id: string, response: PollResponse): Generation {
	const parsed = generationSchemas[kind].safeParse(response.data);
	if (parsed.success) return parsed.data;
	throw new ApiError(
		'api_error',
		`CreativeAI answered an unreadable ${kind} generation for ${id}. Fetch it later by id; if this persists, contact support.`,
		{ status: response.status, requestId: response.requestId },
	);
}

/** The Retry-After a RateLimitError carries, read by shape (the core may be loaded twice). */
function retryAfterOf(error: unknown): number | undefined {
	const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
	return typeof value === 'number' ? value : undefined;
}

function aborted(id: string, cause: unknown): AbortedError {
	return new AbortedError(
		`Stopped waiting for generation ${id}: the wait was cancelled. The job itself keeps running; fetch it later by id.`,
		{ cause },
	);
}

function checkArguments(
	client: GenerationPoller,
	idOrGeneration: string | Generation,
	options: WaitOptions,
): void {
	if (
		typeof client?.send !== 'function' ||
		typeof client.ports?.sleep !== 'function' ||
		typeof client.ports.clock !== 'function' ||
		typeof client.ports.random !== 'function'
	) {
		throw new TypeError('client must have send() and ports { sleep, clock, random }');
	}
	const id = typeof idOrGeneration === 'string' ? idOrGeneration : idOrGeneration?.id;
	if (typeof id !== 'string' || id === '') {
		throw new TypeError('waitForCompletion needs a generation id or the generation object');
	}
	if (typeof options !== 'object' || options === null) {
		throw new TypeError('options must be an object');
	}
	const { intervalMs, timeoutMs, onProgress } = options;
	if (intervalMs !== undefined && !isPositiveNumber(intervalMs)) {
		throw new TypeError('intervalMs must be a positive number of milliseconds');
	}
	if (timeoutMs !== undefined && !isPositiveNumber(timeoutMs)) {
		throw new TypeError('timeoutMs must be a positive number of milliseconds');
	}
	if (onProgress !== undefined && typeof onProgress !== 'function') {
		throw new TypeError('onProgress must be a function');
	}
}

function isPositiveNumber(value: unknown): boolean {
	return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
