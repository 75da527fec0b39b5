// IPv6 addresses: parsing the text inside a URL's brackets into eight 16-bit groups, and
// classification against the special-purpose ranges (IANA's IPv6 special-purpose registry,
// unique-local, link-local, site-local and multicast).
// The WHATWG URL parser hands us lower-case, `::`-compressed hex (it rewrites an embedded dotted
// IPv4 into two hex groups); the parser here also accepts the other RFC 4291 spellings.
// Rules: an address that carries an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64) is
// judged by that IPv4, since that is where traffic to it ends up; the table is ordered most
// specific first and the first match wins.
import { classifyIpv4, formatIpv4, parseIpv4 } from './ipv4';
import type { HostFinding, HostReason } from './reasons';

/** Eight 16-bit groups, most significant first. */
export type Ipv6Groups = readonly number[];

const GROUP_COUNT = 8;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Parses one side of a `::` into groups; only the address's last piece may be a dotted IPv4. */
function parseGroups(text: string, mayEndInIpv4: boolean): number[] | undefined {
	if (text === '') return [];
	const pieces = text.split(':');
	const groups: number[] = [];
	for (const [index, piece] of pieces.entries()) {
		if (mayEndInIpv4 && index === pieces.length - 1 && piece.includes('.')) {
			const ipv4 = parseIpv4(piece);
			if (ipv4 === undefined) return undefined;
			groups.push(Math.floor(ipv4 / 0x10000), ipv4 % 0x10000);
		} else if (HEX_GROUP.test(piece)) {
			groups.push(parseInt(piece, 16));
		} else {
			return undefined;
		}
	}
	return groups;
}

/** Parses an IPv6 address without brackets or zone id; undefined when it is not one. */
export function parseIpv6(text: string): Ipv6Groups | undefined {
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	if (halves.length === 1) {
		const groups = parseGroups(text, true);
		return groups?.length === GROUP_COUNT ? groups : undefined;
	}
	const head = parseGroups(halves[0], false);
	const tail = parseGroups(halves[1], true);
	// `::` stands for at least one zero group.
	if (!head || !tail || head.length + tail.length > GROUP_COUNT - 1) return undefined;
	const zeros = new Array<number>(GROUP_COUNT - head.length - tail.length).fill(0);
	return [...head, ...zeros, ...tail];
}

/** Where an embedded IPv4 address sits: the last 32 bits, or bits 16-48 for 6to4 (2002:v4::). */
type Ipv4Position = 'last32' | 'sixToFour';

interface Ipv6Rule {
	readonly prefix: Ipv6Groups;
	readonly prefixLength: number;
	readonly label: string;
	/** Either a reason for the whole range, or where the IPv4 address to judge instead sits. */
	readonly reason?: HostReason;
	readonly embedsIpv4At?: Ipv4Position;
}

function parseCidr(cidr: string): Pick<Ipv6Rule, 'prefix' | 'prefixLength'> {
	const [address, length] = cidr.split('/');
	const prefix = parseIpv6(address);
	if (!prefix) throw new Error(`bad IPv6 range in the policy table: ${cidr}`);
	return { prefix, prefixLength: Number(length) };
}

function special(cidr: string, reason: HostReason, label: string): Ipv6Rule {
	return { ...parseCidr(cidr), reason, label };
}

function embeds(cidr: string, embedsIpv4At: Ipv4Position, label: string): Ipv6Rule {
	return { ...parseCidr(cidr), embedsIpv4At, label };
}

const DOCUMENTATION = 'a documentation-only address';

const IPV6_RULES: readonly Ipv6Rule[] = [
	special('::/128', 'unspecified', 'the unspecified address'),
	special('::1/128', 'loopback', "this computer's loopback address"),
	// AWS's instance metadata service over IPv6 (inside unique-local space).
	special('fd00:ec2::254/128', 'metadata', 'the cloud metadata service'),
	embeds('::ffff:0:0/96', 'last32', 'an IPv4-mapped address'),
	embeds('::ffff:0:0:0/96', 'last32', 'an IPv4-translated address'),
	// Deprecated IPv4-compatible form; must stay below :: and ::1, which it contains.
	embeds('::/96', 'last32', 'an IPv4-compatible address'),
	embeds('64:ff9b::/96', 'last32', 'a NAT64 address'),
	// Local-use NAT64 (RFC 8215): operators mostly carve /96 prefixes, so the IPv4 is the last 32 bits.
	embeds('64:ff9b:1::/48', 'last32', 'a NAT64 address'),
	embeds('2002::/16', 'sixToFour', 'a 6to4 address'),
	special('100::/64', 'reserved', 'a discard-only address'),
	special('2001:db8::/32', 'reserved', DOCUMENTATION),
	// IETF protocol assignments: Teredo, benchmarking, AMT, AS112, ORCHID.
	special('2001::/23', 'reserved', 'an IETF protocol address'),
	special('2620:4f:8000::/48', 'reserved', 'an AS112 DNS sink address'),
	special('3fff::/20', 'reserved', DOCUMENTATION),
	special('5f00::/16', 'reserved', 'a segment-routing address'),
	special('fc00::/7', 'unique_local', 'a private (unique local) network address'),
	special('fe80::/10', 'link_local', 'a link-local address'),
	special('fec0::/10', 'reserved', 'a deprecated site-local address'),
	special('ff00::/8', 'multicast', 'a multicast address'),
];

function inRange(groups: Ipv6Groups, { prefix, prefixLength }: Ipv6Rule): boolean {
	for (let index = 0; index * 16 < prefixLength; index++) {
		const bits = Math.min(16, prefixLength - index * 16);
		const mask = (0xffff << (16 - bits)) & 0xffff;
		if ((groups[index] & mask) !== (prefix[index] & mask)) return false;
	}
	return true;
}

function embeddedIpv4(groups: Ipv6Groups, position: Ipv4Position): number {
	const [high, low] = position === 'last32' ? [groups[6], groups[7]] : [groups[1], groups[2]];
	return high * 0x10000 + low;
}

function isGroups(value: unknown): value is Ipv6Groups {
	return (
		Array.isArray(value) &&
		value.length === GROUP_COUNT &&
		value.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
	);
}

/** The special range an address falls in, or undefined for a public (global unicast) address. */
export function classifyIpv6(groups: Ipv6Groups): HostFinding | undefined {
	if (!isGroups(groups)) {
		throw new TypeError('classifyIpv6: groups must be eight integers from 0 to 0xffff');
	}
	const rule = IPV6_RULES.find((entry) => inRange(groups, entry));
	if (!rule) return undefined;
	if (rule.reason) return { reason: rule.reason, label: rule.label };
	const ipv4 = embeddedIpv4(groups, rule.embedsIpv4At ?? 'last32');
	const inner = classifyIpv4(ipv4);
	// A public IPv4 behind a transition prefix is as reachable as the IPv4 itself.
	if (!inner) return undefined;
	return {
		reason: 'embedded_private_ipv4',
		label: rule.label,
		embedded: { address: formatIpv4(ipv4), label: inner.label },
	};
}
