// Video → Get Many: the account's video jobs, newest first, optionally of one status; all of
// them (page after page) or up to a limit.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GenerationStatus, VideoGeneration } from '../../../../src/core';
import type { ItemContext } from '../../helpers/itemContext';
import { asJson } from '../../helpers/jobs';
import type { OperationDependencies } from '../node.type';

/** The API's largest page. */
const PAGE_SIZE = 100;

const showOnlyForVideoGetAll = { show: { resource: ['video'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showOnlyForVideoGetAll,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showOnlyForVideoGetAll.show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showOnlyForVideoGetAll,
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Completed', value: 'completed' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Processing', value: 'processing' },
				],
				default: 'completed',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData[]> {
	const i = item.itemIndex;
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const { status } = this.getNodeParameter('filters', i, {}) as { status?: GenerationStatus };
	const videos: VideoGeneration[] = [];
	let startingAfter: string | undefined;
	for (;;) {
		const page = await client.listVideos(
			{
				limit: Math.min(PAGE_SIZE, limit - videos.length),
				status,
				starting_after: startingAfter,
			},
			{ signal: item.signal },
		);
		videos.push(...page.data);
		if (!page.has_more || page.data.length === 0 || videos.length >= limit) break;
		startingAfter = page.data[page.data.length - 1].id;
	}
	return videos.slice(0, limit).map((video) => ({ json: asJson(video) }));
}
