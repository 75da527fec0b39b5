// Account → Get: the credit balance.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../helpers/itemContext';
import { asJson } from '../../helpers/jobs';
import type { OperationDependencies } from '../node.type';

export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
	{ client }: OperationDependencies,
): Promise<INodeExecutionData> {
	return { json: asJson(await client.getAccount({ signal: item.signal })) };
}
