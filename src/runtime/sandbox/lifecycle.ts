// A job's whole life, decided once at submission and read at any moment: `planJob` rolls every
// fault die up front and lays out the events (provider submissions, failovers, polls, the end) on
// the job's own clock; `stateAt` says what a GET shows at a given elapsed time.
// Rules: both functions are pure, so how often or when a job is read never changes what happens
// to it; times are real milliseconds since creation (service seconds divided by the time scale).
import type { GenerationPhase, GenerationStatus } from '../../core/contract';

/** A job waits this long (service seconds) for a worker before it is submitted to a provider. */
export const PENDING_SECONDS = 2;
/** Seed 000: up to 5 consecutive transient poll failures are survived; the 6th is fatal. */
export const MAX_CONSECUTIVE_POLL_ERRORS = 5;
/** Seed 000: poll backoff is "capped at 4x the poll interval". */
export const MAX_POLL_BACKOFF_FACTOR = 4;
/** A guard against a plan that never ends (each step is a submission or a poll). */
const MAX_PLAN_STEPS = 100_000;

/** Phases of a render and the share of its time each takes (seed 000's labels). */
export const PHASE_SHARES: readonly (readonly [GenerationPhase, number])[] = [
	['queued', 0.08],
	['preparing', 0.12],
	['rendering', 0.55],
	['encoding', 0.15],
	['finishing', 0.1],
];

export type TerminalEvent =
	{ atMs: number; kind: 'completed' } | { atMs: number; kind: 'failed'; message: string };

export type PlanEvent =
	| { atMs: number; kind: 'submitted'; model: string }
	| { atMs: number; kind: 'submit_error'; model: string; httpStatus: number }
	| { atMs: number; kind: 'capacity_error'; model: string }
	| { atMs: number; kind: 'poll_error'; model: string; streak: number }
	| { atMs: number; kind: 'failover'; from: string; to: string; credits: number }
	| TerminalEvent;

/** One provider's render of the job: phases and progress are read from the current one. */
export interface RenderSegment {
	model: string;
	startMs: number;
	durationMs: number;
}

export interface JobPlan {
	/** In time order; the last one is `terminal`. */
	events: readonly PlanEvent[];
	renders: readonly RenderSegment[];
	pendingMs: number;
	pollMs: number;
	terminal: TerminalEvent;
}

/** The dice a plan rolls; FaultInjector provides them. */
export interface PlanDecisions {
	submitError(model: string): number | null;
	capacityAt(model: string): number | null;
	pollError(pollIndex: number): boolean;
	stall(): boolean;
	variation(): number;
}

export interface PlanInput {
	startModel: string;
	credits: number;
	failover: boolean;
	/** Service seconds `model` needs for this job. */
	renderSeconds(model: string): number;
	/** The backup after `current`, costing at most `maxCredits`, with its price. */
	nextProvider(
		current: string,
		tried: ReadonlySet<string>,
		maxCredits: number,
	): { model: string; credits: number } | undefined;
	pollIntervalSeconds: number;
	maxWaitSeconds: number;
	/** Real milliseconds per service second: 1000 / timeScale. */
	msPerServiceSecond: number;
	decisions: PlanDecisions;
}

function submitFailure(model: string, status: number, failover: boolean): string {
	return failover
		? `Every provider in the failover chain refused the job (last: ${model} answered HTTP ${status}). Credits were refunded.`
		: `Provider ${model} answered HTTP ${status} at submission and failover is off. Credits were refunded.`;
}

function capacityFailure(model: string, failover: boolean): string {
	return failover
		? `Provider ${model} ran out of capacity mid-render and no backup provider at the same or a lower price was free. Credits were refunded.`
		: `Provider ${model} ran out of capacity mid-render and failover is off. Credits were refunded.`;
}

