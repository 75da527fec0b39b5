// What makes two deliveries "the same" for de-duplication. Rule: the key is built from signed
// data only, the generation id and status inside the verified body. The unsigned
// `X-CreativeAI-Delivery-Id` header never goes into it: anyone replaying a captured body could
// change that header at will and, if it were part of the key, slip past de-duplication.
//
// For the `standard` scheme the signed `webhook-id` is left out too. It names one message and
// stays the same across that message's retries, so adding it would not catch any more duplicates;
// it would only let two messages about the same generation and status (a sender restart that
// mints a new message, or a job callback and a subscription aimed at one URL) both through, which
// is the duplicate the contract asks receivers to drop ("de-duplicate by generation + status").
// Old `standard` replays are refused before this point anyway, by the timestamp tolerance.
import type { WebhookPayload } from '../contract/webhooks';

/** `<generation id>:<status>`, e.g. `vgen_abc123:completed`. */
export function deliveryKey(payload: Pick<WebhookPayload, 'id' | 'status'>): string {
	return `${payload.id}:${payload.status}`;
}
