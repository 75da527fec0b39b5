// What video and voice Create share: read the item's request, check its webhook URL with the
// core's policy, submit it under the item's Idempotency-Key, then hand the job to the chosen
// Wait for Completion mode.
// Rules: the URL is checked before anything is submitted; the job id is recorded on the item the
// moment the job exists, so any later failure quotes it.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	checkWebhookUrl,
	type CreateOptions,
	type CreativeAiClient,
	type Generation,
} from '../../../src/core';
import type { OperationDependencies } from '../actions/node.type';
import { idempotencyKeyFor } from './idempotencyKey';
import type { ItemContext } from './itemContext';
import type { JobKind } from './jobs';
import { waitHandlerFor } from './waitModes';
import { resumeUrlFor } from './webhookWait';

export interface CreateSpec<Request extends { webhook_url?: string }> {
	kind: JobKind;
	readRequest(context: IExecuteFunctions, itemIndex: number): Request;
	submit(client: CreativeAiClient, request: Request, options: CreateOptions): Promise<Generation>;
}

export async function createJob<Request extends { webhook_url?: string }>(
	context: IExecuteFunctions,
	spec: CreateSpec<Request>,
	item: ItemContext,
	{ client, credentials }: OperationDependencies,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const request = spec.readRequest(context, i);
	const waitMode = context.getNodeParameter('waitMode', i, 'none') as string;
	if (waitMode === 'webhook') {
		request.webhook_url = resumeUrlFor(context, credentials, i, request.webhook_url);
	} else if (request.webhook_url !== undefined) {
		const verdict = checkWebhookUrl(request.webhook_url, {
			allowPrivate: credentials.allowPrivateCallbackUrls === true,
		});
		if (!verdict.ok) {
			throw new NodeOperationError(context.getNode(), `Webhook URL: ${verdict.message}`, {
				itemIndex: i,
				description: `Refused before submitting (${verdict.reason}), so nothing was charged.`,
			});
		}
		request.webhook_url = verdict.url;
	}
	const wait = waitHandlerFor(context, waitMode, i);
	const options = context.getNodeParameter('options', i, {}) as { idempotencyKey?: string };
	const idempotencyKey = idempotencyKeyFor({
		kind: spec.kind,
		request,
		executionId: context.getExecutionId(),
		nodeId: context.getNode().id,
		itemIndex: i,
		userKey: options.idempotencyKey,
	});
	const job = await spec.submit(client, request, { idempotencyKey, signal: item.signal });
	item.jobId = job.id;
	return await wait({ context, client, credentials, kind: spec.kind, job, item });
}