/** Decides the job's whole course. Pure given `decisions`. */
export function planJob(input: PlanInput): JobPlan {
	const { decisions, msPerServiceSecond: scale } = input;
	const pendingMs = PENDING_SECONDS * scale;
	const pollMs = input.pollIntervalSeconds * scale;
	const maxWaitMs = input.maxWaitSeconds * scale;
	const events: PlanEvent[] = [];
	const renders: RenderSegment[] = [];
	const tried = new Set<string>([input.startModel]);
	let model = input.startModel;
	let credits = input.credits;
	let atMs = pendingMs;

	const finish = (terminal: TerminalEvent): JobPlan => {
		events.push(terminal);
		return { events, renders, pendingMs, pollMs, terminal };
	};
	/** Moves to the next provider at `whenMs`; false when there is none. */
	const failOver = (whenMs: number): boolean => {
		const next = input.failover ? input.nextProvider(model, tried, credits) : undefined;
		if (!next) return false;
		events.push({
			atMs: whenMs,
			kind: 'failover',
			from: model,
			to: next.model,
			credits: next.credits,
		});
		tried.add(next.model);
		model = next.model;
		credits = next.credits;
		return true;
	};

	let steps = 0;
	while (steps++ < MAX_PLAN_STEPS) {
		const refusal = decisions.submitError(model);
		if (refusal !== null) {
			events.push({ atMs, kind: 'submit_error', model, httpStatus: refusal });
			const failedModel = model;
			if (!failOver(atMs)) {
				return finish({
					atMs,
					kind: 'failed',
					message: submitFailure(failedModel, refusal, input.failover),
				});
			}
			continue;
		}
		events.push({ atMs, kind: 'submitted', model });
		const durationMs = input.renderSeconds(model) * decisions.variation() * scale;
		const stalled = decisions.stall();
		const capacityFraction = decisions.capacityAt(model);
		renders.push({ model, startMs: atMs, durationMs });
		const renderEndMs = stalled ? Infinity : atMs + durationMs;
		const capacityMs = capacityFraction === null ? Infinity : atMs + capacityFraction * durationMs;

		// The service learns what happened only when it polls its provider.
		let pollAt = atMs + pollMs;
		let pollIndex = 0;
		let streak = 0;
		let resubmitted = false;
		while (!resubmitted && steps++ < MAX_PLAN_STEPS) {
			if (pollAt > maxWaitMs) {
				return finish({
					atMs: maxWaitMs,
					kind: 'failed',
					message: `The job exceeded the maximum wait of ${input.maxWaitSeconds} s (last provider: ${model}). Credits were refunded.`,
				});
			}
			if (decisions.pollError(pollIndex++)) {
				streak++;
				events.push({ atMs: pollAt, kind: 'poll_error', model, streak });
				if (streak > MAX_CONSECUTIVE_POLL_ERRORS) {
					return finish({
						atMs: pollAt,
						kind: 'failed',
						message: `Provider ${model} failed ${streak} status checks in a row. Credits were refunded.`,
					});
				}
				pollAt += Math.min(pollMs * 2 ** streak, MAX_POLL_BACKOFF_FACTOR * pollMs);
				continue;
			}
			streak = 0;
			if (pollAt >= capacityMs) {
				events.push({ atMs: pollAt, kind: 'capacity_error', model });
				const failedModel = model;
				if (!failOver(pollAt)) {
					return finish({
						atMs: pollAt,
						kind: 'failed',
						message: capacityFailure(failedModel, input.failover),
					});
				}
				atMs = pollAt;
				resubmitted = true;
			} else if (pollAt >= renderEndMs) {
				return finish({ atMs: pollAt, kind: 'completed' });
			} else {
				pollAt += pollMs;
			}
		}
	}
	return finish({
		atMs,
		kind: 'failed',
		message: 'The job could not be scheduled. Credits were refunded.',
	});
}

/** What a job shows at one moment, besides its fixed fields. */
export interface ProgressState {
	status: GenerationStatus;
	phase: GenerationPhase | null;
	progress: number | null;
	eta_seconds: number | null;
	/** The provider model working on the job now (or last). */
	modelActual: string;
	credits: number;
	failoverUsed: boolean;
}

function roundTenth(value: number): number {
	return Math.round(value * 10) / 10;
}

function phaseOf(fraction: number): GenerationPhase {
	let end = 0;
	for (const [phase, share] of PHASE_SHARES) {
		end += share;
		if (fraction < end) return phase;
	}
	return 'finishing';
}

/** The job as seen `elapsedMs` after creation. `initial` is what it was submitted with. */
export function stateAt(
	plan: JobPlan,
	elapsedMs: number,
	initial: { model: string; credits: number },
): ProgressState {
	let modelActual = initial.model;
	let credits = initial.credits;
	let failoverUsed = false;
	for (const event of plan.events) {
		if (event.atMs > elapsedMs) break;
		if (event.kind === 'failover') {
			modelActual = event.to;
			credits = event.credits;
			failoverUsed = true;
		}
	}
	const fixed = { modelActual, credits, failoverUsed };
	if (elapsedMs >= plan.terminal.atMs) {
		return plan.terminal.kind === 'completed'
			? { ...fixed, status: 'completed', phase: null, progress: 100, eta_seconds: 0 }
			: { ...fixed, status: 'failed', phase: null, progress: null, eta_seconds: null };
	}
	const render = [...plan.renders].reverse().find((segment) => segment.startMs <= elapsedMs);
	if (elapsedMs < plan.pendingMs || !render) {
		const firstRenderMs = plan.renders[0]?.durationMs ?? 0;
		const eta = (plan.pendingMs - elapsedMs + firstRenderMs) / 1000;
		return { ...fixed, status: 'pending', phase: null, progress: 0, eta_seconds: roundTenth(eta) };
	}
	const fraction = Math.min(1, (elapsedMs - render.startMs) / render.durationMs);
	const remainingMs = render.startMs + render.durationMs - elapsedMs;
	// Past the render's end the service is waiting for its next poll to see the result.
	const etaMs = remainingMs > 0 ? remainingMs : plan.pollMs;
	return {
		...fixed,
		status: 'processing',
		phase: phaseOf(fraction),
		progress: Math.floor(fraction * 99),
		eta_seconds: roundTenth(etaMs / 1000),
	};
}
