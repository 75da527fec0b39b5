// The per-phase limits a transport enforces, with the client's defaults for any a request leaves
// out (a request built by hand may name none).
import { DEFAULT_TIMEOUTS } from '../../core/client/timeouts';
import type { TransportTimeouts } from '../../core/ports';

export function resolveLimits(
	timeouts: TransportTimeouts | undefined,
): Required<TransportTimeouts> {
	return {
		connectMs: timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
		headersMs: timeouts?.headersMs ?? DEFAULT_TIMEOUTS.headersMs,
		bodyMs: timeouts?.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs,
	};
}
