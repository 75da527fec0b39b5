// The callback-URL policy (contract, "Callback URL rules"): http or https, at most 2,048
// characters, no credentials, a public host, the standard port. Checked before a job is
// submitted so a no-code user learns at once why a callback would never arrive.
// Rules: the WHATWG URL parser decides what the host is (it normalises 127.1, 0x7f000001,
// %31%32%37.0.0.1, full-width digits, IDN and trailing dots), and we classify what it produced,
// never the raw text; the check is syntactic, with no DNS lookup (see hostname.ts).
import { UnsafeCallbackUrlError } from '../errors';
import { classifyHostname } from './hostname';
import { classifyIpv4, parseIpv4 } from './ipv4';
import { classifyIpv6, parseIpv6 } from './ipv6';
import { describeUrlProblem } from './messages';
import type { UrlProblem } from './messages';
import { REASONS_WAIVED_BY_ALLOW_PRIVATE } from './reasons';
import type { HostFinding, UnsafeUrlReason } from './reasons';

/** The longest callback URL the service accepts, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

export interface WebhookUrlOptions {
	/**
	 * For local work against the sandbox: also accept localhost, loopback, private, unique-local,
	 * CGNAT and private-network names, and any port (`http://127.0.0.1:3000/hook` passes).
	 * Still refused: bad schemes, credentials, over-long URLs, the service's own domain, metadata
	 * and link-local addresses, and unspecified, multicast, broadcast, reserved and IPv4-embedding
	 * IPv6 addresses (see REASONS_WAIVED_BY_ALLOW_PRIVATE).
	 */
	allowPrivate?: boolean;
}

export type WebhookUrlVerdict =
	| { ok: true; /** The normalised href: submit this, not the input. */ url: string }
	| { ok: false; reason: UnsafeUrlReason; message: string };

/** Classifies the host the URL parser produced: bracketed IPv6, dotted IPv4, or a name. */
function classifyHost(hostname: string): HostFinding | undefined {
	if (hostname.startsWith('[') && hostname.endsWith(']')) {
		const groups = parseIpv6(hostname.slice(1, -1));
		// The parser only emits valid IPv6 between brackets; refuse rather than guess otherwise.
		return groups ? classifyIpv6(groups) : { reason: 'reserved', label: 'an unreadable address' };
	}
	// A host ending in a number is always parsed as IPv4 by WHATWG (or rejected), so a dotted
	// quad here is an address and never a name.
	const ipv4 = parseIpv4(hostname);
	if (ipv4 !== undefined) return classifyIpv4(ipv4);
	return classifyHostname(hostname);
}

/** The first problem with the URL under the policy, or the parsed URL when there is none. */
function findProblem(input: string, allowPrivate: boolean): UrlProblem | URL {
	// Checked before parsing too, so a megabyte of input is not parsed at all.
	if (input.length > MAX_WEBHOOK_URL_LENGTH) {
		return { reason: 'too_long', length: input.length, maxLength: MAX_WEBHOOK_URL_LENGTH };
	}
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return { reason: 'invalid_url' };
	}
	if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
		return { reason: 'unsupported_scheme', scheme: url.protocol.slice(0, -1) };
	}
	// Normalising can lengthen a URL (punycode, percent-encoding), and the href is what is sent.
	if (url.href.length > MAX_WEBHOOK_URL_LENGTH) {
		return { reason: 'too_long', length: url.href.length, maxLength: MAX_WEBHOOK_URL_LENGTH };
	}
	// `https://a.com@10.0.0.1` reads as a.com but goes to 10.0.0.1; credentials also leak in logs.
	if (url.username !== '' || url.password !== '') {
		return { reason: 'userinfo', host: url.hostname };
	}
	const finding = classifyHost(url.hostname);
	if (finding && !(allowPrivate && REASONS_WAIVED_BY_ALLOW_PRIVATE.has(finding.reason))) {
		return { host: url.hostname.replace(/^\[|\]$/g, ''), ...finding };
	}
	// The parser drops a port equal to the scheme's default, so any port left is non-standard.
	if (url.port !== '' && !allowPrivate) {
		return { reason: 'non_standard_port', port: url.port, scheme: url.protocol.slice(0, -1) };
	}
	return url;
}

function readAllowPrivate(options: unknown): boolean {
	if (options === undefined) return false;
	if (typeof options !== 'object' || options === null) {
		throw new TypeError('checkWebhookUrl: options must be an object');
	}
	const { allowPrivate } = options as { allowPrivate?: unknown };
	if (allowPrivate !== undefined && typeof allowPrivate !== 'boolean') {
		throw new TypeError('checkWebhookUrl: options.allowPrivate must be a boolean');
	}
	return allowPrivate === true;
}

/**
 * Checks a callback URL against the service's rules. Never throws for a bad URL (that is a
 * verdict with a reason and a message for the user); throws TypeError for a non-string `url` or
 * malformed options. The message never repeats the URL's path, query or credentials.
 */
export function checkWebhookUrl(url: string, options?: WebhookUrlOptions): WebhookUrlVerdict {
	if (typeof url !== 'string') throw new TypeError('checkWebhookUrl: url must be a string');
	const result = findProblem(url, readAllowPrivate(options));
	if (result instanceof URL) return { ok: true, url: result.href };
	return { ok: false, reason: result.reason, message: describeUrlProblem(result) };
}

/**
 * Returns the normalised href of a safe callback URL, or throws UnsafeCallbackUrlError (code
 * `unsafe_callback_url`, with `reason`) so a client can refuse before submitting a job.
 */
export function assertSafeWebhookUrl(url: string, options?: WebhookUrlOptions): string {
	const verdict = checkWebhookUrl(url, options);
	if (!verdict.ok) throw new UnsafeCallbackUrlError(verdict.reason, verdict.message);
	return verdict.url;
}
