// Timing shared by the same-run ratio benchmarks. Both sides run in one process, in many short
// alternating rounds after a warm-up, timed in process CPU time rather than wall time, so other
// work on a shared machine lands on neither side (GC threads still count, so allocation is
// charged to the side that makes it). The ratio is the median of the per-pair ratios: each pair
// ran back to back, under the same machine load.

/** One side of a comparison: runs `iterations` operations, returns operations per CPU-second. */
export type TimedRound = (iterations: number) => number | Promise<number>;

export interface AlternatingOptions {
	warmupIterations: number;
	roundIterations: number;
	rounds: number;
}

export interface AlternatingResult {
	/** Median operations per CPU-second over the rounds. */
	baselineOpsPerSec: number;
	subjectOpsPerSec: number;
	/** Median of the per-round subject / baseline ratios. */
	ratio: number;
}

/** Operations per CPU-second over `iterations` calls; throws if any call returns false. */
export function timeSync(operation: () => boolean, iterations: number): number {
	let passed = 0;
	const start = process.cpuUsage();
	for (let i = 0; i < iterations; i++) if (operation()) passed++;
	const used = process.cpuUsage(start);
	if (passed !== iterations) throw new Error(`only ${passed}/${iterations} operations succeeded`);
	return perCpuSecond(iterations, used);
}

/** `timeSync` for operations that return a promise; each call is awaited before the next. */
export async function timeAsync(
	operation: () => Promise<boolean>,
	iterations: number,
): Promise<number> {
	let passed = 0;
	const start = process.cpuUsage();
	for (let i = 0; i < iterations; i++) if (await operation()) passed++;
	const used = process.cpuUsage(start);
	if (passed !== iterations) throw new Error(`only ${passed}/${iterations} operations succeeded`);
	return perCpuSecond(iterations, used);
}

/** Warms both sides up, then times them in alternating rounds (see the file comment). */
export async function compareAlternating(
	baseline: TimedRound,
	subject: TimedRound,
	{ warmupIterations, roundIterations, rounds }: AlternatingOptions,
): Promise<AlternatingResult> {
	await baseline(warmupIterations);
	await subject(warmupIterations);
	const baselineOps: number[] = [];
	const subjectOps: number[] = [];
	const pairRatios: number[] = [];
	for (let round = 0; round < rounds; round++) {
		// Alternate which side goes first so drift (thermal, GC) falls on both evenly.
		let baselineRound: number;
		let subjectRound: number;
		if (round % 2 === 0) {
			baselineRound = await baseline(roundIterations);
			subjectRound = await subject(roundIterations);
		} else {
			subjectRound = await subject(roundIterations);
			baselineRound = await baseline(roundIterations);
		}
		baselineOps.push(baselineRound);
		subjectOps.push(subjectRound);
		pairRatios.push(subjectRound / baselineRound);
	}
	return {
		baselineOpsPerSec: median(baselineOps),
		subjectOpsPerSec: median(subjectOps),
		ratio: median(pairRatios),
	};
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounds to `digits` decimals, for figures reported as plain numbers. */
export function round(value: number, digits = 0): number {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
}

function perCpuSecond(iterations: number, used: NodeJS.CpuUsage): number {
	return (iterations / (used.user + used.system)) * 1_000_000;
}
