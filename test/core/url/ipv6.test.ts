import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { classifyIpv6, parseIpv6 } from '../../../src/core/url';

describe('parseIpv6', () => {
	it.each<[string, number[]]>([
		['::', [0, 0, 0, 0, 0, 0, 0, 0]],
		['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
		['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
		['1:2:3:4:5:6:7::', [1, 2, 3, 4, 5, 6, 7, 0]],
		['2606:4700::1', [0x2606, 0x4700, 0, 0, 0, 0, 0, 1]],
		['FE80::ABCD', [0xfe80, 0, 0, 0, 0, 0, 0, 0xabcd]],
		['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
		['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
		['1:2:3:4:5:6:10.0.0.1', [1, 2, 3, 4, 5, 6, 0x0a00, 1]],
	])('reads %s', (text, groups) => {
		expect(parseIpv6(text)).toEqual(groups);
	});

	it.each([
		'',
		':',
		':::',
		'1::2::3',
		'1:2:3:4:5:6:7',
		'1:2:3:4:5:6:7:8:9',
		'1:2:3:4:5:6:7::8',
		'12345::',
		'g::1',
		'::1.2.3',
		'1.2.3.4::',
		'::1.2.3.4:5',
		'fe80::1%eth0',
		'[::1]',
	])('refuses %j', (text) => {
		expect(parseIpv6(text)).toBeUndefined();
	});

	it('reads every address as ipaddr.js writes it, compressed or in full', () => {
		const groups = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
			minLength: 8,
			maxLength: 8,
		});
		fc.assert(
			fc.property(groups, (parts) => {
				const address = new ipaddr.IPv6(parts);
				expect(parseIpv6(address.toString())).toEqual(parts);
				expect(parseIpv6(address.toNormalizedString())).toEqual(parts);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('classifyIpv6', () => {
	it('judges an IPv4-mapped address by the IPv4 inside it', () => {
		expect(classifyIpv6([0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808])).toBeUndefined();
		expect(classifyIpv6([0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe])).toEqual({
			reason: 'embedded_private_ipv4',
			label: 'an IPv4-mapped address',
			embedded: { address: '169.254.169.254', label: 'the cloud metadata service' },
		});
	});

	it('throws TypeError for anything but eight 16-bit groups', () => {
		for (const bad of [
			[],
			[0, 0, 0, 0, 0, 0, 0],
			[0, 0, 0, 0, 0, 0, 0, 0x10000],
			[0, 0, 0, 0, 0, 0, 0, -1],
		]) {
			expect(() => classifyIpv6(bad)).toThrow(TypeError);
		}
	});
});
