// Which deliveries the trigger starts a workflow for, and what it subscribes to. The service's
// subscriptions know only `generation.completed` and `generation.failed` (video and voice alike),
// so the kind (video or voice) is filtered here, from the signed body.
import type { SubscriptionEvent, WebhookEvent } from '../../src/core';

export const TRIGGER_EVENTS: ReadonlyArray<{ name: string; value: WebhookEvent }> = [
	{ name: 'Video Completed', value: 'video.generation.completed' },
	{ name: 'Video Failed', value: 'video.generation.failed' },
	{ name: 'Voice Completed', value: 'voice.generation.completed' },
	{ name: 'Voice Failed', value: 'voice.generation.failed' },
];

/** The subscription events that cover `events`, each once, in a stable order. */
export function subscriptionEventsFor(events: readonly WebhookEvent[]): SubscriptionEvent[] {
	const statuses = new Set(events.map((event) => event.slice(event.lastIndexOf('.') + 1)));
	return (['completed', 'failed'] as const)
		.filter((status) => statuses.has(status))
		.map((status): SubscriptionEvent => `generation.${status}`);
}

/** True when a subscription asks for exactly `wanted`. */
export function sameEvents(
	subscribed: readonly SubscriptionEvent[],
	wanted: readonly SubscriptionEvent[],
): boolean {
	const have = new Set(subscribed);
	return have.size === wanted.length && wanted.every((event) => have.has(event));
}
