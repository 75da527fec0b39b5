// What the CreativeAI Trigger and Create's "Wait for Webhook" share when a delivery arrives: the
// signing secret, the raw request, the answer to the sender and the optional download.
// Rules: a delivery is checked on the raw bytes n8n kept (`req.rawBody`), never on a parsed body;
// every refusal is answered here with `noWebhookResponse`, so no execution starts or resumes; the
// sender is answered before anything slow (it waits 10 s; n8n Cloud cuts a request at 100 s).
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	receiveWebhook,
	type DedupStore,
	type Generation,
	type ReceivedEvent,
	type ReceiveResult,
} from '../../../src/core';
import { createClient, CREDENTIAL_NAME, type CreativeAiCredentials } from '../transport';
import { withOutputFile } from './outputFile';

/** The parts of n8n's (Express) request the receivers read. */
export interface RawRequest {
	rawBody?: Uint8Array;
	headers: Record<string, string | string[] | undefined>;
}

/** The parts of n8n's (Express) response the receivers write. */
export interface PlainResponse {
	setHeader(name: string, value: string): unknown;
	status(code: number): PlainResponse;
	type(contentType: string): PlainResponse;
	send(body: string): unknown;
}

/** The webhook secret when one is set, else the API key, which is what the service signs with. */
export function signingSecret(credentials: CreativeAiCredentials): string {
	const secret = credentials.webhookSecret?.trim();
	return secret ? secret : credentials.apiKey;
}

/**
 * Runs the core's receive pipeline on this request's raw bytes with the credential's signing
 * secret and `store` for de-duplication; the caller answers with `answer` unless it is accepted.
 */
export async function receiveRequest(
	context: IWebhookFunctions,
	store: DedupStore,
): Promise<{ result: ReceiveResult; response: PlainResponse }> {
	const request = context.getRequestObject() as RawRequest;
	const credentials = await context.getCredentials<CreativeAiCredentials>(CREDENTIAL_NAME);
	const result = await receiveWebhook({
		rawBody: request.rawBody ?? '',
		headers: request.headers,
		secrets: signingSecret(credentials),
		store,
	});
	return { result, response: context.getResponseObject() as PlainResponse };
}

/** Sends `status` and a fixed body (never anything taken from the request). */
export function answer(
	response: PlainResponse,
	result: Pick<ReceiveResult, 'status' | 'body'> & { retryAfterSeconds?: number },
): IWebhookResponseData {
	if (result.retryAfterSeconds !== undefined) {
		response.setHeader('Retry-After', String(result.retryAfterSeconds));
	}
	response.status(result.status).type('text/plain').send(result.body);
	return { noWebhookResponse: true };
}

/**
 * Adds the finished file to `item` as binary data (the action node's Download, with its fresh-link
 * retry). A failed download never loses the delivery: the item keeps going with `downloadError`.
 */
export async function attachOutput(
	context: IWebhookFunctions,
	item: INodeExecutionData,
	event: ReceivedEvent,
	binaryPropertyName: string,
): Promise<void> {
	// The transport and the download use only getCredentials, getNode and the HTTP and binary
	// helpers, which a webhook context has as well.
	const execute = context as unknown as IExecuteFunctions;
	try {
		const { client } = await createClient(execute);
		const downloaded = await withOutputFile({
			context: execute,
			client,
			kind: event.payload.object === 'video.generation' ? 'video' : 'voice',
			job: event.payload as unknown as Generation,
			binaryPropertyName,
			itemIndex: 0,
		});
		item.binary = downloaded.binary;
	} catch (error) {
		(item.json as IDataObject).downloadError =
			`${error instanceof Error ? error.message : 'The download failed.'} ` +
			`Fetch the file with the CreativeAI node's Download and job ${event.generationId}.`;
	}
}
