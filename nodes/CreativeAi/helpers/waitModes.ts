// "Wait for Completion" of the Create operations: every mode in one table, so adding one (Wait
// for webhook, next) is a new row here and a new option in `waitModeOptions`.
// Rule: a mode only waits for and reads the job it is handed; it never submits it again.
import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { waitForCompletion, type CreativeAiClient, type Generation } from '../../../src/core';
import type { CreativeAiCredentials } from '../transport';
import type { ItemContext } from './itemContext';
import { asJson, type JobKind } from './jobs';
import { withOutputFile } from './outputFile';
import { waitForWebhook } from './webhookWait';

export const DEFAULT_MAX_WAIT_MINUTES = 15;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;

export interface WaitRequest {
	context: IExecuteFunctions;
	client: CreativeAiClient;
	credentials: CreativeAiCredentials;
	kind: JobKind;
	/** The accepted job, as the create answered it. */
	job: Generation;
	item: ItemContext;
}

export type WaitHandler = (request: WaitRequest) => Promise<INodeExecutionData>;

export const waitModeOptions: INodePropertyOptions[] = [
	{
		name: "Don't Wait",
		value: 'none',
		description: 'Output the accepted job at once; read it later with Get',
	},
	{
		name: 'Poll Until Done',
		value: 'poll',
		description: 'Check the job until it completes or fails, then output it',
	},
	{
		name: 'Wait for Webhook',
		value: 'webhook',
		description:
			'Pause the execution until CreativeAI calls it back: no polling, survives a restart (one item per execution)',
	},
];

async function dontWait({ job }: WaitRequest): Promise<INodeExecutionData> {
	return { json: asJson(job) };
}

async function pollUntilDone(request: WaitRequest): Promise<INodeExecutionData> {
	const { context, client, kind, item } = request;
	const i = item.itemIndex;
	const maxWaitMinutes = context.getNodeParameter('maxWaitMinutes', i, DEFAULT_MAX_WAIT_MINUTES);
	const options = context.getNodeParameter('options', i, {}) as { pollIntervalSeconds?: number };
	const done = await waitForCompletion(client, request.job, {
		timeoutMs: Number(maxWaitMinutes) * 60_000,
		intervalMs: (options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
		signal: item.signal,
	});
	if (!context.getNodeParameter('downloadOutput', i, false)) return { json: asJson(done) };
	return await withOutputFile({
		context,
		client,
		kind,
		job: done,
		binaryPropertyName: context.getNodeParameter('binaryPropertyName', i, 'data') as string,
		itemIndex: i,
		signal: item.signal,
	});
}

const waitHandlers: Record<string, WaitHandler> = {
	none: dontWait,
	poll: pollUntilDone,
	webhook: waitForWebhook,
};

export function waitHandlerFor(
	context: IExecuteFunctions,
	mode: string,
	itemIndex: number,
): WaitHandler {
	const handler = waitHandlers[mode];
	if (handler === undefined) {
		throw new NodeOperationError(context.getNode(), `Unknown Wait for Completion mode "${mode}"`, {
			itemIndex,
		});
	}
	return handler;
}
