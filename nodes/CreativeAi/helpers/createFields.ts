// The fields every Create operation shows below its own: Wait for Completion and what it needs,
// and the Options that shape the whole run (concurrency, idempotency, poll interval).
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from './runItems';
import {
	DEFAULT_MAX_WAIT_MINUTES,
	DEFAULT_POLL_INTERVAL_SECONDS,
	waitModeOptions,
} from './waitModes';
import { DEFAULT_WEBHOOK_WAIT_MINUTES } from './webhookWait';

export function createFields(resource: 'video' | 'voice'): INodeProperties[] {
	const create = { resource: [resource], operation: ['create'] };
	const polling = { ...create, waitMode: ['poll'] };
	const webhook = { ...create, waitMode: ['webhook'] };
	const waiting = { ...create, waitMode: ['poll', 'webhook'] };
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitMode',
			type: 'options',
			options: waitModeOptions,
			default: 'none',
			description: 'Whether and how to wait for the job to finish before the node outputs it',
			displayOptions: { show: create },
		},
		{
			displayName: 'Maximum Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_WAIT_MINUTES,
			description: 'Stop waiting after this long; the job keeps running and can be read with Get',
			hint: "n8n's own execution timeout, if your instance sets one, may end the run first",
			displayOptions: { show: polling },
		},
		{
			displayName:
				'The execution pauses until CreativeAI calls its resume URL (n8n must be reachable at its WEBHOOK_URL). If the limit below passes first, the node outputs its input unchanged: the job ID is in the execution\'s custom data ("creativeAiJobId"); read the job with Get.',
			name: 'webhookWaitNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: webhook },
		},
		{
			displayName: 'Wait Limit (Minutes)',
			name: 'webhookWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WEBHOOK_WAIT_MINUTES,
			description:
				'Resume without a callback after this long. The service fails a job itself after 10 minutes, so the default leaves room for its retries.',
			displayOptions: { show: webhook },
		},
		{
			displayName: 'Download Output',
			name: 'downloadOutput',
			type: 'boolean',
			default: false,
			description: 'Whether to add the finished file to the item as binary data',
			displayOptions: { show: waiting },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			description: 'The name of the binary field to put the file in',
			displayOptions: { show: { ...waiting, downloadOutput: [true] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: create },
			options: [
				{
					displayName: 'Concurrency',
					name: 'concurrency',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 100 },
					default: DEFAULT_CONCURRENCY,
					description:
						'How many items are submitted and waited for at once. With it at least the number of items, all of them finish in about one render time.',
				},
				{
					displayName: 'Idempotency Key',
					name: 'idempotencyKey',
					type: 'string',
					default: '',
					description:
						'Your own key for this item, such as a row ID: running the workflow again with the same key and the same request returns the job already created instead of paying for a second one. Empty: keyed by execution and item, which covers Retry On Fail.',
				},
				{
					displayName: 'Poll Interval (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_POLL_INTERVAL_SECONDS,
					description:
						'The shortest gap between two checks of a job; longer while the service expects the job to take a while',
				},
			],
		},
	];
}
