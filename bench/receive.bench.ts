// Cost of the whole receive pipeline over the bare HMAC check it starts with. Baseline: one
// createHmac(...).digest() and one timingSafeEqual against an already-decoded signature, the
// least any receiver must do. Subject: receiveWebhook (creativeai scheme, memory store, no
// handler) on the same bodies: a realistic 1 KiB contract payload as a Buffer, as n8n hands over
// `req.rawBody`, each with its own generation id, so every call is a fresh accept: it verifies,
// decodes, parses, validates with zod, checks the delivery-id header, claims and completes. The
// store holds fewer keys than there are bodies, so it runs full and every write also evicts, as
// in a long-running receiver. Timing: bench/measure.ts. The details break the cost down by
// stage (see costLadder).
// Run: `npx tsx bench/receive.bench.ts`, or compiled through `npm run bench`.
// Target (from the issue): >= 0.8x. It is out of reach for any receiver that parses the body: the
// ladder's second step, verification plus JSON.parse with no validation and no store, already
// lands near 0.6x on the machines measured so far, because parsing 1 KiB of JSON costs about half
// an HMAC of it. The row reports the ratio reached and reads MISS rather than bend the target.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { webhookPayloadSchema } from '../src/core/contract';
import { MemoryDedupStore, type DedupStore } from '../src/core/dedup';
import { receiveWebhook, signWebhook, verifyWebhook } from '../src/core/webhooks';
import { compareAlternating, median, round, timeAsync, timeSync } from './measure';
import type { BenchResult } from './types';

const TARGET_RATIO = 0.8;
const PAYLOAD_BYTES = 1024;
/** Distinct bodies; the store keeps half as many keys, so a body's key is gone when it recurs. */
const POOL = 4096;
const STORE_MAX_ENTRIES = POOL / 2;
const OPTIONS = { warmupIterations: 50_000, roundIterations: 2_000, rounds: 101 };
const LADDER_OPTIONS = { warmupIterations: 20_000, roundIterations: 2_000, rounds: 31 };
const T0 = 1_800_000_000_000;
const SECRET = 'rph_live_bench_0123456789abcdef';

interface Delivery {
	body: Buffer;
	headers: Record<string, string>;
	/** The HMAC the signature header carries, decoded. */
	digest: Buffer;
}

const PROMPT_WORDS =
	'A slow dolly shot across a rain-soaked neon street at night, reflections in puddles, a lone ' +
	'cyclist passing under flickering signs, steam rising from a food stall, cinematic lighting, ' +
	'shallow depth of field, 35mm film grain, muted teal and amber palette. ';

/** A completed video delivery of exactly PAYLOAD_BYTES, its prompt padded to fit. */
function payloadText(index: number): string {
	const id = `vgen_${index.toString(16).padStart(16, '0')}`;
	const payload = {
		id,
		object: 'video.generation',
		status: 'completed',
		model: 'auto',
		model_actual: 'kling-v3',
		prompt: '',
		output_url: `https://cdn.creativeai.example/outputs/${id}.mp4`,
		expires_at: '2026-03-08T12:00:00.000Z',
		error_message: null,
		credits: 10,
		failover_used: false,
		completed_at: '2026-03-01T12:00:00.000Z',
	};
	const room = PAYLOAD_BYTES - JSON.stringify(payload).length;
	payload.prompt = PROMPT_WORDS.repeat(Math.ceil(room / PROMPT_WORDS.length)).slice(0, room);
	return JSON.stringify(payload);
}

/** Header values as Node's HTTP parser leaves them: flat strings decoded from the wire. */
function flat(value: string): string {
	return Buffer.from(value, 'latin1').toString('latin1');
}

function makeDeliveries(): Delivery[] {
	return Array.from({ length: POOL }, (_, index) => {
		const text = payloadText(index);
		const body = Buffer.from(text);
		if (body.length !== PAYLOAD_BYTES) throw new Error(`payload is ${body.length} bytes`);
		const signed = signWebhook({ scheme: 'creativeai', secret: SECRET, body });
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': 'CreativeAI-Webhooks/1.0',
			'x-creativeai-event': 'video.generation.completed',
			'x-creativeai-delivery-id': flat(JSON.parse(text).id),
		};
		for (const [name, value] of Object.entries(signed)) headers[name] = flat(value);
		return { body, headers, digest: createHmac('sha256', SECRET).update(body).digest() };
	});
}

/** Cycles through the pool; each side keeps its own position. */
function cycler(deliveries: Delivery[]): () => Delivery {
	let next = 0;
	return () => deliveries[next++ % deliveries.length];
}

