// Case-insensitive header lookup over the shapes front ends hand us: Node's plain object
// (string | string[] values), a WHATWG `Headers` (anything with `.get`), `[name, value]` pairs,
// and Zapier's renamed form (`Http-X-Creativeai-Signature`, or CGI's `HTTP_X_...`).
// Rule: never throws on odd values (they read as absent); only a container of no known shape is a
// TypeError. The receive pipeline reads every header through here.

export type HeaderValue = string | readonly string[] | undefined;

export interface HeadersGetter {
	get(name: string): string | null | undefined;
}

export type HeadersLike =
	| Readonly<Record<string, HeaderValue>>
	| HeadersGetter
	| ReadonlyArray<readonly [string, HeaderValue]>;

/** Zapier prefixes forwarded request headers with `Http-`; CGI-style hosts with `HTTP_`. */
const FORWARDED_PREFIX = 'http-';

/**
 * The first value of header `name`, or `undefined`. An exact (case-insensitive) name wins over a
 * `Http-`/`HTTP_` renamed one; of an array value, the first element is taken.
 */
export function getHeader(headers: HeadersLike, name: string): string | undefined {
	return getLowerCaseHeader(headers, name.toLowerCase());
}

/**
 * `getHeader` for a name already in lower case, as the schemes' header constants are: the name is
 * lower-cased once, where it is defined, not on every delivery.
 */
export function getLowerCaseHeader(headers: HeadersLike, wanted: string): string | undefined {
	if (Array.isArray(headers)) return findInPairs(headers, wanted);
	if (typeof headers !== 'object' || headers === null) {
		throw new TypeError('getHeader: headers must be an object, a Headers or [name, value] pairs.');
	}
	if (typeof (headers as HeadersGetter).get === 'function') {
		const getter = headers as HeadersGetter;
		return firstString(getter.get(wanted) ?? getter.get(FORWARDED_PREFIX + wanted));
	}
	const record = headers as Readonly<Record<string, unknown>>;
	// Node lower-cases incoming names, so the direct read is the common case.
	const direct = firstString(record[wanted]);
	if (direct !== undefined) return direct;
	let renamed: string | undefined;
	for (const key of Object.keys(record)) {
		const match = nameMatch(key, wanted);
		if (match === 'exact') return firstString(record[key]);
		if (match === 'renamed' && renamed === undefined) renamed = firstString(record[key]);
	}
	return renamed;
}

function findInPairs(pairs: ReadonlyArray<unknown>, wanted: string): string | undefined {
	let renamed: string | undefined;
	for (const pair of pairs) {
		if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
		const match = nameMatch(pair[0], wanted);
		if (match === 'exact') return firstString(pair[1]);
		if (match === 'renamed' && renamed === undefined) renamed = firstString(pair[1]);
	}
	return renamed;
}

/** Compares a received name with the lower-cased wanted one, folding `_` onto `-`. */
function nameMatch(received: string, wanted: string): 'exact' | 'renamed' | undefined {
	// Most names cannot match by length alone: skip folding them (this runs per delivery).
	const length = received.length;
	if (length !== wanted.length && length !== FORWARDED_PREFIX.length + wanted.length) {
		return undefined;
	}
	const folded = received.toLowerCase().replaceAll('_', '-');
	if (folded === wanted) return 'exact';
	if (
		folded.length === FORWARDED_PREFIX.length + wanted.length &&
		folded.startsWith(FORWARDED_PREFIX) &&
		folded.endsWith(wanted)
	) {
		return 'renamed';
	}
	return undefined;
}

function firstString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}
