// Workflows the tests and the benchmark import: a Webhook trigger (so a run is one HTTP call,
// headless), a Split Out that turns the posted `rows` into items, then the node under test.
import { randomUUID } from 'node:crypto';

import type { WorkflowDefinition, WorkflowNode } from './restClient';

/** n8n loads nodes from N8N_CUSTOM_EXTENSIONS under the CUSTOM prefix. */
export const CREATIVE_AI_NODE_TYPE = 'CUSTOM.creativeAi';
export const CREATIVE_AI_NODE_NAME = 'CreativeAI';

export type ResponseMode = 'lastNode' | 'onReceived';

export interface RowsWorkflowOptions {
	name: string;
	/** The node(s) after Split Out; the first one gets the rows. */
	action: WorkflowNode;
	/** `lastNode`: the webhook call returns the last node's items; `onReceived`: it returns at once. */
	responseMode?: ResponseMode;
}

export interface RowsWorkflow {
	definition: WorkflowDefinition;
	/** The production webhook path (POST {rows: [...]} to /webhook/<path>). */
	path: string;
}

export function rowsWorkflow(options: RowsWorkflowOptions): RowsWorkflow {
	const path = `rows-${randomUUID()}`;
	const webhook: WorkflowNode = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: options.responseMode ?? 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const split: WorkflowNode = {
		id: randomUUID(),
		name: 'Rows',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.rows', options: {} },
	};
	const action = { ...options.action, position: [440, 0] as [number, number] };
	return {
		path,
		definition: {
			name: options.name,
			nodes: [webhook, split, action],
			connections: {
				Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
				Rows: { main: [[{ node: action.name, type: 'main', index: 0 }]] },
			},
		},
	};
}

export interface CredentialRef {
	id: string;
	name: string;
}

/** The CreativeAI node with `parameters`, using the credential `credential`. */
export function creativeAiNode(
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		id: randomUUID(),
		name: CREATIVE_AI_NODE_NAME,
		type: CREATIVE_AI_NODE_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: { creativeAiApi: credential },
		...extra,
	};
}

/** n8n's own HTTP Request node posting each row as it is, with a Bearer header. */
export function httpRequestNode(url: string, apiKey: string): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [440, 0],
		parameters: {
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${apiKey}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json.request) }}',
			options: {},
		},
	};
}
