// The Voice resource: its operations dropdown and the operation modules.
import type { INodeProperties } from 'n8n-workflow';

import type { CreativeAiType, OperationModule } from '../node.type';
import * as create from './create.operation';
import * as download from './download.operation';
import * as get from './get.operation';

export const operations: Record<CreativeAiType['voice'], OperationModule> = {
	create,
	download,
	get,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a voice job from a text',
				action: 'Create a voice',
			},
			{
				name: 'Download',
				value: 'download',
				description: "Download a completed voice's audio file",
				action: 'Download a voice',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a voice job by ID',
				action: 'Get a voice',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...download.description,
];
