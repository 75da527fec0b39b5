// Video → Download: a completed job's MP4 as binary data.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../helpers/itemContext';
import { withOutputFile } from '../../helpers/outputFile';
import type { OperationDependencies } from '../node.type';

const showOnlyForVideoDownload = { show: { resource: ['video'], operation: ['download'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'vgen_...',
		description: 'The ID of a completed video job',
		displayOptions: showOnlyForVideoDownload,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'The name of the binary field to put the file in',
		displayOptions: showOnlyForVideoDownload,
	},
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const job = await client.getVideo(this.getNodeParameter('id', i) as string, {
		signal: item.signal,
	});
	item.jobId = job.id;
	return await withOutputFile({
		context: this,
		client,
		kind: 'video',
		job,
		binaryPropertyName: this.getNodeParameter('binaryPropertyName', i) as string,
		itemIndex: i,
		signal: item.signal,
	});
}
