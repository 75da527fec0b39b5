// The simulated providers: what each model costs, how long it renders, and the failover chain.
// Rule: failover never raises the price. A backup provider that costs more than the job's
// current charge is skipped, and a cheaper one lowers the charge ("billed at the lower price").
import type { CreateVideoRequest } from '../../core/contract';

/**
 * Credits per job (ours; the seeds only show kling-v3 at 3). Flat per job, whatever the duration,
 * so a test can predict the ledger from the model alone.
 */
export const VIDEO_PRICE_CREDITS = {
	'kling-v3': 3,
	'seedance-1.5-pro': 2,
	'kling-o3-pro': 5,
} as const;
export const VOICE_PRICE_CREDITS = 1;

export type ProviderModel = keyof typeof VIDEO_PRICE_CREDITS;

/** Seed 000: "Kling v3 -> Seedance -> Kling O3 Pro". */
export const FAILOVER_CHAIN: readonly ProviderModel[] = [
	'kling-v3',
	'seedance-1.5-pro',
	'kling-o3-pro',
];
/** `model: 'auto'` starts at the head of the chain. */
export const AUTO_START_MODEL: ProviderModel = 'kling-v3';
/** Voice has one provider; a voice job has nowhere to fail over to. */
export const VOICE_PROVIDER = 'voice-1';

/** Service seconds a 5-second 720p clip takes on each model (3 min for kling-v3, per the brief). */
const BASE_RENDER_SECONDS: Record<ProviderModel, number> = {
	'kling-v3': 180,
	'seedance-1.5-pro': 140,
	'kling-o3-pro': 220,
};
const BASE_CLIP_SECONDS = 5;
const FULL_HD_FACTOR = 1.2;
/** The seeds quote 30 s to 4 min for a render. */
const MIN_RENDER_SECONDS = 30;
const MAX_RENDER_SECONDS = 240;

const VOICE_BASE_SECONDS = 2;
const VOICE_CHARACTERS_PER_SECOND = 150;
const VOICE_MAX_SECONDS = 20;

export function resolveModel(requested: CreateVideoRequest['model']): ProviderModel {
	return requested === 'auto' ? AUTO_START_MODEL : requested;
}

export function videoPrice(model: ProviderModel): number {
	return VIDEO_PRICE_CREDITS[model];
}

/**
 * The provider to re-submit to after `current` failed: the next one along the chain (wrapping
 * round) not tried yet and costing at most `maxCredits`; undefined when the chain is exhausted.
 */
export function nextProvider(
	current: ProviderModel,
	tried: ReadonlySet<string>,
	maxCredits: number,
): ProviderModel | undefined {
	const start = FAILOVER_CHAIN.indexOf(current);
	for (let step = 1; step < FAILOVER_CHAIN.length; step++) {
		const candidate = FAILOVER_CHAIN[(start + step) % FAILOVER_CHAIN.length];
		if (!tried.has(candidate) && videoPrice(candidate) <= maxCredits) return candidate;
	}
	return undefined;
}

/** Service seconds a render takes: longer clips and 1080p take longer, clamped to 30 s..4 min. */
export function videoRenderSeconds(
	model: ProviderModel,
	request: Pick<CreateVideoRequest, 'duration' | 'resolution'>,
): number {
	const clipFactor = Math.sqrt((request.duration ?? BASE_CLIP_SECONDS) / BASE_CLIP_SECONDS);
	const resolutionFactor = request.resolution === '1080p' ? FULL_HD_FACTOR : 1;
	const seconds = BASE_RENDER_SECONDS[model] * clipFactor * resolutionFactor;
	return Math.min(MAX_RENDER_SECONDS, Math.max(MIN_RENDER_SECONDS, seconds));
}

/** Service seconds a narration takes: a couple of seconds plus a little per character. */
export function voiceRenderSeconds(text: string, speed: number): number {
	const seconds = VOICE_BASE_SECONDS + text.length / VOICE_CHARACTERS_PER_SECOND / speed;
	return Math.min(VOICE_MAX_SECONDS, seconds);
}
