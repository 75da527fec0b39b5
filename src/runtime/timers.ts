// Node's timers behind the core's Sleep and Clock ports. Rule: an aborted sleep clears its timer
// at once, so a cancelled call leaves nothing pending in the event loop. A sleep aborted with an
// AbortedError as the reason rejects with that very error: the client cancels a timer on every
// request, and a fresh error each time is measurable.
import { AbortedError } from '../core/errors';
import type { Clock, Sleep } from '../core/ports';

/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const sleep: Sleep = (ms, signal) =>
	new Promise<void>((resolve, reject) => {
		if (signal?.aborted) {
			reject(abortedError(signal));
			return;
		}
		let remainingMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
		let timer: ReturnType<typeof setTimeout>;
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(abortedError(signal as AbortSignal));
		};
		const arm = (): void => {
			const stepMs = Math.min(remainingMs, MAX_TIMER_MS);
			remainingMs -= stepMs;
			timer = setTimeout(() => {
				if (remainingMs > 0) return arm();
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, stepMs);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		arm();
	});

function abortedError(signal: AbortSignal): AbortedError {
	const reason: unknown = signal.reason;
	return reason instanceof AbortedError ? reason : new AbortedError(undefined, { cause: reason });
}

export const systemClock: Clock = () => Date.now();
