// Bounded-concurrency submission: runs `submit` over many items (video or voice jobs, the CLI's
// manifest rows) and hands back one result per item, as an async iterable.
// Rules that must not break: one failure never stops the others; a result that has settled is
// always yielded, even after an abort; memory is bounded by `concurrency`, not by the item count.
//
// The memory rule: an item is pulled from the source only while fewer than `concurrency` items
// are running AND fewer than `concurrency` finished results are waiting to be read. In input
// order a slow head item makes later results wait, so once `concurrency` of them are waiting no
// new item is pulled until the head finishes; in completion order the same rule holds back a slow
// reader. At most 2 x `concurrency` items are held at any time. No timers: progress is driven by
// the settling of `submit`'s promises and by the reader asking for the next result.
import { AbortedError } from '../errors';

export const DEFAULT_BATCH_CONCURRENCY = 4;

export type BatchResult<T, R> =
	| { index: number; item: T; ok: true; value: R }
	| { index: number; item: T; ok: false; error: unknown };

export interface BatchProgress {
	/** Items handed to `submit` so far. */
	submitted: number;
	succeeded: number;
	/** Aborted in-flight items count here. */
	failed: number;
	inFlight: number;
}

export type BatchOrder = 'input' | 'completion';

export interface BatchOptions {
	/** Items running at once; a whole number of at least 1. Default 4. */
	concurrency?: number;
	/** `input` (default) yields results in the order of the items; `completion` as they finish. */
	order?: BatchOrder;
	/** Called after each submission and each settled item. */
	onProgress?: (progress: BatchProgress) => void;
	/**
	 * Stops pulling new items; items still running are reported at once as failed with an
	 * AbortedError (a value they produce later is dropped), and the iteration then ends
	 * normally. The signal is also passed to `submit` so it can cancel its own work.
	 */
	signal?: AbortSignal;
}

export type BatchSource<T> = Iterable<T> | AsyncIterable<T>;

export type Submit<T, R> = (item: T, index: number, signal: AbortSignal | undefined) => Promise<R>;

/**
 * Submits every item of `items` (an array, any iterable or an async iterable, read lazily) with
 * at most `concurrency` running at once, and yields `{ index, item, ok, value | error }` per item.
 * Nothing is pulled or submitted until iteration starts. Leaving the loop early (`break`) stops
 * pulling; items already running finish unobserved. An error thrown by the source itself ends
 * the iteration with that error, after the results of items already submitted.
 * TypeError (at call time) for bad arguments.
 */
export function submitBatch<T, R>(
	items: BatchSource<T>,
	submit: Submit<T, R>,
	options: BatchOptions = {},
): AsyncIterableIterator<BatchResult<T, R>> {
	const source = iteratorOf(items);
	if (typeof submit !== 'function') throw new TypeError('submit must be a function');
	const { concurrency = DEFAULT_BATCH_CONCURRENCY, order = 'input', onProgress, signal } = options;
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new TypeError('concurrency must be a whole number of at least 1');
	}
	if (order !== 'input' && order !== 'completion') {
		throw new TypeError('order must be "input" or "completion"');
	}
	if (onProgress !== undefined && typeof onProgress !== 'function') {
		throw new TypeError('onProgress must be a function');
	}
	return runBatch(source, submit, { concurrency, order, onProgress, signal });
}

/** submitBatch, collected into an array (in the chosen order). */
export async function submitBatchAll<T, R>(
	items: BatchSource<T>,
	submit: Submit<T, R>,
	options?: BatchOptions,
): Promise<BatchResult<T, R>[]> {
	const results: BatchResult<T, R>[] = [];
	for await (const result of submitBatch(items, submit, options)) results.push(result);
	return results;
}

interface RunOptions {
	concurrency: number;
	order: BatchOrder;
	onProgress?: (progress: BatchProgress) => void;
	signal?: AbortSignal;
}

