// Automatic registration: on activation n8n asks `checkExists`, then `create`; on deactivation,
// `delete`. The subscription is found by this node's webhook URL, not by an id kept in static
// data, so the test URL (`/webhook-test/...`) and the production URL each have their own and
// neither removes the other. Manual registration leaves the account's subscriptions alone.
import { NodeOperationError, type IExecuteFunctions, type IHookFunctions } from 'n8n-workflow';

import { checkWebhookUrl, type WebhookEvent, type WebhookSubscription } from '../../src/core';
import { toNodeError } from '../CreativeAi/helpers/errors';
import { createClient } from '../CreativeAi/transport';
import { sameEvents, subscriptionEventsFor } from './events';

export type Registration = 'automatic' | 'manual';

async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (registrationOf(this) === 'manual') return true;
	const { client } = await clientFor(this);
	const url = webhookUrlOf(this);
	const wanted = subscriptionEventsFor(eventsOf(this));
	const mine = await call(this, async () => ours(await client.listWebhookSubscriptions(), url));
	if (mine.length === 1 && sameEvents(mine[0].events, wanted)) return true;
	// Events changed since activation, or stray copies: start again from none.
	for (const subscription of mine) {
		await call(this, async () => await client.deleteWebhookSubscription(subscription.id));
	}
	return false;
}

async function create(this: IHookFunctions): Promise<boolean> {
	if (registrationOf(this) === 'manual') return true;
	const { client, credentials } = await clientFor(this);
	const url = webhookUrlOf(this);
	const verdict = checkWebhookUrl(url, {
		allowPrivate: credentials.allowPrivateCallbackUrls === true,
	});
	if (!verdict.ok) {
		throw new NodeOperationError(
			this.getNode(),
			`This workflow's webhook URL cannot be subscribed`,
			{
				description: `${verdict.message} n8n builds this URL from its WEBHOOK_URL setting.`,
			},
		);
	}
	const events = subscriptionEventsFor(eventsOf(this));
	await call(this, async () => await client.createWebhookSubscription({ url, events }));
	return true;
}

async function deleteSubscription(this: IHookFunctions): Promise<boolean> {
	if (registrationOf(this) === 'manual') return true;
	const { client } = await clientFor(this);
	const url = webhookUrlOf(this);
	const mine = await call(this, async () => ours(await client.listWebhookSubscriptions(), url));
	for (const subscription of mine) {
		await call(this, async () => await client.deleteWebhookSubscription(subscription.id));
	}
	return true;
}

/** What n8n calls; `delete` is the name n8n looks up. */
export const subscriptionMethods = { checkExists, create, delete: deleteSubscription };

/** The action node's client: its transport uses only getCredentials and the HTTP helper. */
async function clientFor(context: IHookFunctions) {
	return await createClient(context as unknown as IExecuteFunctions);
}

function ours(list: { data: WebhookSubscription[] }, url: string): WebhookSubscription[] {
	return list.data.filter((subscription) => subscription.url === url);
}

function registrationOf(context: IHookFunctions): Registration {
	return context.getNodeParameter('registration', 'automatic') as Registration;
}

function eventsOf(context: IHookFunctions): WebhookEvent[] {
	return context.getNodeParameter('events', []) as WebhookEvent[];
}

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (url === undefined) {
		throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	}
	return url;
}

/** Runs one API call; a failure becomes a NodeApiError with the core's plain message. */
async function call<T>(context: IHookFunctions, send: () => Promise<T>): Promise<T> {
	try {
		return await send();
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
}
