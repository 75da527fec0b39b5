// What counts as a request body: the raw bytes received, as a Buffer, a Uint8Array or a string
// (strings are hashed as UTF-8). Rule: never accept a parsed object. Its re-serialisation is not
// the bytes that were signed, so it could only ever fail, and failing quietly hides the real bug.
// (Buffer is a Uint8Array; the identifier `Buffer` itself is kept out of src/core, since n8n's
// community-node lint restricts it.)

export type RawBody = string | Uint8Array;

const RAW_BODY_HINT =
	'The signature covers the exact bytes received, and a re-serialised object never matches them: ' +
	'pass the raw request body (in n8n `req.rawBody`, in Express `express.raw()`, ' +
	'in Zapier `bundle.rawRequest.content`).';

/** Throws a TypeError explaining the raw-body rule unless `body` is a string or bytes. */
export function assertRawBody(body: unknown, caller: string): asserts body is RawBody {
	if (typeof body === 'string' || body instanceof Uint8Array) return;
	throw new TypeError(
		`${caller}: body must be the raw request body (Buffer, Uint8Array or string), got ${describe(body)}. ${RAW_BODY_HINT}`,
	);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array (a parsed JSON body?)';
	if (typeof value === 'object') return 'an object (a parsed JSON body?)';
	return `a ${typeof value}`;
}
