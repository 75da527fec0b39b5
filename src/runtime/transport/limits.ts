// The per-phase limits and the body cap a transport enforces, with the client's defaults for any
// a request leaves out (a request built by hand may name none).
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../core/client/responseSize';
import { DEFAULT_TIMEOUTS } from '../../core/client/timeouts';
import type { TransportRequest, TransportTimeouts } from '../../core/ports';

export interface TransportLimits extends Required<TransportTimeouts> {
	maxResponseBytes: number;
}

export function resolveLimits(
	req: Pick<TransportRequest, 'timeouts' | 'maxResponseBytes'>,
): TransportLimits {
	const { timeouts } = req;
	return {
		connectMs: timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
		headersMs: timeouts?.headersMs ?? DEFAULT_TIMEOUTS.headersMs,
		bodyMs: timeouts?.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs,
		maxResponseBytes: req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
	};
}
