// Account-level webhook subscriptions (POST/GET/DELETE /v1/webhooks): REST-hook triggers register
// a URL for generation.completed and/or generation.failed and receive the same payload a job's
// own webhook_url gets.
// Rule: subscriptions are matched when a job ends, so one created while a job runs still hears
// about it, and one deleted before then does not.
import { randomBytes } from 'node:crypto';

import type { SubscriptionEvent, TerminalStatus, WebhookSubscription } from '../../core/contract';

interface SubscriptionRecord {
	accountId: string;
	subscription: WebhookSubscription;
}

export class Subscriptions {
	private readonly records = new Map<string, SubscriptionRecord>();

	create(accountId: string, url: string, events: SubscriptionEvent[], nowMs: number) {
		const subscription: WebhookSubscription = {
			id: `whsub_${randomBytes(12).toString('hex')}`,
			object: 'webhook_subscription',
			url,
			// Each event once, in a stable order, whatever the request repeated.
			events: [...new Set(events)].sort(),
			created_at: new Date(nowMs).toISOString(),
		};
		this.records.set(subscription.id, { accountId, subscription });
		return subscription;
	}

	/** Oldest first. */
	list(accountId: string): WebhookSubscription[] {
		return [...this.records.values()]
			.filter((record) => record.accountId === accountId)
			.map((record) => record.subscription);
	}

	/** False when the account has no subscription with that id. */
	delete(accountId: string, id: string): boolean {
		const record = this.records.get(id);
		if (record?.accountId !== accountId) return false;
		return this.records.delete(id);
	}

	/** The account's subscriptions that want a job ending in `status`. */
	matching(accountId: string, status: TerminalStatus): WebhookSubscription[] {
		const event: SubscriptionEvent = `generation.${status}`;
		return this.list(accountId).filter((subscription) => subscription.events.includes(event));
	}
}
