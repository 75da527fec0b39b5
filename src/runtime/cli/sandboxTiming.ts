// The per-attempt webhook timeout to start a sandbox with. The sandbox divides the contract's
// 10 s by the time scale and hands the result to AbortSignal.timeout, which throws for a
// fraction (10000 / 60 = 166.67 ms): every delivery then fails with ERR_OUT_OF_RANGE. Until the
// sandbox rounds it itself, its starters pass the same value rounded to whole milliseconds.
import { ATTEMPT_TIMEOUT_SECONDS } from '../sandbox';

export function webhookTimeoutMsFor(timeScale: number): number {
	return Math.max(1, Math.round((ATTEMPT_TIMEOUT_SECONDS * 1000) / timeScale));
}
