// Wording shared by every live display: the phase labels the seeds promise ("Queued, Preparing,
// Rendering, Encoding, Finishing"), durations a person reads at a glance, one-line job status.
// Pure functions only.
import type { GenerationPhase, GenerationStatus } from '../../core/contract';
import type { WaitProgress } from '../../core/wait';

const PHASE_LABELS: Record<GenerationPhase, string> = {
	queued: 'Queued',
	preparing: 'Preparing',
	rendering: 'Rendering',
	encoding: 'Encoding',
	finishing: 'Finishing',
};

/** The label a person sees for a job's state. */
export function phaseLabel(status: GenerationStatus, phase: GenerationPhase | null): string {
	if (status === 'completed') return 'Completed';
	if (status === 'failed') return 'Failed';
	if (status === 'pending') return 'Queued';
	return phase === null ? 'Processing' : PHASE_LABELS[phase];
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatSeconds(seconds: number): string {
	const whole = Math.max(0, Math.round(seconds));
	if (whole < 60) return `${whole}s`;
	const minutes = Math.floor(whole / 60);
	if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
	return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `vgen_abc: Rendering 45%, about 12s left (31s elapsed)`. */
export function progressLine(progress: WaitProgress): string {
	const parts = [`${progress.id}: ${phaseLabel(progress.status, progress.phase)}`];
	if (progress.progress !== null && progress.status !== 'completed') {
		parts[0] += ` ${Math.round(progress.progress)}%`;
	}
	const details: string[] = [];
	if (
		progress.etaSeconds !== null &&
		progress.status !== 'completed' &&
		progress.status !== 'failed'
	) {
		details.push(`about ${formatSeconds(progress.etaSeconds)} left`);
	}
	details.push(`${formatSeconds(progress.elapsedMs / 1000)} elapsed`);
	return `${parts[0]}, ${details.join(', ')}`;
}
