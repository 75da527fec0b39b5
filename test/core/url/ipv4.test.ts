import fc from 'fast-check';
import { classifyIpv4, formatIpv4, parseIpv4 } from '../../../src/core/url';

describe('parseIpv4', () => {
	it('reads the dotted-decimal form the URL parser produces', () => {
		expect(parseIpv4('127.0.0.1')).toBe(0x7f000001);
		expect(parseIpv4('0.0.0.0')).toBe(0);
		expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
	});

	it.each([
		'127.1',
		'01.2.3.4',
		'1.2.3.256',
		'1.2.3.4.5',
		'0x7f.0.0.1',
		' 1.2.3.4',
		'1.2.3.',
		'a.b.c.d',
		'',
	])('does not read %j, which only a URL parser should normalise', (text) => {
		expect(parseIpv4(text)).toBeUndefined();
	});

	it('round-trips every address through formatIpv4', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 0xffffffff }), (address) => {
				expect(parseIpv4(formatIpv4(address))).toBe(address);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('classifyIpv4', () => {
	it('names the metadata address rather than the link-local range around it', () => {
		expect(classifyIpv4(0xa9fea9fe)?.reason).toBe('metadata');
		expect(classifyIpv4(0xa9fea9fd)?.reason).toBe('link_local');
	});

	it('throws TypeError for a number that is not an IPv4 address', () => {
		for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
			expect(() => classifyIpv4(bad)).toThrow(TypeError);
		}
	});
});
