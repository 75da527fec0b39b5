// Create → "Wait for Webhook": the job's `webhook_url` is this execution's resume URL, and the
// execution sleeps in n8n's database until the service calls it: no polling, no worker held, and
// it survives an n8n restart.
// Rules it must not break:
// - The resume URL is submitted exactly as n8n gives it (its `signature` query is n8n's own check).
// - Only a delivery that passes the core's receiveWebhook with the credential's secret resumes the
//   execution; anything else is answered with `noWebhookResponse`, which keeps it waiting.
// - One item per execution: n8n gives an execution one resume URL, and the first callback resumes
//   it, so a second item's job would be lost. Several items are refused before anything is paid.
// - When the limit passes without a callback, n8n resumes the node with its input items and the
//   node cannot change that, so the job id is kept in the execution's custom data.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkWebhookUrl, MemoryDedupStore } from '../../../src/core';
import type { CreativeAiCredentials } from '../transport';
import { asJson } from './jobs';
import type { WaitRequest } from './waitModes';
import { answer, attachOutput, receiveRequest } from './webhookDelivery';

/** Past the service's own 10-minute maximum wait, with room for its retries. */
export const DEFAULT_WEBHOOK_WAIT_MINUTES = 60;

/** Where the waiting job is recorded, readable as `$execution.customData` and in the REST API. */
export const JOB_ID_KEY = 'creativeAiJobId';
export const JOB_KIND_KEY = 'creativeAiJobKind';

export const WRONG_JOB_BODY = 'delivery is for another job';

/** Callbacks already accepted, so a repeat cannot resume a later execution reusing its URL. */
const resumed = new MemoryDedupStore({ clock: Date.now, maxEntries: 10_000 });

/**
 * The URL the job calls back: this execution's resume URL, checked against the callback-URL
 * policy. Throws before anything is submitted for several items, a Webhook URL of the user's
 * own, or a resume URL the service could not reach.
 */
export function resumeUrlFor(
	context: IExecuteFunctions,
	credentials: CreativeAiCredentials,
	itemIndex: number,
	userWebhookUrl: string | undefined,
): string {
	const node = context.getNode();
	if (context.getInputData().length > 1) {
		throw new NodeOperationError(
			node,
			'Wait for Webhook handles one item per execution, and this node received several',
			{
				itemIndex,
				description:
					'n8n gives an execution one resume URL, which the first finished job would use up. Choose "Poll Until Done" to wait for every item at once, or split the items into one execution each (for example with Execute Workflow). Nothing was submitted.',
			},
		);
	}
	if (userWebhookUrl !== undefined) {
		throw new NodeOperationError(node, 'Wait for Webhook sets the Webhook URL itself', {
			itemIndex,
			description:
				'The job calls this execution back on its resume URL. Remove the Webhook URL field, or choose another Wait for Completion mode. Nothing was submitted.',
		});
	}
	const resumeUrl = String(context.getWorkflowDataProxy(itemIndex).$execution.resumeUrl);
	const verdict = checkWebhookUrl(resumeUrl, {
		allowPrivate: credentials.allowPrivateCallbackUrls === true,
	});
	if (!verdict.ok) {
		throw new NodeOperationError(node, "n8n's resume URL cannot be used as the job's webhook", {
			itemIndex,
			description: `${verdict.message} n8n builds the resume URL from its WEBHOOK_URL setting: set it to the public address of this n8n. Nothing was submitted.`,
		});
	}
	// As given, not normalised: n8n checks the signature in its query.
	return resumeUrl;
}

export async function waitForWebhook(request: WaitRequest): Promise<INodeExecutionData> {
	const { context, job, kind, item } = request;
	const minutes = Number(
		context.getNodeParameter('webhookWaitMinutes', item.itemIndex, DEFAULT_WEBHOOK_WAIT_MINUTES),
	);
	context.customData.set(JOB_ID_KEY, job.id);
	context.customData.set(JOB_KIND_KEY, kind);
	await context.putExecutionToWait(new Date(Date.now() + minutes * 60_000));
	return { json: asJson(job) };
}

/** The node's webhook(): the callback that resumes a waiting execution. */
export async function resumeOnWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { result, response } = await receiveRequest(this, resumed);
	if (result.outcome !== 'accepted') return answer(response, result);
	const waitingFor = waitingJobId(this);
	if (waitingFor && waitingFor !== result.event.generationId) {
		return answer(response, { status: 400, body: WRONG_JOB_BODY });
	}
	const item: INodeExecutionData = { json: asJson(result.event.payload) };
	const download = this.getNodeParameter('downloadOutput', false) === true;
	if (!download || result.event.payload.output_url === null) {
		return { webhookResponse: result.body, workflowData: [[item]] };
	}
	answer(response, result);
	const property = String(this.getNodeParameter('binaryPropertyName', 'data') || 'data');
	await attachOutput(this, item, result.event, property);
	return { noWebhookResponse: true, workflowData: [[item]] };
}

/** The job this execution waits for, when n8n hands the webhook its custom data. */
function waitingJobId(context: IWebhookFunctions): string | undefined {
	try {
		return context.customData?.get(JOB_ID_KEY) || undefined;
	} catch {
		return undefined;
	}
}
