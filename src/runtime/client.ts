// CreativeAiClient for Node: the core client with its ports filled in (undici, timers, the system
// clock), so a script needs only an API key. Kept out of src/core, which must not touch timers or
// the network itself.
import { CreativeAiClient as CoreClient } from '../core/client/client';
import type { ClientOptions } from '../core/client/options';
import type { Transport } from '../core/ports';
import { sleep, systemClock } from './timers';
import { createUndiciTransport } from './transport/undici';

/** The core's options with `transport`, `sleep` and `clock` optional. */
export type NodeClientOptions = Omit<ClientOptions, 'transport' | 'sleep' | 'clock'> &
	Partial<Pick<ClientOptions, 'transport' | 'sleep' | 'clock'>>;

let sharedTransport: Transport | undefined;

/** One undici transport for every default client, so they share keep-alive connections. */
function defaultTransport(): Transport {
	sharedTransport ??= createUndiciTransport();
	return sharedTransport;
}

export class CreativeAiClient extends CoreClient {
	constructor(options: NodeClientOptions) {
		if (typeof options !== 'object' || options === null) {
			throw new TypeError('CreativeAiClient needs an options object with at least apiKey');
		}
		super({
			...options,
			transport: options.transport ?? defaultTransport(),
			sleep: options.sleep ?? sleep,
			clock: options.clock ?? systemClock,
		});
	}
}
