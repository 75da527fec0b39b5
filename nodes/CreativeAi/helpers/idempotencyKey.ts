// The Idempotency-Key of one item's create. Rule: the same item of the same execution asking for
// the same job gets the same key, so n8n's Retry On Fail (and any retry of ours) returns the job
// already paid for instead of a second one. A user's own key (a row id) replaces the execution
// and the item position, so a re-run of the workflow finds the same jobs.
import { createHash } from 'crypto';

export interface IdempotencyScope {
	kind: 'video' | 'voice';
	/** The request body as sent: a changed request is a new job, never a conflict. */
	request: unknown;
	executionId: string;
	nodeId: string;
	itemIndex: number;
	/** The node's Idempotency Key option for this item; empty means none. */
	userKey?: string;
}

export function idempotencyKeyFor(scope: IdempotencyScope): string {
	const userKey = scope.userKey?.trim() ?? '';
	const owner =
		userKey !== ''
			? ['user', userKey]
			: ['execution', scope.executionId, scope.nodeId, String(scope.itemIndex)];
	const digest = createHash('sha256')
		.update(JSON.stringify([...owner, scope.kind, scope.request]))
		.digest('hex');
	return `n8n-${digest}`;
}
