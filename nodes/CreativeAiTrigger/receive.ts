// The trigger's webhook(): every delivery goes through the core's receive pipeline on the raw
// bytes n8n kept (`req.rawBody`) with the credential's signing secret.
// Rules it must not break:
// - A forged, altered or unsigned delivery is answered 401 with `noWebhookResponse`, so no
//   execution starts; nothing is parsed or recorded before the signature holds (the core's rule).
// - A duplicate (same signed id and status) is answered 200 and starts nothing.
// - The sender is answered before anything slow: with Download Output on, 200 goes out first and
//   the file is fetched afterwards (the sender waits 10 s; n8n Cloud cuts a request at 100 s).
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { receiveWebhook, type ReceiveResult, type WebhookEvent } from '../../src/core';
import { CREDENTIAL_NAME, signingSecret, type CreativeAiCredentials } from './credentials';
import { dedupStoreFor } from './dedupStores';
import { attachOutput } from './download';
import { itemFor } from './item';

export interface TriggerOptions {
	downloadOutput?: boolean;
	binaryPropertyName?: string;
}

/** The parts of n8n's (Express) request and response the trigger uses. */
interface RawRequest {
	rawBody?: Uint8Array;
	headers: Record<string, string | string[] | undefined>;
}
interface PlainResponse {
	setHeader(name: string, value: string): unknown;
	status(code: number): PlainResponse;
	type(contentType: string): PlainResponse;
	send(body: string): unknown;
}

export const IGNORED_BODY = 'ignored: event not selected';

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as RawRequest;
	const response = this.getResponseObject() as PlainResponse;
	const credentials = await this.getCredentials<CreativeAiCredentials>(CREDENTIAL_NAME);
	const result = await receiveWebhook({
		rawBody: request.rawBody ?? '',
		headers: request.headers,
		secrets: signingSecret(credentials),
		store: dedupStoreFor(this.getWorkflow().id ?? '', this.getNode().id, this.getMode()),
	});
	if (result.outcome !== 'accepted') return answer(response, result);

	const chosen = this.getNodeParameter('events', []) as WebhookEvent[];
	if (!chosen.includes(result.event.event)) {
		return answer(response, { status: 200, body: IGNORED_BODY });
	}
	const item = itemFor(result.event);
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	if (options.downloadOutput !== true || result.event.payload.output_url === null) {
		return { webhookResponse: result.body, workflowData: [[item]] };
	}
	answer(response, result);
	await attachOutput(this, item, result.event, options.binaryPropertyName || 'data');
	return { noWebhookResponse: true, workflowData: [[item]] };
}

/** Sends `status` and the pipeline's fixed body (never anything from the request). */
function answer(
	response: PlainResponse,
	result: Pick<ReceiveResult, 'status' | 'body'> & { retryAfterSeconds?: number },
): IWebhookResponseData {
	if (result.retryAfterSeconds !== undefined) {
		response.setHeader('Retry-After', String(result.retryAfterSeconds));
	}
	response.status(result.status).type('text/plain').send(result.body);
	return { noWebhookResponse: true };
}
