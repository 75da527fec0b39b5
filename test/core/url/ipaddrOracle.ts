// An independent opinion on IP addresses for the property tests: ipaddr.js's `range()` mapped onto
// our reasons. Where our policy differs from ipaddr.js on purpose, the mapping says so here:
// 1. Cloud metadata addresses (169.254.169.254, 100.100.100.200, fd00:ec2::254) get their own
//    reason, `metadata`, although ipaddr.js files them under linkLocal, carrierGradeNat and
//    uniqueLocal: allowPrivate must never waive them.
// 2. IPv6 forms that carry an IPv4 address (ipv4Mapped, rfc6145, rfc6052 NAT64, 6to4, and the
//    IPv4-compatible ::/96 that ipaddr.js calls unicast) are judged by the IPv4 inside: public if
//    it is public, `embedded_private_ipv4` otherwise.
// 3. All of ipaddr.js's remaining special ranges (reserved, as112, amt, teredo, benchmarking,
//    orchid, segment routing, discard, site-local) are `reserved` for us: nothing listens there.
// An unknown range name throws, so a new ipaddr.js release cannot slip a range past the test.
import ipaddr from 'ipaddr.js';
import type { UnsafeUrlReason } from '../../../src/core/url';

/** null: the oracle considers the address public. */
export type Expected = UnsafeUrlReason | null;

const METADATA_IPV4 = new Set(['169.254.169.254', '100.100.100.200']);
const METADATA_IPV6 = new Set(['fd00:ec2::254']);

const RESERVED_V4 = new Set(['reserved', 'as112', 'amt']);
const RESERVED_V6 = new Set([
	'reserved',
	'discard',
	'deprecatedSiteLocal',
	'teredo',
	'benchmarking',
	'amt',
	'as112v6',
	'deprecatedOrchid',
	'orchid2',
	'droneRemoteIdProtocolEntityTags',
	'segmentRouting',
]);

export function expectedForIpv4(octets: number[]): Expected {
	const address = new ipaddr.IPv4(octets);
	if (METADATA_IPV4.has(address.toString())) return 'metadata';
	const range: string = address.range();
	if (RESERVED_V4.has(range)) return 'reserved';
	switch (range) {
		case 'unicast':
			return null;
		case 'unspecified':
		case 'broadcast':
		case 'multicast':
		case 'loopback':
		case 'private':
			return range;
		case 'linkLocal':
			return 'link_local';
		case 'carrierGradeNat':
			return 'cgnat';
		default:
			throw new Error(`the oracle has no mapping for ipaddr.js IPv4 range "${range}"`);
	}
}

function octetsOf(high: number, low: number): number[] {
	return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function embedded(octets: number[]): Expected {
	return expectedForIpv4(octets) === null ? null : 'embedded_private_ipv4';
}

export function expectedForIpv6(parts: number[]): Expected {
	const address = new ipaddr.IPv6(parts);
	if (METADATA_IPV6.has(address.toString())) return 'metadata';
	const range: string = address.range();
	if (RESERVED_V6.has(range)) return 'reserved';
	switch (range) {
		case 'unicast':
			// ipaddr.js has no range for IPv4-compatible ::/96 (it knows only :: and ::1 there).
			return parts.slice(0, 6).every((part) => part === 0)
				? embedded(octetsOf(parts[6], parts[7]))
				: null;
		case 'unspecified':
		case 'loopback':
		case 'multicast':
			return range;
		case 'linkLocal':
			return 'link_local';
		case 'uniqueLocal':
			return 'unique_local';
		case 'ipv4Mapped':
			return embedded(address.toIPv4Address().octets);
		case 'rfc6145':
		case 'rfc6052':
			return embedded(octetsOf(parts[6], parts[7]));
		case '6to4':
			return embedded(octetsOf(parts[1], parts[2]));
		default:
			throw new Error(`the oracle has no mapping for ipaddr.js IPv6 range "${range}"`);
	}
}

type SpecialRanges<T> = Record<string, [T, number] | [T, number][]>;

function flatten<T>(ranges: SpecialRanges<T>): [T, number][] {
	return Object.values(ranges).flatMap((entry) =>
		Array.isArray(entry[0]) ? (entry as [T, number][]) : [entry as [T, number]],
	);
}

/** ipaddr.js's own special IPv4 ranges, as [first address, prefix length]. */
export function ipaddrIpv4Ranges(): [number, number][] {
	const proto = ipaddr.IPv4.prototype as unknown as { SpecialRanges: SpecialRanges<ipaddr.IPv4> };
	return flatten(proto.SpecialRanges).map(([address, length]) => [
		address.octets.reduce((value, octet) => value * 256 + octet, 0),
		length,
	]);
}

/** ipaddr.js's own special IPv6 ranges, as [first address, prefix length]. */
export function ipaddrIpv6Ranges(): [bigint, number][] {
	const proto = ipaddr.IPv6.prototype as unknown as { SpecialRanges: SpecialRanges<ipaddr.IPv6> };
	return flatten(proto.SpecialRanges).map(([address, length]) => [
		address.parts.reduce((value, part) => (value << 16n) | BigInt(part), 0n),
		length,
	]);
}
