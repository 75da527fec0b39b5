// The sender's second line of the callback-URL policy: the core's check reads the URL's spelling
// only, so a public name that resolves to 127.0.0.1 or 169.254.169.254 (a nip.io name, DNS
// rebinding) would pass it. This DNS lookup, handed to the socket, refuses such addresses at the
// moment of connecting, with the same private-address opt-in as the URL check.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';

import {
	classifyIpv4,
	classifyIpv6,
	parseIpv4,
	parseIpv6,
	REASONS_WAIVED_BY_ALLOW_PRIVATE,
	type HostFinding,
} from '../../core/url';

/** The error code a refused address carries, so the sender can tell it from a network failure. */
export const BLOCKED_ADDRESS_CODE = 'ERR_SANDBOX_BLOCKED_ADDRESS';

function classifyAddress(address: string): HostFinding | undefined {
	const ipv4 = parseIpv4(address);
	if (ipv4 !== undefined) return classifyIpv4(ipv4);
	const ipv6 = parseIpv6(address);
	return ipv6 ? classifyIpv6(ipv6) : { reason: 'reserved', label: 'an unreadable address' };
}

/** The reason an address may not receive callbacks, or undefined when it may. */
export function refusedAddress(address: string, allowPrivate: boolean): HostFinding | undefined {
	const finding = classifyAddress(address);
	if (!finding) return undefined;
	return allowPrivate && REASONS_WAIVED_BY_ALLOW_PRIVATE.has(finding.reason) ? undefined : finding;
}

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address: string | LookupAddress[],
	family?: number,
) => void;

/** A `lookup` for net.connect that fails when any resolved address is refused. */
export function guardedLookup(allowPrivate: boolean) {
	return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
		dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
			if (error) return callback(error, []);
			for (const { address } of addresses) {
				const finding = refusedAddress(address, allowPrivate);
				if (finding) {
					const refusal: NodeJS.ErrnoException = new Error(
						`${hostname} resolved to ${finding.label}; callbacks are not sent there`,
					);
					refusal.code = BLOCKED_ADDRESS_CODE;
					return callback(refusal, []);
				}
			}
			if (options.all) return callback(null, addresses);
			const [first] = addresses;
			return callback(null, first.address, first.family);
		});
	};
}
