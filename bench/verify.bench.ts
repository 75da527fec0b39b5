// Cost of verifyWebhook over the bare primitive it wraps. Baseline: one createHmac(...).digest()
// and one timingSafeEqual against the already-decoded signature, the least any verifier must
// do. Subject: verifyWebhook (creativeai scheme, 1 KiB Buffer body), which also finds the header,
// checks the prefix, decodes the hex and validates its arguments. Both run in the same process,
// in many short alternating rounds after a warm-up. Rounds are timed in process CPU time, not wall
// time, so other work on a shared machine lands on neither side (GC threads still count, so
// allocation is charged to the side that makes it). The ratio is the median of the per-pair ratios:
// each pair ran back to back, under the same machine load.
// Run: `npx tsx bench/verify.bench.ts` (prints JSON). Target: ratio >= 0.9.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { signWebhook, verifyWebhook } from '../src/core/webhooks';

export interface BenchSide {
	opsPerSec: number;
}

export interface BenchResult {
	name: string;
	unit: string;
	baseline: BenchSide;
	subject: BenchSide;
	/** subject / baseline: 1 means verifyWebhook costs nothing beyond the HMAC and compare. */
	ratio: number;
	target: string;
	pass: boolean;
}

const BODY_BYTES = 1024;
const WARMUP_ITERATIONS = 50_000;
const ROUND_ITERATIONS = 2_000;
const ROUNDS = 101;
const TARGET_RATIO = 0.9;

export async function run(): Promise<BenchResult> {
	const secret = 'rph_live_bench_0123456789abcdef';
	const body = Buffer.from(new Uint8Array(BODY_BYTES).map((_, i) => (i * 31 + 7) & 0xff));
	// Header values as a receiver holds them: Node's HTTP parser decodes each from the wire into a
	// flat string (signWebhook returns a concatenation, which V8 reads slower char by char).
	const headers = Object.fromEntries(
		Object.entries(signWebhook({ scheme: 'creativeai', secret, body })).map(([name, value]) => [
			name,
			Buffer.from(value, 'latin1').toString('latin1'),
		]),
	);
	const expected = createHmac('sha256', secret).update(body).digest();

	const baseline = (): boolean =>
		timingSafeEqual(createHmac('sha256', secret).update(body).digest(), expected);
	const subject = (): boolean =>
		verifyWebhook({ scheme: 'creativeai', body, headers, secrets: secret }).ok;

	timeRound(baseline, WARMUP_ITERATIONS);
	timeRound(subject, WARMUP_ITERATIONS);
	const baselineOps: number[] = [];
	const subjectOps: number[] = [];
	const pairRatios: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		// Alternate which side goes first so drift (thermal, GC) falls on both evenly.
		let baselineRound: number;
		let subjectRound: number;
		if (round % 2 === 0) {
			baselineRound = timeRound(baseline, ROUND_ITERATIONS);
			subjectRound = timeRound(subject, ROUND_ITERATIONS);
		} else {
			subjectRound = timeRound(subject, ROUND_ITERATIONS);
			baselineRound = timeRound(baseline, ROUND_ITERATIONS);
		}
		baselineOps.push(baselineRound);
		subjectOps.push(subjectRound);
		pairRatios.push(subjectRound / baselineRound);
	}
	const ratio = median(pairRatios);
	return {
		name: 'verifyWebhook creativeai 1 KiB vs createHmac + timingSafeEqual',
		unit: 'verifications per CPU-second',
		baseline: { opsPerSec: Math.round(median(baselineOps)) },
		subject: { opsPerSec: Math.round(median(subjectOps)) },
		ratio: Number(ratio.toFixed(3)),
		target: `>= ${TARGET_RATIO}x bare createHmac + timingSafeEqual`,
		pass: ratio >= TARGET_RATIO,
	};
}

/** Operations per second over `iterations` calls; throws if any call fails to verify. */
function timeRound(operation: () => boolean, iterations: number): number {
	let accepted = 0;
	const start = process.cpuUsage();
	for (let i = 0; i < iterations; i++) if (operation()) accepted++;
	const used = process.cpuUsage(start);
	if (accepted !== iterations) throw new Error(`only ${accepted}/${iterations} verified`);
	return (iterations / (used.user + used.system)) * 1_000_000;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (require.main === module) {
	run().then(
		(result) => console.log(JSON.stringify(result, null, 2)),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
