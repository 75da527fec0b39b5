// Host names (not IP literals) that can never be a public callback destination: the service's own
// domain, localhost, cloud metadata names, and names that only resolve inside a private network.
// The check is by spelling only; no DNS lookup happens in the core. A public name that resolves
// to a private address (127.0.0.1.nip.io, DNS rebinding) passes here, so whoever sends the
// callback must also check the address it connects to (classifyIpv4/classifyIpv6 serve that).
// Rule: compare lower-case names without trailing dots (`LOCALHOST.` is `localhost`); the WHATWG
// parser lower-cases and converts to punycode, we strip the dots.
import type { HostFinding } from './reasons';

/** The service's own domain: it will not deliver callbacks to itself. */
export const OWN_DOMAIN = 'creativeai.run';

/** Names of cloud metadata services (GCP's long and short forms, AWS's instance-data). */
const METADATA_HOSTNAMES: ReadonlySet<string> = new Set([
	'metadata.google.internal',
	'metadata.goog',
	'metadata',
	'instance-data',
	'instance-data.ec2.internal',
]);

/**
 * Suffixes that only resolve on a private network: mDNS (.local, RFC 6762), the private-use
 * TLD .internal (ICANN 2024; Docker's host.docker.internal), .home.arpa (RFC 8375), .test
 * (RFC 6761, common for local development) and the names RFC 6762 appendix G lists as used
 * privately.
 */
const PRIVATE_SUFFIXES: readonly string[] = [
	'local',
	'localdomain',
	'internal',
	'home.arpa',
	'test',
	'lan',
	'home',
	'corp',
	'intranet',
	'private',
];

function isOrUnder(name: string, domain: string): boolean {
	return name === domain || name.endsWith(`.${domain}`);
}

/** What is wrong with a host name, or undefined when it may be public. */
export function classifyHostname(hostname: string): HostFinding | undefined {
	const name = hostname.toLowerCase().replace(/\.+$/, '');
	if (isOrUnder(name, OWN_DOMAIN)) {
		return { reason: 'own_domain', label: "CreativeAI's own domain" };
	}
	// RFC 6761: localhost and every name under it mean this computer.
	if (isOrUnder(name, 'localhost')) {
		return { reason: 'localhost', label: 'this computer' };
	}
	if (METADATA_HOSTNAMES.has(name)) {
		return { reason: 'metadata', label: 'the cloud metadata service' };
	}
	// A single-label name is completed by the resolver's search domains: an intranet host.
	if (!name.includes('.')) {
		return { reason: 'internal_hostname', label: 'a name without a public domain' };
	}
	if (PRIVATE_SUFFIXES.some((suffix) => isOrUnder(name, suffix))) {
		return { reason: 'internal_hostname', label: 'a name that only works on a private network' };
	}
	return undefined;
}
