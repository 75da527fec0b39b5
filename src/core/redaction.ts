// Keeps the secrets the core was given (the API key, webhook secrets) out of everything it hands
// back: error messages, stacks, own properties, cause chains, and data read from a server.
// Rule: whatever a server or proxy echoes, and in whatever field, a secret never leaves the core
// inside an error; the one choke point per entry (the client's `send`, the wait loop) calls
// `redactError` on every error it throws. Scrubbing edits the error in place (its fields were
// made for this call), so its class, `code` and `instanceof` stay what front ends branch on.

export const REDACTED = '[redacted]';

/** How deep a cause chain or a nested property is followed; deeper parts are dropped. */
const MAX_WALK_DEPTH = 8;

/**
 * The spellings of a secret a server may echo: as given, percent-encoded (a query string or a
 * URL), and JSON-escaped (a body quoted inside another body). Empty secrets are dropped.
 */
export function secretSpellings(secrets: Iterable<string>): string[] {
	const spellings = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret === '') continue;
		spellings.add(secret);
		spellings.add(encodeURIComponent(secret));
		spellings.add(JSON.stringify(secret).slice(1, -1));
	}
	// Longest first, so a spelling that contains a shorter one is replaced whole.
	return [...spellings].sort((a, b) => b.length - a.length);
}

/** True when `text` holds any of `spellings` (from `secretSpellings`). */
export function containsSecret(text: string, spellings: readonly string[]): boolean {
	for (const spelling of spellings) if (text.includes(spelling)) return true;
	return false;
}

/** `text` with every spelling replaced by [redacted]. */
export function redactText(text: string, spellings: readonly string[]): string {
	let out = text;
	for (const spelling of spellings) {
		if (out.includes(spelling)) out = out.split(spelling).join(REDACTED);
	}
	return out;
}

/**
 * Scrubs `error` in place and returns it: its message, stack, every own string property (nested
 * objects, arrays and bytes included) and its cause chain. A property that cannot be rewritten is
 * deleted, or the cause replaced by a plain summary, so nothing is left readable.
 */
export function redactError<E>(error: E, spellings: readonly string[]): E {
	if (spellings.length === 0) return error;
	scrubObject(error, spellings, 0, new Set());
	return error;
}

/**
 * Scrubs parsed JSON data in place (strings in objects and arrays, keys included) and returns it.
 * For answers that carry a secret: a job whose `error_message` echoes the key.
 */
export function redactData<T>(data: T, spellings: readonly string[]): T {
	return scrubValue(data, spellings, 0, new Set()) as T;
}

function scrubValue(
	value: unknown,
	spellings: readonly string[],
	depth: number,
	seen: Set<object>,
) {
	if (typeof value === 'string') return redactText(value, spellings);
	if (value instanceof Uint8Array) return scrubBytes(value, spellings);
	if (typeof value === 'object' && value !== null) scrubObject(value, spellings, depth, seen);
	return value;
}

function scrubObject(
	target: unknown,
	spellings: readonly string[],
	depth: number,
	seen: Set<object>,
): void {
	if (typeof target !== 'object' || target === null || seen.has(target)) return;
	seen.add(target);
	if (depth > MAX_WALK_DEPTH) return;
	const record = target as Record<string, unknown>;
	// Non-enumerable own properties too: an Error's message, stack and cause are not enumerable.
	for (const key of Object.getOwnPropertyNames(record)) {
		let value: unknown;
		try {
			value = record[key];
		} catch {
			continue;
		}
		const scrubbed = scrubValue(value, spellings, depth + 1, seen);
		if (scrubbed !== value) replace(record, key, scrubbed);
		if (containsSecret(key, spellings)) {
			replace(record, redactText(key, spellings), record[key]);
			remove(record, key);
		}
	}
}

/** Bytes (a raw status line an HTTP parser kept) that hold a secret become a redacted string. */
function scrubBytes(bytes: Uint8Array, spellings: readonly string[]): unknown {
	let text = '';
	for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
	return containsSecret(text, spellings) ? redactText(text, spellings) : bytes;
}

function replace(record: Record<string, unknown>, key: string, value: unknown): void {
	if (!Object.prototype.hasOwnProperty.call(record, key)) {
		Object.defineProperty(record, key, {
			value,
			writable: true,
			enumerable: true,
			configurable: true,
		});
		return;
	}
	try {
		Object.defineProperty(record, key, { value, writable: true, configurable: true });
		return;
	} catch {
		// Not configurable: try a plain assignment, then give up on the property.
	}
	try {
		record[key] = value;
	} catch {
		remove(record, key);
	}
}

function remove(record: Record<string, unknown>, key: string): void {
	try {
		delete record[key];
	} catch {
		// A frozen foreign object: nothing more can be done without losing the error itself.
	}
}
