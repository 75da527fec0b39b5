// The vocabulary of the callback-URL policy: every reason a URL can be refused for, which of them
// the private-address opt-in waives, and the shape of a finding about a host.
// Rule: reasons are stable strings that front ends may branch on; add new ones, never rename.

/** Every reason `checkWebhookUrl` can give, in the order the checks run. */
export const UNSAFE_URL_REASONS = [
	'invalid_url',
	'too_long',
	'unsupported_scheme',
	'userinfo',
	'own_domain',
	'localhost',
	'internal_hostname',
	'metadata',
	'loopback',
	'private',
	'unique_local',
	'cgnat',
	'link_local',
	'unspecified',
	'multicast',
	'broadcast',
	'reserved',
	'embedded_private_ipv4',
	'non_standard_port',
] as const;

export type UnsafeUrlReason = (typeof UNSAFE_URL_REASONS)[number];

/** The reasons that come from looking at the host alone (a name or an IP address). */
export type HostReason = Exclude<
	UnsafeUrlReason,
	'invalid_url' | 'too_long' | 'unsupported_scheme' | 'userinfo' | 'non_standard_port'
>;

/**
 * What `allowPrivate: true` waives: the destinations a developer uses against the local sandbox
 * (this computer, the home or office network, a Docker or Tailscale network) and their ports.
 * Deliberately not waived: link-local and metadata addresses (169.254.0.0/16 hosts the cloud
 * credential endpoints, and IPv6 link-local needs a zone id that URLs cannot carry, so no local
 * set-up needs either), the service's own domain, unspecified, multicast, broadcast and reserved
 * addresses (nothing listens there), and IPv4 addresses hidden inside IPv6 (write the IPv4 itself).
 */
export const REASONS_WAIVED_BY_ALLOW_PRIVATE: ReadonlySet<UnsafeUrlReason> =
	new Set<UnsafeUrlReason>([
		'localhost',
		'internal_hostname',
		'loopback',
		'private',
		'unique_local',
		'cgnat',
		'non_standard_port',
	]);

/** Why a host is not a public destination, in words a user can read. */
export interface HostFinding {
	reason: HostReason;
	/** What the host is, ready for a sentence: 'a private network address'. */
	label: string;
	/** For an IPv6 address that carries an IPv4 one (IPv4-mapped, 6to4, NAT64): that IPv4. */
	embedded?: { address: string; label: string };
}
