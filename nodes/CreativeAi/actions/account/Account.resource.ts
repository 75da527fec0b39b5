// The Account resource: the credit balance.
import type { INodeProperties } from 'n8n-workflow';

import type { CreativeAiType, OperationModule } from '../node.type';
import * as get from './get.operation';

export const operations: Record<CreativeAiType['account'], OperationModule> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the credit balance of the account',
				action: 'Get the account',
			},
		],
		default: 'get',
	},
	...get.description,
];
