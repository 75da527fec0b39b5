// The sentences a no-code user reads when a callback URL is refused: what is wrong, then what to
// do next. Rule: a message may quote the host, port or scheme, never the whole URL or the part
// before `@` (a resume URL's query carries a token, and userinfo may carry a password).
import { REASONS_WAIVED_BY_ALLOW_PRIVATE } from './reasons';
import type { HostFinding, UnsafeUrlReason } from './reasons';

/** A problem found in a URL, with the pieces of it that are safe to show. */
export type UrlProblem =
	| { reason: 'invalid_url' }
	| { reason: 'too_long'; length: number; maxLength: number }
	| { reason: 'unsupported_scheme'; scheme: string }
	| { reason: 'userinfo'; host: string }
	| { reason: 'non_standard_port'; port: string; scheme: string }
	| ({ host: string } & HostFinding);

const PUBLIC_ONLY = 'the service can only call public addresses.';
const USE_PUBLIC = 'Use a public URL, or a tunnel such as ngrok or Cloudflare Tunnel.';
const OPT_IN =
	'For local testing against the CreativeAI sandbox, turn on the option that allows private callback URLs.';
const USE_RECEIVER =
	'Use the webhook URL of your receiver (for example your n8n, Zapier or Make webhook).';

/** The last sentence: a tunnel for what a developer might mean, the opt-in where it applies. */
function nextStep(reason: UnsafeUrlReason): string {
	return REASONS_WAIVED_BY_ALLOW_PRIVATE.has(reason) ? `${USE_PUBLIC} ${OPT_IN}` : USE_RECEIVER;
}

function hostMessage(problem: { host: string } & HostFinding): string {
	const { reason, host, label, embedded } = problem;
	switch (reason) {
		case 'own_domain':
			return `The callback URL points at CreativeAI's own domain (${host}); the service does not call itself. ${USE_RECEIVER}`;
		case 'localhost':
			return `The callback URL points at ${host}, which means this computer; ${PUBLIC_ONLY} ${nextStep(reason)}`;
		case 'internal_hostname':
			return `The callback URL's host (${host}) is ${label}; ${PUBLIC_ONLY} ${nextStep(reason)}`;
		case 'metadata':
			return `The callback URL points at the cloud metadata service (${host}); the service never calls it. ${USE_RECEIVER}`;
		case 'embedded_private_ipv4':
			return `The callback URL's address (${host}) is ${label} that leads to ${embedded?.label ?? 'a non-public address'} (${embedded?.address ?? 'unknown'}); ${PUBLIC_ONLY} ${USE_RECEIVER}`;
		default:
			return `The callback URL points at ${label} (${host}); ${PUBLIC_ONLY} ${nextStep(reason)}`;
	}
}

/** One message per problem: what is wrong, then what to do. */
export function describeUrlProblem(problem: UrlProblem): string {
	switch (problem.reason) {
		case 'invalid_url':
			return 'The callback URL is not a valid web address. Paste the full URL, starting with https://.';
		case 'too_long':
			return `The callback URL is ${problem.length.toLocaleString('en-US')} characters long; the service accepts at most ${problem.maxLength.toLocaleString('en-US')}. Use a shorter URL.`;
		case 'unsupported_scheme':
			return `The callback URL starts with "${problem.scheme}:"; the service can only call http:// or https:// addresses. Use an https:// URL.`;
		case 'userinfo':
			return `The callback URL has a user name or password before "@", so it really points at ${problem.host}. The service does not send credentials in the URL: remove everything between "//" and "@".`;
		case 'non_standard_port':
			return `The callback URL uses port ${problem.port}; the service only calls the standard port (${problem.scheme === 'https' ? '443 for https' : '80 for http'}). Remove the port, or put your receiver behind a proxy or tunnel. ${OPT_IN}`;
		default:
			return hostMessage(problem);
	}
}
