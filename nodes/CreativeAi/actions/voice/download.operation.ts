// Voice → Download: a completed job's WAV as binary data.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../helpers/itemContext';
import { withOutputFile } from '../../helpers/outputFile';
import type { OperationDependencies } from '../node.type';

const showOnlyForVoiceDownload = { show: { resource: ['voice'], operation: ['download'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Voice ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'voice_...',
		description: 'The ID of a completed voice job',
		displayOptions: showOnlyForVoiceDownload,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'The name of the binary field to put the file in',
		displayOptions: showOnlyForVoiceDownload,
	},
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const job = await client.getVoice(this.getNodeParameter('id', i) as string, {
		signal: item.signal,
	});
	item.jobId = job.id;
	return await withOutputFile({
		context: this,
		client,
		kind: 'voice',
		job,
		binaryPropertyName: this.getNodeParameter('binaryPropertyName', i) as string,
		itemIndex: i,
		signal: item.signal,
	});
}
