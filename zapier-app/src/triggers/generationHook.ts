// The REST-hook trigger both Generation Completed and Generation Failed are made of. Turning a zap
// on subscribes its hook URL to one event (POST /v1/webhooks); turning it off deletes that
// subscription. Each delivery goes through the core's receive pipeline: signature over the raw
// body, the contract's payload, de-duplication on the signed id and status (see dedup.ts).
// Rules: a delivery that fails any check returns [] and starts nothing, never throws (a forged
// request must not fill a user's Zap history with errors); a duplicate returns [].
import type { Bundle, ZObject } from 'zapier-platform-core';

import { receiveWebhook, type TerminalStatus } from '../../../src/core';
import { apiKeyOf, clientFor } from '../client';
import { deliveryStore } from '../dedup';
import { toZapierError, withZapierErrors } from '../errors';
import { deliveryOutput, readGeneration } from '../generation';

/** How many recent generations performList offers as samples. */
export const SAMPLE_COUNT = 3;

interface RawRequest {
	content?: unknown;
	headers?: Record<string, string>;
}

export function generationHook(status: TerminalStatus) {
	async function subscribe(z: ZObject, bundle: Bundle) {
		return withZapierErrors(z, () =>
			clientFor(z, bundle).createWebhookSubscription({
				url: String(bundle.targetUrl ?? ''),
				events: [`generation.${status}`],
			}),
		);
	}

	async function unsubscribe(z: ZObject, bundle: Bundle) {
		const id = String((bundle.subscribeData as { id?: unknown } | undefined)?.id ?? '');
		try {
			await clientFor(z, bundle).deleteWebhookSubscription(id);
		} catch (error) {
			// Already gone (deleted in the dashboard): the zap can still be turned off.
			if ((error as { code?: unknown }).code !== 'not_found') throw toZapierError(z, error);
		}
		return { id, deleted: true };
	}

	async function receive(z: ZObject, bundle: Bundle) {
		const raw = (bundle.rawRequest ?? {}) as RawRequest;
		if (typeof raw.content !== 'string') {
			z.console.log('Ignored a request without a raw body: it cannot be verified.');
			return [];
		}
		const result = await receiveWebhook({
			rawBody: raw.content,
			headers: raw.headers ?? {},
			secrets: apiKeyOf(bundle),
			store: deliveryStore(z, bundle),
		});
		switch (result.outcome) {
			case 'accepted':
				return result.event.status === status ? [deliveryOutput(z, result.event.payload)] : [];
			case 'unavailable':
				// The cache failed: a delivery we cannot record is let through rather than lost.
				return await readAgain(z, bundle, result.generationId);
			case 'rejected':
				z.console.log(`Ignored a delivery that failed its checks: ${result.reason}.`);
				return [];
			default:
				// duplicate, in_progress (another copy is being handled), failed (never: no onEvent).
				return [];
		}
	}

	/** Fails open on a cache outage, but with the generation as the API reports it. */
	async function readAgain(z: ZObject, bundle: Bundle, id: string) {
		const generation = await withZapierErrors(z, () => readGeneration(clientFor(z, bundle), id));
		return generation.status === status ? [deliveryOutput(z, { ...generation, status })] : [];
	}

	async function recent(z: ZObject, bundle: Bundle) {
		const list = await withZapierErrors(z, () =>
			clientFor(z, bundle).listVideos({ status, limit: SAMPLE_COUNT }),
		);
		return list.data
			.filter((generation) => generation.status === status)
			.map((generation) => deliveryOutput(z, { ...generation, status }));
	}

	return { subscribe, unsubscribe, receive, recent };
}
