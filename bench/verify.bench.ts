// Cost of verifyWebhook over the bare primitive it wraps. Baseline: one createHmac(...).digest()
// and one timingSafeEqual against the already-decoded signature, the least any verifier must
// do. Subject: verifyWebhook (creativeai scheme, 1 KiB Buffer body), which also finds the header,
// checks the prefix, decodes the hex and validates its arguments. Timing: bench/measure.ts
// (alternating rounds, CPU time, median of per-pair ratios).
// Run: `npx tsx bench/verify.bench.ts` (prints JSON). Target: ratio >= 0.9.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { signWebhook, verifyWebhook } from '../src/core/webhooks';
import { compareAlternating, round, timeSync } from './measure';
import type { BenchResult } from './types';

const BODY_BYTES = 1024;
const TARGET_RATIO = 0.9;
const OPTIONS = { warmupIterations: 50_000, roundIterations: 2_000, rounds: 101 };

export async function run(): Promise<BenchResult[]> {
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

	const result = await compareAlternating(
		(n) => timeSync(baseline, n),
		(n) => timeSync(subject, n),
		OPTIONS,
	);
	// A second, looser baseline: the verifier the seed documents (source 000), which reads the
	// header, hex-encodes the digest and compares Buffers, as most hand-written receivers do.
	const signatureHeader = headers['x-creativeai-signature'];
	const documented = (): boolean => {
		const computed = createHmac('sha256', secret).update(body).digest('hex');
		const received = signatureHeader.replace('sha256=', '');
		return (
			computed.length === received.length &&
			timingSafeEqual(Buffer.from(computed), Buffer.from(received))
		);
	};
	const vsDocumented = await compareAlternating(
		(n) => timeSync(documented, n),
		(n) => timeSync(subject, n),
		OPTIONS,
	);

	return [
		{
			name: 'verifyWebhook creativeai 1 KiB vs createHmac + timingSafeEqual',
			unit: 'verifications per CPU-second',
			baseline: round(result.baselineOpsPerSec),
			subject: round(result.subjectOpsPerSec),
			ratio: round(result.ratio, 3),
			target: `>= ${TARGET_RATIO}x bare createHmac + timingSafeEqual`,
			pass: result.ratio >= TARGET_RATIO,
			details: { rounds: OPTIONS.rounds, roundIterations: OPTIONS.roundIterations },
		},
		{
			name: "verifyWebhook creativeai 1 KiB vs the seed's documented verifier",
			unit: 'verifications per CPU-second',
			baseline: round(vsDocumented.baselineOpsPerSec),
			subject: round(vsDocumented.subjectOpsPerSec),
			ratio: round(vsDocumented.ratio, 3),
			target: 'informative (the strict row above is the target)',
			pass: true,
			details: { rounds: OPTIONS.rounds, roundIterations: OPTIONS.roundIterations },
		},
	];
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
