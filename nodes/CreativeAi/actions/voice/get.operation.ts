// Voice → Get: a job by id, with its status and output link.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../helpers/itemContext';
import { asJson } from '../../helpers/jobs';
import type { OperationDependencies } from '../node.type';

export const description: INodeProperties[] = [
	{
		displayName: 'Voice ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'voice_...',
		description: 'The ID of the voice job, as Create returned it',
		displayOptions: { show: { resource: ['voice'], operation: ['get'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData> {
	const id = this.getNodeParameter('id', item.itemIndex) as string;
	return { json: asJson(await client.getVoice(id, { signal: item.signal })) };
}
