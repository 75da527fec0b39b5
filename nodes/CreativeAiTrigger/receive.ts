// The trigger's webhook(): every delivery goes through the core's receive pipeline on the raw
// bytes n8n kept (`req.rawBody`) with the credential's signing secret.
// Rules it must not break:
// - A forged, altered or unsigned delivery is answered 401 with `noWebhookResponse`, so no
//   execution starts; nothing is parsed or recorded before the signature holds (the core's rule).
// - A duplicate (same signed id and status) is answered 200 and starts nothing.
// - The sender is answered before anything slow: with Download Output on, 200 goes out first and
//   the file is fetched afterwards (the sender waits 10 s; n8n Cloud cuts a request at 100 s).
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { WebhookEvent } from '../../src/core';
import { answer, attachOutput, receiveRequest } from '../CreativeAi/helpers/webhookDelivery';
import { dedupStoreFor } from './dedupStores';
import { itemFor } from './item';

export interface TriggerOptions {
	downloadOutput?: boolean;
	binaryPropertyName?: string;
}

export const IGNORED_BODY = 'ignored: event not selected';

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { result, response } = await receiveRequest(
		this,
		dedupStoreFor(this.getWorkflow().id ?? '', this.getNode().id, this.getMode()),
	);
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
