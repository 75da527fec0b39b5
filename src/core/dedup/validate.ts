// Argument checks shared by every DedupStore, so the memory and Redis stores refuse the same
// misuse in the same words. Rule: a wrong type throws TypeError, a number out of range throws
// RangeError, and a message never echoes the key (keys may embed a delivery id, never a secret,
// but there is no reason to print them either).

/** Throws TypeError unless `key` is a non-empty string. */
export function assertDedupKey(key: unknown): asserts key is string {
	if (typeof key !== 'string' || key.length === 0) {
		throw new TypeError('A de-duplication key must be a non-empty string.');
	}
}

/** Throws TypeError for a non-number and RangeError unless `ms` is a positive finite number. */
export function assertPositiveMs(ms: unknown, name: string): asserts ms is number {
	if (typeof ms !== 'number') {
		throw new TypeError(`${name} must be a number of milliseconds.`);
	}
	if (!Number.isFinite(ms) || ms <= 0) {
		throw new RangeError(`${name} must be a positive, finite number of milliseconds.`);
	}
}
