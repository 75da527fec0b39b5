// Reads a Retry-After header, which is either a number of seconds or an HTTP date. Pure: the
// caller passes the current time. An unreadable value means "no advice", never an error, so a
// proxy's odd header cannot break a wait.
// Internal to wait/ (not re-exported): client/retry.ts has a parseRetryAfterMs of the same
// meaning; once the client is committed, import that one and delete this file.

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number.parseFloat(trimmed) * 1000;
	// HTTP dates always name a month; Date.parse alone would read "-5" as the year -5.
	if (!/[a-z]/i.test(trimmed)) return undefined;
	const dateMs = Date.parse(trimmed);
	if (Number.isNaN(dateMs)) return undefined;
	return Math.max(0, dateMs - nowMs);
}
