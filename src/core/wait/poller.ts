// What waitForCompletion needs from a client: one GET per poll and the time ports. Structural, so
// CreativeAiClient satisfies it without this folder importing the client, and tests pass a fake.
import type { Clock, Random, Sleep } from '../ports';
import type { PollEndpoint } from './kind';

export interface PollRequestOptions {
	id: string;
	/** The wait loop owns retries (it backs off per poll), so the client must not add its own. */
	retry: false;
	signal?: AbortSignal;
}

export interface PollResponse {
	data: unknown;
	status: number;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	requestId?: string;
}

export interface GenerationPoller {
	/** Throws the classes of ../errors; transient ones are told apart by isTransientError. */
	send(endpoint: PollEndpoint, options: PollRequestOptions): Promise<PollResponse>;
	readonly ports: { readonly sleep: Sleep; readonly clock: Clock; readonly random: Random };
}
