import fc from 'fast-check';

import { decodeBase64, decodeHexInto } from '../../../src/core/webhooks/encoding';

describe('decodeHexInto', () => {
	it('decodes hex of either case, at an offset, like Node does', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean(), (bytes, upper) => {
				const hex = Buffer.from(bytes).toString('hex');
				const target = new Uint8Array(bytes.length);
				expect(decodeHexInto(`pfx${upper ? hex.toUpperCase() : hex}`, 3, target)).toBe(true);
				expect(target).toEqual(bytes);
			}),
		);
	});

	it.each([
		['a non-hex letter', 'zz'],
		['a space', ' a'],
		['a character whose low byte is a hex digit', '\u0130a'], // U+0130 & 0x7f is '0'
		['a non-ASCII digit', '\u0661a'],
		['too few characters', 'a'],
	])('refuses %s', (_label, text) => {
		expect(decodeHexInto(text, 0, new Uint8Array(1))).toBe(false);
	});
});

describe('decodeBase64', () => {
	it('decodes padded and unpadded standard base64 like Node does', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, padded) => {
				const encoded = Buffer.from(bytes).toString('base64');
				const text = padded ? encoded : encoded.replace(/=+$/, '');
				expect(decodeBase64(text)).toEqual(new Uint8Array(bytes));
			}),
		);
	});

	it.each([
		['a character outside the alphabet', 'ab*d'],
		['url-safe characters', 'ab-_'],
		['padding in the middle', 'ab=dabcd'],
		['three padding characters', 'a==='],
		['padding on an unpadded length', 'abcde='],
		['a length no encoder produces', 'abcde'],
		['whitespace', 'ab cd'],
	])('refuses %s', (_label, text) => {
		expect(decodeBase64(text)).toBeUndefined();
	});
});
