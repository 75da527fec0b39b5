// The Video resource: its operations dropdown and the operation modules.
import type { INodeProperties } from 'n8n-workflow';

import type { CreativeAiType, OperationModule } from '../node.type';
import * as create from './create.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<CreativeAiType['video'], OperationModule> = {
	create,
	download,
	get,
	getAll,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a video job from a prompt (and optionally an image)',
				action: 'Create a video',
			},
			{
				name: 'Download',
				value: 'download',
				description: "Download a completed video's file",
				action: 'Download a video',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a video job by ID',
				action: 'Get a video',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List video jobs, newest first',
				action: 'Get many videos',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...download.description,
];