/** A store that runs full: a fake clock moving 1 ms a delivery, keys evicted oldest first. */
function fullStore(): MemoryDedupStore {
	let now = T0;
	return new MemoryDedupStore({ clock: () => now++, maxEntries: STORE_MAX_ENTRIES });
}

export async function run(): Promise<BenchResult> {
	const deliveries = makeDeliveries();

	const baselineNext = cycler(deliveries);
	const baseline = (): boolean => {
		const { body, digest } = baselineNext();
		return timingSafeEqual(createHmac('sha256', SECRET).update(body).digest(), digest);
	};
	const store = fullStore();
	const subjectNext = cycler(deliveries);
	const subject = async (): Promise<boolean> => {
		const { body, headers } = subjectNext();
		const result = await receiveWebhook({ rawBody: body, headers, secrets: SECRET, store });
		return result.outcome === 'accepted';
	};

	const result = await compareAlternating(
		(n) => timeSync(baseline, n),
		(n) => timeAsync(subject, n),
		OPTIONS,
	);
	const ladder = await costLadder(deliveries, baseline, subject);
	return {
		name: 'receiveWebhook creativeai 1 KiB, fresh accepts vs createHmac + timingSafeEqual',
		unit: 'deliveries per CPU-second',
		baseline: round(result.baselineOpsPerSec),
		subject: round(result.subjectOpsPerSec),
		ratio: round(result.ratio, 3),
		target: `>= ${TARGET_RATIO}x bare createHmac + timingSafeEqual`,
		pass: result.ratio >= TARGET_RATIO,
		details: { ...ladder, rounds: OPTIONS.rounds, payloadBytes: PAYLOAD_BYTES },
	};
}

/**
 * Where the time goes, as a ladder: each step adds one stage to the one before and is compared
 * with the same HMAC baseline in alternating rounds, like the headline figure. The ratio after
 * each step, and the nanoseconds each stage adds (ratios turned into time by the median HMAC
 * cost of all steps, so run-to-run drift of the baseline does not leak into the differences).
 */
async function costLadder(
	deliveries: Delivery[],
	baseline: () => boolean,
	pipeline: () => Promise<boolean>,
): Promise<Record<string, unknown>> {
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	const next = cycler(deliveries);
	const verify = (d: Delivery): boolean =>
		verifyWebhook({ scheme: 'creativeai', body: d.body, headers: d.headers, secrets: SECRET }).ok;
	const parse = (d: Delivery): unknown => JSON.parse(utf8.decode(d.body));
	const noopStore: DedupStore = {
		claim: () => Promise.resolve('claimed'),
		complete: () => Promise.resolve(),
		release: () => Promise.resolve(),
	};
	const verified = (): boolean => verify(next());
	const parsed = (): boolean => {
		const d = next();
		return verify(d) && parse(d) !== null;
	};
	const validated = (): boolean => {
		const d = next();
		return verify(d) && webhookPayloadSchema.safeParse(parse(d)).success;
	};
	const withoutStore = async (): Promise<boolean> => {
		const { body, headers } = next();
		const input = { rawBody: body, headers, secrets: SECRET, store: noopStore };
		return (await receiveWebhook(input)).outcome === 'accepted';
	};
	const steps: [name: string, timeStep: (n: number) => number | Promise<number>][] = [
		['verifyWebhook', (n) => timeSync(verified, n)],
		['+ utf8 decode and JSON.parse', (n) => timeSync(parsed, n)],
		['+ zod validation', (n) => timeSync(validated, n)],
		[
			'+ header check, key, results, async (receiveWebhook, no-op store)',
			(n) => timeAsync(withoutStore, n),
		],
		['+ memory store claim and complete (receiveWebhook)', (n) => timeAsync(pipeline, n)],
	];
	const ratios: Record<string, number> = {};
	const baselineNs: number[] = [];
	for (const [name, timeStep] of steps) {
		const result = await compareAlternating((n) => timeSync(baseline, n), timeStep, LADDER_OPTIONS);
		ratios[name] = result.ratio;
		baselineNs.push(1e9 / result.baselineOpsPerSec);
	}
	const hmacNs = median(baselineNs);
	const addedNs: Record<string, number> = { 'createHmac + timingSafeEqual': round(hmacNs) };
	let previousNs = hmacNs;
	for (const [name] of steps) {
		const stepNs = hmacNs / ratios[name];
		addedNs[name] = round(stepNs - previousNs);
		previousNs = stepNs;
	}
	return {
		ratioAfterStep: Object.fromEntries(
			Object.entries(ratios).map(([name, ratio]) => [name, round(ratio, 3)]),
		),
		nsAddedByStep: addedNs,
	};
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
