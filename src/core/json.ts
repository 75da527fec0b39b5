// JSON text from outside (a delivery, an API answer, a manifest row) read into plain data.
// Rules that must not break:
// - No `__proto__` key survives parsing. JSON.parse keeps one as an own property, but any later
//   copy by assignment (zod's loose objects, `Object.assign`, `{ ...row }` into a record) turns it
//   into the copy's prototype, and typed fields are then read from the attacker's object. Such
//   keys are dropped, so every field read later is the body's own.
// - Nesting deeper than MAX_JSON_DEPTH is refused before parsing: the pipeline itself would
//   cope, but whatever prints or re-serialises the data afterwards (JSON.stringify, util.inspect)
//   recurses and overflows the stack on every retry.
// The common body has no `__proto__` and no `\u` escape, and takes plain JSON.parse.

/** Objects and arrays inside one another; contract bodies use 3. */
export const MAX_JSON_DEPTH = 64;

export type JsonParseResult =
	{ ok: true; value: unknown } | { ok: false; reason: 'invalid_json' | 'too_deep' };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Parses `text` under the rules above. Never throws. */
export function parseJson(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonParseResult {
	if (mayNestDeeperThan(text, maxDepth) && nestingDepth(text) > maxDepth) {
		return { ok: false, reason: 'too_deep' };
	}
	try {
		const mayHideProto = text.includes('__proto__') || text.includes('\\u');
		return { ok: true, value: mayHideProto ? JSON.parse(text, dropProtoKeys) : JSON.parse(text) };
	} catch {
		return { ok: false, reason: 'invalid_json' };
	}
}

/** The parsed value, or undefined when `text` is not JSON or nests too deep. */
export function parseJsonText(text: string): unknown {
	const result = parseJson(text);
	return result.ok ? result.value : undefined;
}

/** A reviver: returning undefined deletes the property, so no `__proto__` key is kept. */
function dropProtoKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/**
 * False when `text` has too few opening brackets to nest deeper than `maxDepth`: the common case,
 * answered by the engine's native search, so only a body with many brackets pays for the scan.
 */
function mayNestDeeperThan(text: string, maxDepth: number): boolean {
	let openings = 0;
	for (const bracket of ['{', '[']) {
		for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
			if (++openings > maxDepth) return true;
		}
	}
	return false;
}

/**
 * The deepest nesting of objects and arrays in `text`, brackets inside strings not counted. It
 * stops counting once the text is malformed enough to go negative; JSON.parse refuses it anyway.
 */
export function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (inString) {
			if (code === BACKSLASH) i++;
			else if (code === QUOTE) inString = false;
			continue;
		}
		if (code === QUOTE) inString = true;
		else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
			if (++depth > deepest) deepest = depth;
		} else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
	}
	return deepest;
}
