// Network failures as the core's ConnectionError, shared by both transports. Rule: the message
// names the host and the error code only; never the URL's path or query, never a header.
import { ConnectionError } from '../../core/errors';

/** What the common codes mean, in words a no-code user can act on. */
const REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved right now',
	EPIPE: 'the connection closed while sending',
	ETIMEDOUT: 'the network timed out',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	UND_ERR_SOCKET: 'the connection closed before the answer was complete',
	UND_ERR_CLOSED: 'the connection was closed',
	UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer was cut short',
};

/** The first string `code` on the error or along its `cause` chain (fetch wraps the real one). */
export function errorCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the server';
	}
}

export function connectionErrorFor(url: string, error: unknown): ConnectionError {
	const code = errorCodeOf(error);
	const reason = code ? `${code}: ${REASONS[code] ?? 'a network error'}` : 'a network error';
	return new ConnectionError(
		`Could not reach ${hostOf(url)} (${reason}). Check the base URL and the network, then try again.`,
		{ cause: error },
	);
}
