// Download Output for the trigger: the finished job's file as binary data on the item. Runs after
// the sender has been answered. Rule: a failed download never loses the delivery; the item still
// starts the workflow, with `downloadError` saying what happened, and the job id to fetch it
// again with the CreativeAI node's Download.
import type { IBinaryData, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { ReceivedEvent } from '../../src/core';
import { outputFileName } from './item';

interface FullResponse {
	headers: Record<string, unknown>;
	body: unknown;
}

export async function attachOutput(
	context: IWebhookFunctions,
	item: INodeExecutionData,
	event: ReceivedEvent,
	propertyName: string,
): Promise<void> {
	const url = event.payload.output_url;
	if (url === null) return;
	try {
		const response = (await context.helpers.httpRequest({
			url,
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
		})) as FullResponse;
		const mimeType = contentTypeOf(response.headers);
		const data = Buffer.from(response.body as ArrayBuffer);
		const binary: IBinaryData = await context.helpers.prepareBinaryData(
			data,
			outputFileName(event.generationId, mimeType),
			mimeType,
		);
		item.binary = { [propertyName]: binary };
	} catch (error) {
		const status = (error as { httpCode?: string } | null)?.httpCode;
		item.json.downloadError =
			`Could not download the output of ${event.generationId}` +
			(status ? ` (HTTP ${status})` : '') +
			'. Fetch it with the CreativeAI node: Download, with this job id.';
	}
}

function contentTypeOf(headers: Record<string, unknown>): string | undefined {
	const value = headers['content-type'];
	return typeof value === 'string' ? value.split(';')[0].trim() : undefined;
}
