// Fault decisions, deterministic under a seed: each kind of decision draws from its own seeded
// PRNG stream, so a run with the same seed and the same requests repeats exactly, and turning one
// fault up never shifts the dice of another.
// Rule: faults only choose what happens; they never touch credits or idempotency records, so the
// invariants hold whatever they decide.
import type { Random } from '../../core/ports';
import type { ResolvedFaults } from './options';

/** mulberry32: a tiny 32-bit PRNG with a full period, good enough for simulation dice. */
export function mulberry32(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a, to turn a stream name into a 32-bit seed. */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export const FAULT_STREAMS = [
	'api',
	'lostResponse',
	'providerSubmit',
	'midRender',
	'providerPoll',
	'stall',
	'variation',
	'webhookDrop',
	'webhookDuplicate',
] as const;
export type FaultStream = (typeof FAULT_STREAMS)[number];

export function createStreams(seed: number): Record<FaultStream, Random> {
	const streams = {} as Record<FaultStream, Random>;
	for (const name of FAULT_STREAMS) streams[name] = mulberry32(hash32(`${seed}:${name}`));
	return streams;
}

const PROVIDER_ERROR_STATUSES = [429, 500, 502, 503] as const;
export type ProviderErrorStatus = (typeof PROVIDER_ERROR_STATUSES)[number];

/** A capacity error strikes somewhere in the middle of a render, at any phase. */
const CAPACITY_AT_MIN_FRACTION = 0.1;
const CAPACITY_AT_MAX_FRACTION = 0.9;
/** Renders vary by up to ±10 % around the model's base time. */
const RENDER_VARIATION = 0.1;

function pick<T>(items: readonly T[], random: Random): T {
	return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

function rateFor(rate: number | Record<string, number>, model: string): number {
	return typeof rate === 'number' ? rate : (rate[model] ?? 0);
}

/** Every fault decision the sandbox makes, one method per decision. */
export class FaultInjector {
	private readonly streams: Record<FaultStream, Random>;

	constructor(
		seed: number,
		private readonly faults: ResolvedFaults,
	) {
		this.streams = createStreams(seed);
	}

	/** An injected status for an API request, or null to serve it. Always draws twice. */
	apiError(): number | null {
		const hit = this.streams.api() < this.faults.apiErrorRate;
		const status = pick(this.faults.apiErrorStatuses, this.streams.api);
		return hit ? status : null;
	}

	/** Whether a create that succeeded loses its answer (the client sees a 502). */
	lostResponse(): boolean {
		return this.streams.lostResponse() < this.faults.apiLostResponseRate;
	}

	/** The status a provider refuses a submission with, or null when it accepts. */
	providerSubmitError(model: string): ProviderErrorStatus | null {
		const hit = this.streams.providerSubmit() < rateFor(this.faults.providerSubmitErrorRate, model);
		const status = pick(PROVIDER_ERROR_STATUSES, this.streams.providerSubmit);
		return hit ? status : null;
	}

	/** Where in a render (0..1) a capacity error strikes, or null when the render runs through. */
	midRenderCapacity(model: string): number | null {
		const hit = this.streams.midRender() < rateFor(this.faults.midRenderCapacityRate, model);
		const at =
			CAPACITY_AT_MIN_FRACTION +
			this.streams.midRender() * (CAPACITY_AT_MAX_FRACTION - CAPACITY_AT_MIN_FRACTION);
		return hit ? at : null;
	}

	/** Whether the service's `pollIndex`-th poll of a render (from 0) fails transiently. */
	providerPollError(pollIndex: number): boolean {
		const hit = this.streams.providerPoll() < this.faults.providerPollErrorRate;
		return pollIndex < this.faults.providerPollErrorBurst || hit;
	}

	/** Whether the provider never finishes this render. */
	providerStall(): boolean {
		return this.streams.stall() < this.faults.providerStallRate;
	}

	/** A factor around 1 for a render's length, so jobs do not all finish in lockstep. */
	renderVariation(): number {
		return 1 - RENDER_VARIATION + this.streams.variation() * 2 * RENDER_VARIATION;
	}

	webhookDrop(): boolean {
		return this.streams.webhookDrop() < this.faults.webhookDropRate;
	}

	webhookDuplicate(): boolean {
		return this.streams.webhookDuplicate() < this.faults.webhookDuplicateRate;
	}
}