async function* runBatch<T, R>(
	source: PullIterator<T>,
	submit: Submit<T, R>,
	{ concurrency, order, onProgress, signal }: RunOptions,
): AsyncGenerator<BatchResult<T, R>> {
	const running = new Map<number, T>();
	// Settled results not yet read: keyed by index for input order, a queue for completion order.
	const waitingByIndex = new Map<number, BatchResult<T, R>>();
	const waitingQueue: BatchResult<T, R>[] = [];
	const waitingCount = () => waitingByIndex.size + waitingQueue.length;
	let nextIndex = 0;
	let nextToYield = 0;
	let succeeded = 0;
	let failed = 0;
	let pulling = false;
	let sourceDone = false;
	let stopped = false;
	let sourceError: { error: unknown } | undefined;
	let wake: (() => void) | undefined;

	const notify = () => {
		const resume = wake;
		wake = undefined;
		resume?.();
	};
	const report = () =>
		onProgress?.({ submitted: nextIndex, succeeded, failed, inFlight: running.size });

	function pump(): void {
		if (stopped || sourceDone || pulling) return;
		if (running.size >= concurrency || waitingCount() >= concurrency) return;
		pulling = true;
		source.next().then(
			(next) => {
				pulling = false;
				if (stopped) return;
				if (next.done) sourceDone = true;
				else start(next.value);
				pump();
				notify();
			},
			(error: unknown) => {
				pulling = false;
				sourceError = { error };
				stopped = true;
				notify();
			},
		);
	}

	function start(item: T): void {
		const index = nextIndex++;
		running.set(index, item);
		report();
		let work: Promise<R>;
		try {
			work = Promise.resolve(submit(item, index, signal));
		} catch (error) {
			work = Promise.reject(error);
		}
		work.then(
			(value) => settle({ index, item, ok: true, value }),
			(error: unknown) => settle({ index, item, ok: false, error }),
		);
	}

	function settle(result: BatchResult<T, R>): void {
		// Already reported as aborted: a late answer must not be yielded twice.
		if (!running.delete(result.index)) return;
		if (result.ok) succeeded++;
		else failed++;
		if (order === 'input') waitingByIndex.set(result.index, result);
		else waitingQueue.push(result);
		report();
		pump();
		notify();
	}

	function takeWaiting(): BatchResult<T, R> | undefined {
		if (order === 'completion') return waitingQueue.shift();
		const result = waitingByIndex.get(nextToYield);
		if (result === undefined) return undefined;
		waitingByIndex.delete(nextToYield);
		nextToYield++;
		return result;
	}

	const onAbort = () => {
		stopped = true;
		const error = new AbortedError('The batch was cancelled before this item finished.', {
			cause: signal?.reason,
		});
		for (const [index, item] of [...running].sort(([a], [b]) => a - b)) {
			settle({ index, item, ok: false, error });
		}
		notify();
	};

	if (signal?.aborted) stopped = true;
	else signal?.addEventListener('abort', onAbort, { once: true });
	try {
		pump();
		for (;;) {
			const result = takeWaiting();
			if (result !== undefined) {
				yield result;
				pump();
				continue;
			}
			const exhausted = sourceDone && !pulling;
			if (running.size === 0 && (stopped || exhausted)) break;
			await new Promise<void>((resolve) => (wake = resolve));
		}
		if (sourceError !== undefined) throw sourceError.error;
	} finally {
		stopped = true;
		signal?.removeEventListener('abort', onAbort);
		if (!sourceDone && sourceError === undefined) source.close();
	}
}

interface PullIterator<T> {
	next(): Promise<IteratorResult<T>>;
	/** Lets a generator source run its `finally` when the batch stops early. */
	close(): void;
}

function iteratorOf<T>(items: BatchSource<T>): PullIterator<T> {
	if (items !== null && typeof items === 'object') {
		if (Symbol.asyncIterator in items) {
			const iterator = items[Symbol.asyncIterator]();
			return {
				next: () => iterator.next(),
				close: () => void iterator.return?.()?.catch(() => undefined),
			};
		}
		if (Symbol.iterator in items) {
			const iterator = items[Symbol.iterator]();
			return {
				// A sync iterator that throws becomes a rejected pull, like an async one.
				next: async () => iterator.next(),
				close: () => {
					try {
						iterator.return?.();
					} catch {
						// The source failed while closing; nothing is left to report it to.
					}
				},
			};
		}
	}
	throw new TypeError('items must be an array, an iterable or an async iterable');
}
