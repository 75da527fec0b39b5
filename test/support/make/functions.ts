// The few Make functions our blueprints call, with the semantics Make's help center documents
// (help.make.com, "Text and binary functions" and "Array functions"):
// - sha256(text; [encoding]; [key]; [key encoding]): the sha256 hash of a string; with a key,
//   the HMAC-SHA256 instead. Encodings: hex (default), base64, latin1. Key encodings: text
//   (default), hex, base64, binary. Documented example: sha256(Make) = ccdd25d4...fa11.
// - map(complex array; key; [key for filtering]; [possible values for filtering]): a primitive
//   array of `key` of every item, only items whose filter key equals one of the values when given.
//   The values may be several arguments or one argument separated by commas.
// - first(array): the first element. get(array or object; path): arrays count from 1.
import { createHash, createHmac } from 'node:crypto';

import { toText } from './text';

type MakeFunction = (args: unknown[]) => unknown;

const OUTPUT_ENCODINGS = ['hex', 'base64', 'latin1'] as const;
const KEY_ENCODINGS = ['text', 'hex', 'base64', 'binary'] as const;

function sha256([text, encoding = 'hex', key, keyEncoding = 'text']: unknown[]): string {
	const output = toText(encoding) || 'hex';
	if (!(OUTPUT_ENCODINGS as readonly string[]).includes(output)) {
		throw new TypeError(`sha256: encoding must be one of ${OUTPUT_ENCODINGS.join(', ')}`);
	}
	const data = Buffer.from(toText(text), 'utf8');
	const digest = output as (typeof OUTPUT_ENCODINGS)[number];
	if (key === undefined || key === null || key === '') {
		return createHash('sha256').update(data).digest().toString(digest);
	}
	return createHmac('sha256', keyBytes(key, toText(keyEncoding) || 'text'))
		.update(data)
		.digest()
		.toString(digest);
}

function keyBytes(key: unknown, encoding: string): Buffer {
	if (Buffer.isBuffer(key)) return key;
	if (!(KEY_ENCODINGS as readonly string[]).includes(encoding)) {
		throw new TypeError(`sha256: key encoding must be one of ${KEY_ENCODINGS.join(', ')}`);
	}
	if (encoding === 'hex') return Buffer.from(toText(key), 'hex');
	if (encoding === 'base64') return Buffer.from(toText(key), 'base64');
	if (encoding === 'binary') return Buffer.from(toText(key), 'latin1');
	return Buffer.from(toText(key), 'utf8');
}

function map([array, key, filterKey, ...filterValues]: unknown[]): unknown[] {
	if (!Array.isArray(array)) return [];
	const wanted = filterValues.flatMap((value) => toText(value).split(',')).map((v) => v.trim());
	return array
		.filter((item) => {
			if (filterKey === undefined) return true;
			const candidate = (item as Record<string, unknown> | null)?.[toText(filterKey)];
			return wanted.includes(toText(candidate));
		})
		.map((item) => (item as Record<string, unknown> | null)?.[toText(key)]);
}

function first([array]: unknown[]): unknown {
	return Array.isArray(array) ? array[0] : undefined;
}

function get([value, path]: unknown[]): unknown {
	let current = value;
	for (const segment of toText(path).split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = Array.isArray(current)
			? current[Number(segment) - 1]
			: (current as Record<string, unknown>)[segment];
	}
	return current;
}

const FUNCTIONS: Record<string, MakeFunction> = { sha256, map, first, get };

/** The names the evaluator knows; a blueprint calling anything else fails the checker. */
export const MAKE_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

export function callMakeFunction(name: string, args: unknown[]): unknown {
	const fn = FUNCTIONS[name];
	if (!fn) throw new TypeError(`IML: the evaluator does not know the function ${name}()`);
	return fn(args);
}
