// HTTP Range requests on a file of known size (RFC 9110 section 14), the way video players and
// download managers use them: one byte range, `bytes=a-b`, `bytes=a-` or `bytes=-n`.
// Rule: a header we cannot read, or several ranges, is ignored and the whole file is served (the
// RFC allows that); only a well-formed range that starts past the end is unsatisfiable (416).

export type RangeRequest =
	{ kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/** `end` is inclusive, as in Content-Range. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
	if (header === undefined) return { kind: 'whole' };
	const match = SINGLE_RANGE.exec(header.trim());
	if (!match) return { kind: 'whole' };
	const [, first, last] = match;
	if (first === '' && last === '') return { kind: 'whole' };
	if (first === '') {
		// A suffix: the last n bytes.
		const length = Number(last);
		if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
	}
	const start = Number(first);
	const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
	if (last !== '' && Number(last) < start) return { kind: 'whole' };
	if (start >= size) return { kind: 'unsatisfiable' };
	return { kind: 'partial', start, end };
}
