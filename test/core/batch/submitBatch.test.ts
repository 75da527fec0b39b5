import { AbortedError } from '../../../src/core/errors';
import {
	submitBatch,
	submitBatchAll,
	type BatchProgress,
	type BatchResult,
} from '../../../src/core/batch';

/** Lets every pending promise callback and pull run. */
const flush = async (rounds = 5) => {
	for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

interface Gate<R> {
	promise: Promise<R>;
	resolve: (value: R) => void;
	reject: (error: unknown) => void;
}

/** A submit whose items finish only when the test says so. */
function gatedSubmit<R = string>() {
	const gates = new Map<number, Gate<R>>();
	const signals: (AbortSignal | undefined)[] = [];
	const gate = (index: number): Gate<R> => {
		let entry = gates.get(index);
		if (!entry) {
			let resolve!: (value: R) => void;
			let reject!: (error: unknown) => void;
			const promise = new Promise<R>((res, rej) => ((resolve = res), (reject = rej)));
			entry = { promise, resolve, reject };
			gates.set(index, entry);
		}
		return entry;
	};
	const submit = (_item: unknown, index: number, signal: AbortSignal | undefined) => {
		signals[index] = signal;
		return gate(index).promise;
	};
	return { submit, gate, started: () => gates.size, signals };
}

/**
 * A source far longer than any test reads, counting how many items were pulled and whether it
 * was closed. Finite only so that a broken memory bound fails an assertion instead of spinning.
 */
function countingSource(length = 10_000) {
	const state = { pulled: 0, closed: false };
	async function* generate() {
		try {
			while (state.pulled < length) yield state.pulled++;
		} finally {
			state.closed = true;
		}
	}
	return { source: generate(), state };
}

const indexesOf = (results: BatchResult<unknown, unknown>[]) => results.map((r) => r.index);

describe('submitBatch', () => {
	it('never runs more than `concurrency` items at once, and uses all of them', async () => {
		let running = 0;
		let peak = 0;
		const results = await submitBatchAll(
			Array.from({ length: 30 }, (_, i) => i),
			async (item) => {
				running++;
				peak = Math.max(peak, running);
				for (let tick = 0; tick < item % 4; tick++) await new Promise(setImmediate);
				running--;
				return item * 10;
			},
			{ concurrency: 3 },
		);

		expect(peak).toBe(3);
		expect(results.map((r) => (r.ok ? r.value : null))).toEqual(
			Array.from({ length: 30 }, (_, i) => i * 10),
		);
	});

	it('keeps going after a failure and reports each failure with its item', async () => {
		const boom = new Error('rejected by the API');
		const results = await submitBatchAll(['a', 'b', 'c', 'd', 'e'], async (item) => {
			if (item === 'b' || item === 'd') throw boom;
			return item.toUpperCase();
		});

		expect(results).toEqual([
			{ index: 0, item: 'a', ok: true, value: 'A' },
			{ index: 1, item: 'b', ok: false, error: boom },
			{ index: 2, item: 'c', ok: true, value: 'C' },
			{ index: 3, item: 'd', ok: false, error: boom },
			{ index: 4, item: 'e', ok: true, value: 'E' },
		]);
	});

	it('reports a submit that throws synchronously as that item failing', async () => {
		const results = await submitBatchAll([1, 2], (item) => {
			if (item === 1) throw new TypeError('bad row');
			return Promise.resolve(item);
		});

		expect(results.map((r) => r.ok)).toEqual([false, true]);
	});

	it('yields results in input order by default, however they finish', async () => {
		const { submit, gate } = gatedSubmit();
		const collecting = submitBatchAll(['x', 'y', 'z'], submit, { concurrency: 3 });
		await flush();
		gate(2).resolve('Z');
		await flush();
		gate(0).resolve('X');
		await flush();
		gate(1).resolve('Y');

		expect(indexesOf(await collecting)).toEqual([0, 1, 2]);
	});

	it('yields results as they finish with order: completion', async () => {
		const { submit, gate } = gatedSubmit();
		const collecting = submitBatchAll(['x', 'y', 'z'], submit, {
			concurrency: 3,
			order: 'completion',
		});
		await flush();
		gate(2).resolve('Z');
		await flush();
		gate(0).resolve('X');
		await flush();
		gate(1).resolve('Y');

		expect(indexesOf(await collecting)).toEqual([2, 0, 1]);
	});

	it('accepts a sync generator and passes each item its index', async () => {
		function* rows() {
			yield 'first';
			yield 'second';
		}
		const results = await submitBatchAll(rows(), async (item, index) => `${index}:${item}`);

		expect(results.map((r) => (r.ok ? r.value : r.error))).toEqual(['0:first', '1:second']);
	});

	describe('memory bound', () => {
		it('pulls nothing from the source until iteration starts', async () => {
			const { source, state } = countingSource();
			submitBatch(source, async (n) => n);
			await flush();

			expect(state.pulled).toBe(0);
		});

		it('pulls an endless source lazily and closes it when the reader stops', async () => {
			const { source, state } = countingSource();
			const concurrency = 2;
			const seen: number[] = [];
			for await (const result of submitBatch(source, async (n) => n, { concurrency })) {
				seen.push(result.index);
				if (seen.length === 5) break;
			}
			await flush();

			expect(seen).toEqual([0, 1, 2, 3, 4]);
			expect(state.pulled).toBeLessThanOrEqual(5 + 2 * concurrency);
			expect(state.closed).toBe(true);
		});

		it('stops pulling behind a slow head item once `concurrency` results are waiting (input order)', async () => {
			const { source, state } = countingSource();
			const { submit, gate } = gatedSubmit<number>();
			const concurrency = 3;
			const iterator = submitBatch(source, submit, { concurrency });
			const first = iterator.next();
			await flush();
			// Everything after the head finishes at once; the head stays slow.
			for (let i = 1; i < 50; i++) gate(i).resolve(i);
			await flush(20);

			expect(state.pulled).toBeGreaterThanOrEqual(concurrency + 1);
			expect(state.pulled).toBeLessThanOrEqual(2 * concurrency);

			const pulledWhileBlocked = state.pulled;
			gate(0).resolve(0);
			expect((await first).value).toMatchObject({ index: 0, ok: true });
			for (let index = 1; index < pulledWhileBlocked; index++) {
				expect((await iterator.next()).value).toMatchObject({ index, ok: true });
			}
			await flush(20);
			expect(state.pulled).toBeGreaterThan(pulledWhileBlocked);
			await iterator.return?.();
		});

		it('holds back a slow reader in completion order too', async () => {
			const { source, state } = countingSource();
			const concurrency = 2;
			const iterator = submitBatch(source, async (n) => n, { concurrency, order: 'completion' });
			await iterator.next();
			await flush(20);

			expect(state.pulled).toBeLessThanOrEqual(1 + 2 * concurrency);
			await iterator.return?.();
		});
	});

	describe('progress', () => {
		it('reports submitted, succeeded, failed and in-flight counts, ending with the totals', async () => {
			const reports: BatchProgress[] = [];
			await submitBatchAll(
				[1, 2, 3, 4, 5, 6, 7],
				async (n) => {
					if (n % 3 === 0) throw new Error('no');
					return n;
				},
				{ concurrency: 2, onProgress: (p) => reports.push(p) },
			);

			expect(reports.at(-1)).toEqual({ submitted: 7, succeeded: 5, failed: 2, inFlight: 0 });
			for (const report of reports) {
				expect(report.inFlight).toBeLessThanOrEqual(2);
				expect(report.succeeded + report.failed + report.inFlight).toBe(report.submitted);
			}
		});
	});

	describe('abort', () => {
		it('passes the signal to submit', async () => {
			const controller = new AbortController();
			const { submit, gate, signals } = gatedSubmit();
			const collecting = submitBatchAll(['a'], submit, { signal: controller.signal });
			await flush();
			gate(0).resolve('A');
			await collecting;

			expect(signals[0]).toBe(controller.signal);
		});

		it('stops pulling, reports running items as aborted and still yields settled results', async () => {
			const controller = new AbortController();
			const { source, state } = countingSource();
			const { submit, gate } = gatedSubmit();
			const collecting = submitBatchAll(source, submit, {
				concurrency: 3,
				signal: controller.signal,
			});
			await flush();
			// Item 1 finished but waits behind the slow head (input order) when the abort comes.
			gate(1).resolve('done');
			await flush();
			const pulledBeforeAbort = state.pulled;
			controller.abort();
			const results = await collecting;
			gate(0).resolve('too late');
			await flush();

			expect(results.map((r) => [r.index, r.ok])).toEqual([
				[0, false],
				[1, true],
				[2, false],
				[3, false],
			]);
			expect(results[0].ok === false && results[0].error).toBeInstanceOf(AbortedError);
			expect(results[1]).toMatchObject({ ok: true, value: 'done' });
			expect(state.pulled).toBe(pulledBeforeAbort);
			expect(state.closed).toBe(true);
		});

		it('submits nothing when the signal has already fired', async () => {
			const { source, state } = countingSource();
			const results = await submitBatchAll(source, async (n) => n, { signal: AbortSignal.abort() });

			expect(results).toEqual([]);
			expect(state.pulled).toBe(0);
		});
	});

	it('ends with the source error after yielding the results of items already submitted', async () => {
		const broken = new Error('manifest row 3 is not valid CSV');
		async function* rows() {
			yield 'a';
			yield 'b';
			throw broken;
		}
		const seen: number[] = [];
		const iterating = (async () => {
			for await (const result of submitBatch(rows(), async (row) => row)) seen.push(result.index);
		})();

		await expect(iterating).rejects.toBe(broken);
		expect(seen).toEqual([0, 1]);
	});

	it.each([
		['a non-iterable source', () => submitBatch(42 as never, async () => 1)],
		['a missing submit', () => submitBatch([1], undefined as never)],
		['a concurrency of 0', () => submitBatch([1], async () => 1, { concurrency: 0 })],
		['a fractional concurrency', () => submitBatch([1], async () => 1, { concurrency: 1.5 })],
		['an unknown order', () => submitBatch([1], async () => 1, { order: 'random' as never })],
	])('refuses %s with a TypeError at call time', (_name, call) => {
		expect(call).toThrow(TypeError);
	});
});
