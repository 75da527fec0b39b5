// Strict decoders for signature values taken from headers. Rule: anything that is not exactly
// the expected alphabet is refused, never decoded to a silently shortened value (Node's own hex
// and base64 decoders stop or skip at bad characters). Hand-written loops keep the
// verification hot path free of regexes and intermediate strings.

/** Value of each ASCII hex digit, -1 for every other ASCII character. */
const HEX_VALUES = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
	HEX_VALUES['0123456789abcdef'.charCodeAt(digit)] = digit;
	HEX_VALUES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/**
 * Decodes hex (either case) from `text` at `start` into all of `target`, which it overwrites.
 * False when `text` lacks the characters or any of them is not a hex digit; `target` is then
 * partly written and must not be used. Branch-free per character: this runs on every delivery.
 */
export function decodeHexInto(text: string, start: number, target: Uint8Array): boolean {
	if (text.length - start < 2 * target.length) return false;
	let invalid = 0; // goes negative once any character is not a hex digit
	for (let i = 0, at = start; i < target.length; i++, at += 2) {
		const highCode = text.charCodeAt(at);
		const lowCode = text.charCodeAt(at + 1);
		const high = HEX_VALUES[highCode & 0x7f];
		const low = HEX_VALUES[lowCode & 0x7f];
		invalid |= high | low | -((highCode | lowCode) >> 7); // non-ASCII counts as invalid
		target[i] = (high << 4) | low;
	}
	return invalid >= 0;
}

/**
 * Decodes standard base64 (`A-Z a-z 0-9 + /`), padding optional; `undefined` on any other
 * character, misplaced padding or a length no encoder produces.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
	let end = text.length;
	// Up to two '=' may close a string whose length is a multiple of 4; anywhere else '=' is
	// rejected by the alphabet check below.
	if (end % 4 === 0 && text.charCodeAt(end - 1) === 61) end--;
	if (end % 4 === 3 && text.charCodeAt(end - 1) === 61) end--;
	if (end % 4 === 1) return undefined;
	const out = new Uint8Array(Math.floor((end * 3) / 4));
	let bits = 0;
	let bitCount = 0;
	let written = 0;
	for (let i = 0; i < end; i++) {
		const value = base64Value(text.charCodeAt(i));
		if (value < 0) return undefined;
		bits = ((bits << 6) | value) & 0xffffff;
		bitCount += 6;
		if (bitCount >= 8) {
			bitCount -= 8;
			out[written++] = (bits >> bitCount) & 0xff;
		}
	}
	return out;
}

function base64Value(code: number): number {
	if (code >= 65 && code <= 90) return code - 65; // A-Z
	if (code >= 97 && code <= 122) return code - 71; // a-z
	if (code >= 48 && code <= 57) return code + 4; // 0-9
	if (code === 43) return 62; // +
	if (code === 47) return 63; // /
	return -1;
}
