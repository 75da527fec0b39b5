// One abort listener per AbortSignal, fanned out to every request in flight on it. The client
// shares one signal among several attempts (see core/client/deadlineBuckets.ts), and on Node 20 an
// EventTarget listener per request costs more than the fan-out; it would also trip Node's leak
// warning past 10 requests on one signal.
// Rule: a request is dropped from its signal's set as soon as it ends, so a long-lived signal
// holds only what is in flight; the one listener goes with the signal when it is collected.

/** The request-side end: what the signal's abort reaches. */
export interface AbortTarget {
	abort(reason: unknown): void;
}

/** The requests in flight per signal; WeakMap so a forgotten signal takes its set with it. */
const inFlight = new WeakMap<AbortSignal, Set<AbortTarget>>();

/**
 * Calls `target.abort(reason)` when `signal` aborts, until `unwatch` is called. An already aborted
 * signal is the caller's to check first: its abort event has passed.
 */
export function watchAbort(signal: AbortSignal, target: AbortTarget): void {
	let targets = inFlight.get(signal);
	if (targets === undefined) {
		const created = new Set<AbortTarget>();
		signal.addEventListener('abort', () => abortAll(created, signal.reason), { once: true });
		inFlight.set(signal, created);
		targets = created;
	}
	targets.add(target);
}

export function unwatchAbort(signal: AbortSignal, target: AbortTarget): void {
	inFlight.get(signal)?.delete(target);
}

function abortAll(targets: Set<AbortTarget>, reason: unknown): void {
	const aborting = [...targets];
	targets.clear();
	for (const target of aborting) target.abort(reason);
}
