// What the outside sees of a job: the GET/list object (video.generation, voice.generation) and the
// webhook payload. Shapes follow the contract's schemas (tests parse every answer with them).
// Rules: call only on a settled job, so the books (credits, refund) and the status agree; a
// failed job shows `credits: 0` with `credits_refunded`, since only completed jobs cost anything.
import type { WebhookPayload } from '../../core/contract';
import { stateAt, type ProgressState } from './lifecycle';
import type { Job, VideoJob, VoiceJob } from './store';

/** What the service fills in when a request leaves a field out. */
export const VIDEO_DEFAULTS = { aspect_ratio: '16:9', duration: 5, resolution: '720p' } as const;

function iso(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

function seconds(ms: number): number {
	return Math.round(ms / 100) / 10;
}

function stateOf(job: Job, atMs: number): ProgressState {
	return stateAt(job.plan, atMs - job.createdAtMs, { model: job.startModel, credits: job.charged });
}

/**
 * The job as it ended. Read from the plan's own terminal time, not from `endedAtMs`: subtracting
 * `createdAtMs` back out of `endedAtMs` can land a hair before the end at time scales whose
 * service second is a fraction of a millisecond (120 -> 8.33 ms), which read as `processing`.
 */
function finalStateOf(job: Job): ProgressState {
	return stateAt(job.plan, job.plan.terminal.atMs, { model: job.startModel, credits: job.charged });
}

/** Fields every kind shares: result, timing and the books. */
function commonFields(job: Job, state: ProgressState) {
	const failed = state.status === 'failed';
	const terminal = job.plan.terminal;
	return {
		output_url: job.output?.url ?? null,
		expires_at: iso(job.output?.expiresAtMs ?? null),
		error_message: failed && terminal.kind === 'failed' ? terminal.message : null,
		credits: job.credits,
		created_at: new Date(job.createdAtMs).toISOString(),
		completed_at: iso(job.endedAtMs),
		...(failed && job.endedAtMs !== null
			? {
					elapsed_seconds: seconds(job.endedAtMs - job.createdAtMs),
					credits_refunded: job.refundedCredits,
					refunded_at: iso(job.refundedAtMs),
				}
			: {}),
	};
}

function progressFields(state: ProgressState) {
	return {
		status: state.status,
		phase: state.phase,
		progress: state.progress,
		eta_seconds: state.eta_seconds,
	};
}

function videoView(job: VideoJob, state: ProgressState) {
	const { request } = job;
	return {
		id: job.id,
		object: 'video.generation' as const,
		...progressFields(state),
		model: request.model,
		model_actual: state.modelActual,
		failover_used: state.failoverUsed,
		prompt: request.prompt,
		image_url: request.image_url ?? null,
		aspect_ratio: request.aspect_ratio ?? VIDEO_DEFAULTS.aspect_ratio,
		duration: request.duration ?? VIDEO_DEFAULTS.duration,
		resolution: request.resolution ?? VIDEO_DEFAULTS.resolution,
		webhook_url: job.webhookUrl,
		...commonFields(job, state),
	};
}

function voiceView(job: VoiceJob, state: ProgressState, audioSeconds: number) {
	const { request } = job;
	return {
		id: job.id,
		object: 'voice.generation' as const,
		...progressFields(state),
		text: request.text,
		voice: request.voice,
		language: request.language,
		speed: request.speed,
		duration_seconds: state.status === 'completed' ? audioSeconds : null,
		webhook_url: job.webhookUrl,
		...commonFields(job, state),
	};
}

/** The object GET and list answer with, as of `nowMs`. */
export function generationView(job: Job, nowMs: number, audioSeconds: number) {
	const state = stateOf(job, nowMs);
	return job.kind === 'video' ? videoView(job, state) : voiceView(job, state, audioSeconds);
}

/** The webhook body of a terminal job (contract: webhookPayloadSchema). */
export function webhookPayload(job: Job, audioSeconds: number): WebhookPayload {
	if (job.endedAtMs === null) throw new Error(`webhookPayload: job ${job.id} has not ended`);
	const state = finalStateOf(job);
	const status = state.status === 'completed' ? 'completed' : 'failed';
	const common = commonFields(job, state);
	const result = {
		status,
		output_url: common.output_url,
		expires_at: common.expires_at,
		error_message: common.error_message,
		credits: common.credits,
		completed_at: common.completed_at,
		...('elapsed_seconds' in common ? { elapsed_seconds: common.elapsed_seconds } : {}),
	} as const;
	if (job.kind === 'video') {
		return {
			id: job.id,
			object: 'video.generation',
			model: job.request.model,
			model_actual: state.modelActual,
			prompt: job.request.prompt,
			failover_used: state.failoverUsed,
			...result,
		};
	}
	return {
		id: job.id,
		object: 'voice.generation',
		voice: job.request.voice,
		language: job.request.language,
		text: job.request.text,
		duration_seconds: status === 'completed' ? audioSeconds : null,
		...result,
	};
}
