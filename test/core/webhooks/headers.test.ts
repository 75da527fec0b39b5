import { Headers } from 'undici';

import { getHeader } from '../../../src/core/webhooks';
import type { HeadersLike } from '../../../src/core/webhooks';

const NAME = 'X-CreativeAI-Signature';

describe('getHeader', () => {
	it.each<[string, HeadersLike]>([
		["Node's lower-cased object", { 'x-creativeai-signature': 'v' }],
		['a mixed-case object', { 'X-CREATIVEAI-Signature': 'v' }],
		['an object with an array value', { 'x-creativeai-signature': ['v', 'second'] }],
		['a WHATWG Headers', new Headers({ 'X-CreativeAI-Signature': 'v' })],
		[
			'a Headers-like object with get()',
			{ get: (n: string) => (n === 'x-creativeai-signature' ? 'v' : null) },
		],
		['[name, value] pairs', [['X-Creativeai-Signature', 'v']]],
		['[name, value] pairs with an array value', [['x-creativeai-signature', ['v', 'w']]]],
		["Zapier's renamed object", { 'Http-X-Creativeai-Signature': 'v' }],
		["Zapier's renamed pairs", [['Http-X-Creativeai-Signature', 'v']]],
		['a CGI-style object', { HTTP_X_CREATIVEAI_SIGNATURE: 'v' }],
		['a Headers holding the renamed form', new Headers({ 'Http-X-Creativeai-Signature': 'v' })],
	])('finds the header in %s', (_label, headers) => {
		expect(getHeader(headers, NAME)).toBe('v');
	});

	it('prefers the real header over a renamed one, whatever the order', () => {
		const headers = { 'Http-X-Creativeai-Signature': 'renamed', 'X-Creativeai-Signature': 'real' };
		expect(getHeader(headers, NAME)).toBe('real');
		expect(getHeader(Object.entries(headers), NAME)).toBe('real');
	});

	it.each<[string, HeadersLike]>([
		['an empty object', {}],
		['an object with another header', { 'x-creativeai-event': 'v' }],
		['an undefined value', { 'x-creativeai-signature': undefined }],
		['an empty array value', { 'x-creativeai-signature': [] }],
		['a non-string value', { 'x-creativeai-signature': 42 as unknown as string }],
		['a name that merely ends like it', { 'xx-creativeai-signature': 'v' }],
		['a prefix other than Http', { 'Http2-X-Creativeai-Signature': 'v' }],
		['an empty Headers', new Headers()],
		['malformed pairs', [['x-creativeai-signature'], 'x', null] as unknown as HeadersLike],
	])('reads %s as absent', (_label, headers) => {
		expect(getHeader(headers, NAME)).toBeUndefined();
	});

	it('does not read inherited object properties as headers', () => {
		expect(getHeader({}, 'constructor')).toBeUndefined();
	});

	it.each([null, undefined, 'x-creativeai-signature: v', 42])(
		'throws a TypeError for a container of no known shape (%p)',
		(headers) => {
			expect(() => getHeader(headers as unknown as HeadersLike, NAME)).toThrow(TypeError);
		},
	);
});
