// IPv4 addresses: strict parsing of the dotted-decimal form and classification against the
// special-purpose ranges (IANA's IPv4 special-purpose registry, multicast and broadcast).
// Input is what the WHATWG URL parser serialises: it has already turned 127.1, 2130706433,
// 0x7f000001 and 0177.0.0.1 into 127.0.0.1, so this parser accepts four decimal octets only.
// Rule: the table is ordered most specific first and the first match wins, so an exception (the
// metadata address inside link-local) must sit above the range that contains it.
import type { HostFinding, HostReason } from './reasons';

interface Ipv4Range {
	/** The first address of the range, as an unsigned 32-bit number. */
	readonly base: number;
	readonly prefixLength: number;
	readonly reason: HostReason;
	readonly label: string;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses `a.b.c.d` (decimal, no leading zeros) into an unsigned 32-bit number. */
export function parseIpv4(text: string): number | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0;
	for (const part of parts) {
		if (!OCTET.test(part)) return undefined;
		const octet = Number(part);
		if (octet > 255) return undefined;
		value = value * 256 + octet;
	}
	return value;
}

/** Writes an unsigned 32-bit number as `a.b.c.d`. */
export function formatIpv4(address: number): string {
	return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.');
}

function range(cidr: string, reason: HostReason, label: string): Ipv4Range {
	const [address, length] = cidr.split('/');
	const base = parseIpv4(address);
	if (base === undefined) throw new Error(`bad IPv4 range in the policy table: ${cidr}`);
	return { base, prefixLength: Number(length), reason, label };
}

const PRIVATE = 'a private network address';
const DOCUMENTATION = 'a documentation-only address';

const IPV4_RANGES: readonly Ipv4Range[] = [
	// Cloud instance metadata (AWS, GCP, Azure, OCI, DigitalOcean; Alibaba): credentials live here.
	range('169.254.169.254/32', 'metadata', 'the cloud metadata service'),
	range('100.100.100.200/32', 'metadata', 'the cloud metadata service'),
	range('255.255.255.255/32', 'broadcast', 'the broadcast address'),
	// "This network": connecting to 0.0.0.0 reaches the local machine on Linux and macOS.
	range('0.0.0.0/8', 'unspecified', 'an unspecified address'),
	range('127.0.0.0/8', 'loopback', "this computer's loopback address"),
	range('10.0.0.0/8', 'private', PRIVATE),
	range('172.16.0.0/12', 'private', PRIVATE),
	range('192.168.0.0/16', 'private', PRIVATE),
	range('100.64.0.0/10', 'cgnat', 'a carrier-grade NAT (shared) address'),
	range('169.254.0.0/16', 'link_local', 'a link-local address'),
	range('224.0.0.0/4', 'multicast', 'a multicast address'),
	range('192.0.0.0/24', 'reserved', 'an IETF protocol address'),
	range('192.0.2.0/24', 'reserved', DOCUMENTATION),
	range('198.51.100.0/24', 'reserved', DOCUMENTATION),
	range('203.0.113.0/24', 'reserved', DOCUMENTATION),
	range('198.18.0.0/15', 'reserved', 'a benchmarking address'),
	// Anycast service blocks (6to4 relay, AS112 DNS sinks, AMT relays): no receiver lives there.
	range('192.88.99.0/24', 'reserved', 'a 6to4 relay address'),
	range('192.31.196.0/24', 'reserved', 'an AS112 DNS sink address'),
	range('192.175.48.0/24', 'reserved', 'an AS112 DNS sink address'),
	range('192.52.193.0/24', 'reserved', 'an AMT relay address'),
	range('240.0.0.0/4', 'reserved', 'a reserved address'),
];

function inRange(address: number, { base, prefixLength }: Ipv4Range): boolean {
	// `>>> 32` is a no-op in JavaScript, so a /0 prefix needs its own mask.
	const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
	return (address & mask) >>> 0 === (base & mask) >>> 0;
}

/** The special range an address falls in, or undefined for a public (global unicast) address. */
export function classifyIpv4(address: number): HostFinding | undefined {
	if (!Number.isInteger(address) || address < 0 || address > 0xffffffff) {
		throw new TypeError('classifyIpv4: address must be an unsigned 32-bit integer');
	}
	const match = IPV4_RANGES.find((entry) => inRange(address, entry));
	return match && { reason: match.reason, label: match.label };
}
