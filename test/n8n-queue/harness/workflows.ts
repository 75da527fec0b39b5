// Small builders for the workflows the cases import: nodes placed left to right and chained.
import { randomUUID } from 'node:crypto';

import type { WorkflowDefinition, WorkflowNode } from '../../n8n/harness/restClient';
import { CLAIMS_TABLE, POSTGRES_CREDENTIAL_NAME } from './postgresClaim';

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

/** A workflow whose nodes run one after another in the order given. */
export function chain(name: string, nodes: NodeSpec[]): WorkflowDefinition {
	const connections: Record<string, unknown> = {};
	nodes.slice(0, -1).forEach((node, i) => {
		connections[node.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return {
		name,
		nodes: nodes.map((node, i): WorkflowNode => ({
			id: randomUUID(),
			position: [i * 220, 0],
			...node,
		})),
		connections,
	};
}

export function webhookNode(path: string): NodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** n8n's Remove Duplicates, keeping only values not seen in previous executions. */
export function removeDuplicatesNode(keyExpression: string): NodeSpec {
	return {
		name: 'Remove Duplicates',
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: keyExpression,
			options: {},
		},
	};
}

/**
 * A claim in Postgres that holds under concurrency: the first INSERT of a key returns it, every
 * later one (whichever process runs it, however close in time) returns no row.
 */
export function postgresClaimNode(keyExpression: string, credentialId: string): NodeSpec {
	return {
		name: 'Claim In Postgres',
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		credentials: { postgres: { id: credentialId, name: POSTGRES_CREDENTIAL_NAME } },
		parameters: {
			operation: 'executeQuery',
			query: `insert into ${CLAIMS_TABLE} (delivery_key) values ($1) on conflict do nothing returning delivery_key`,
			options: { queryReplacement: keyExpression },
		},
	};
}
