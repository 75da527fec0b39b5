// Video → Get: a job by id, with its status, progress and output link.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../helpers/itemContext';
import { asJson } from '../../helpers/jobs';
import type { OperationDependencies } from '../node.type';

export const description: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'vgen_...',
		description: 'The ID of the video job, as Create returned it',
		displayOptions: { show: { resource: ['video'], operation: ['get'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData> {
	const id = this.getNodeParameter('id', item.itemIndex) as string;
	return { json: asJson(await client.getVideo(id, { signal: item.signal })) };
}
